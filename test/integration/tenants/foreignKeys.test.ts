// The foreign keys of many schemas, read from InnoDB's dictionary, against the one-database read
// (KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS) of each schema on the real server: the same
// models, rules and order; and the views are read instead when the dictionary is refused (no
// PROCESS privilege) or a name is spelled in the server's file-name encoding.
import * as assert from 'node:assert/strict';
import { openDatabase } from '../../../src/core/db/database';
import { buildLiveTables, readInformationSchema, readLiveTables, type InformationSchemaQuery } from '../../../src/core/structure/live';
import { createTestUser, rootConnectionOptions, uniqueDatabaseName, withServer, type TestUser } from '../../support/database';

const q = (name: string) => `\`${name.replace(/`/g, '``')}\``;

const ddl = [
  'CREATE TABLE users (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, code INT NOT NULL, UNIQUE KEY users_code_id (code, id)) ENGINE=InnoDB',
  // Constraint names whose binary and case-blind orders differ (`fk_`, `fkp`, `Fkz`), every rule, two columns.
  `CREATE TABLE posts (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, user_id BIGINT UNSIGNED NULL, editor_id BIGINT UNSIGNED NULL, code INT NULL, owner_id BIGINT UNSIGNED NULL,
     CONSTRAINT posts_fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE,
     CONSTRAINT posts_fkpair FOREIGN KEY (code, owner_id) REFERENCES users (code, id) ON DELETE SET NULL ON UPDATE NO ACTION,
     CONSTRAINT posts_Fkz FOREIGN KEY (editor_id) REFERENCES users (id) ON DELETE NO ACTION ON UPDATE SET NULL) ENGINE=InnoDB`,
  'CREATE TABLE comments (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, post_id BIGINT UNSIGNED NOT NULL, FOREIGN KEY (post_id) REFERENCES posts (id)) ENGINE=InnoDB',
];

function counting(query: InformationSchemaQuery, sent: string[]): InformationSchemaQuery {
  return (sql, params) => {
    sent.push(sql);
    return query(sql, params);
  };
}

describe('foreign keys of many schemas from the InnoDB dictionary', function () {
  this.timeout(300_000);
  const prefix = uniqueDatabaseName('md_tenants_fk');
  const plain = [`${prefix}_a`, `${prefix}_b`];
  const encoded = `${prefix}-c`;
  let user: TestUser | undefined;
  before(async () => {
    await withServer(async (connection) => {
      for (const name of [...plain, encoded]) {
        await connection.query(`CREATE DATABASE ${q(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
        for (const statement of ddl) await connection.query(statement.replace(/^CREATE TABLE /, `CREATE TABLE ${q(name)}.`).replace(/REFERENCES (\w+)/g, `REFERENCES ${q(name)}.$1`));
      }
      // One tenant's rule changed by hand.
      await connection.query(`ALTER TABLE ${q(plain[1]!)}.comments ADD CONSTRAINT comments_post_cascade FOREIGN KEY (post_id) REFERENCES ${q(plain[1]!)}.posts (id) ON DELETE CASCADE`);
    });
  });
  after(async () => {
    await user?.drop();
    await withServer(async (connection) => {
      for (const name of [...plain, encoded]) await connection.query(`DROP DATABASE IF EXISTS ${q(name)}`);
    });
  });

  async function oneByOne(names: readonly string[], options = rootConnectionOptions): Promise<Map<string, unknown>> {
    const result = new Map<string, unknown>();
    for (const name of names) {
      const db = await openDatabase(options(name));
      try {
        result.set(name, await readLiveTables(db));
      } finally {
        await db.close();
      }
    }
    return result;
  }

  async function together(names: readonly string[], database = names[0]!, options = rootConnectionOptions): Promise<{ models: Map<string, unknown>; sent: string[] }> {
    const db = await openDatabase(options(database));
    const sent: string[] = [];
    try {
      const bySchema = await readInformationSchema(counting((sql, params) => db.query(sql, params), sent), Promise.resolve(true), names);
      return { models: new Map(names.map((name) => [name, buildLiveTables(bySchema.get(name)!)])), sent };
    } finally {
      await db.close();
    }
  }

  it('gives each schema the foreign keys its own read gives, without KEY_COLUMN_USAGE', async () => {
    const { models, sent } = await together(plain);
    assert.deepEqual(models, await oneByOne(plain));
    assert.ok(sent.some((sql) => sql.includes('INNODB_SYS_FOREIGN')));
    assert.ok(!sent.some((sql) => sql.includes('KEY_COLUMN_USAGE')));
    const posts = (models.get(plain[0]!) as Map<string, { foreignKeys: { name: string }[] }>).get('posts')!;
    assert.deepEqual(posts.foreignKeys.map((fk) => fk.name), ['posts_fkpair', 'posts_Fkz', 'posts_fk_user']);
  });

  it('reads the views for a schema name the dictionary spells in its file-name encoding', async () => {
    const { models, sent } = await together([...plain, encoded]);
    assert.deepEqual(models, await oneByOne([...plain, encoded]));
    assert.ok(sent.some((sql) => sql.includes('KEY_COLUMN_USAGE')));
  });

  it('reads the views when the dictionary is refused (an account without PROCESS)', async () => {
    user = await createTestUser(plain[0]!, ['SELECT']);
    const options = () => user!.options;
    const { models, sent } = await together([plain[0]!], plain[0], options);
    assert.deepEqual(models, await oneByOne([plain[0]!], options));
    assert.ok(sent.some((sql) => sql.includes('INNODB_SYS_FOREIGN')));
    assert.ok(sent.some((sql) => sql.includes('KEY_COLUMN_USAGE')));
  });
});
