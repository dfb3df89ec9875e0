// The queries of a status snapshot: the server's kind from its greeting (no VERSION() on MariaDB),
// and the names of all tables read with the live structures (one TABLES query, not two); what the
// snapshot finds is what the separate queries find.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Database } from '../../../src/core/db/database';
import { takeSnapshot } from '../../../src/core/status/engine';
import { loadStatusInput } from '../../../src/core/status/inputs';
import { isMariaDb, readLiveTables } from '../../../src/core/structure/live';
import { isMariaDbVersion } from '../../../src/core/structure/normalise';
import { builtInTables } from '../../../src/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { translateOptionsFor } from '../../support/laravelVersions';

const migration = (table: string) => `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n`
  + `return new class extends Migration\n{\n    public function up()\n    {\n        Schema::create('${table}', function (Blueprint $table) {\n            $table->id();\n            $table->string('name');\n        });\n    }\n};\n`;

/** The same connection, counting the queries it is sent. */
function counting(db: Database): Database & { sent: string[] } {
  const sent: string[] = [];
  return {
    options: db.options,
    ...(db.serverVersion !== undefined ? { serverVersion: db.serverVersion } : {}),
    sent,
    query: <Row>(sql: string, params?: readonly unknown[]) => {
      sent.push(sql);
      return db.query<Row>(sql, params);
    },
    execute: (sql: string, params?: readonly unknown[]) => db.execute(sql, params),
    close: () => db.close(),
  };
}

describe('status snapshot: its queries', function () {
  this.timeout(120_000);
  let test: TestDatabase;
  let db: Database;
  let folder: string;

  before(async () => {
    test = await createTestDatabase('md_status_queries');
    db = await test.open();
    folder = mkdtempSync(path.join(tmpdir(), 'md-status-queries-'));
    for (const [i, table] of ['users', 'posts', 'Tags', 'gone'].entries()) writeFileSync(path.join(folder, `2024_01_0${i + 1}_000000_create_${table.toLowerCase()}_table.php`), migration(table));
    await db.execute('CREATE TABLE migrations (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NOT NULL)');
    await db.execute('CREATE TABLE users (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(255) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci');
    await db.execute('CREATE TABLE posts (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, title TEXT) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci');
    // A name spelt otherwise than the migration's, a table no migration creates, and a view.
    await db.execute('CREATE TABLE tags (id INT) ENGINE=InnoDB');
    await db.execute('CREATE TABLE extra (id INT) ENGINE=InnoDB');
    await db.execute('CREATE VIEW user_names AS SELECT name FROM users');
    await db.execute("INSERT INTO migrations (migration, batch) VALUES ('2024_01_01_000000_create_users_table', 1), ('2024_01_02_000000_create_posts_table', 1), ('2024_01_04_000000_create_gone_table', 1)");
  });
  after(async () => {
    await db?.close();
    await test?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("takes the server's kind from the greeting when it names MariaDB, as VERSION() would say", async () => {
    const [{ version }] = await db.query<{ version: string }>('SELECT VERSION() AS version');
    assert.equal(typeof db.serverVersion, 'string', 'mysql2 keeps the greeting');
    assert.ok(db.serverVersion!.endsWith(version), `${db.serverVersion} names ${version}`);
    const fresh = counting(db);
    assert.equal(await isMariaDb(fresh), isMariaDbVersion(version));
    assert.deepEqual(fresh.sent, isMariaDbVersion(version) ? [] : ['SELECT VERSION() AS version']);
  });

  it('finds the tables and structures the separate queries find, in one TABLES query', async () => {
    const input = await loadStatusInput([folder], translateOptionsFor('8.83'), builtInTables);
    const connection = counting(db);
    const snapshot = await takeSnapshot(connection, input);
    const listed = await db.query<{ name: string }>('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()');
    assert.deepEqual([...snapshot.liveTables].sort(), listed.map((row) => row.name).sort());
    assert.deepEqual(snapshot.liveStructures, await readLiveTables(db, ['Tags', 'gone', 'posts', 'users']));
    assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state]), [
      ['2024_01_01_000000_create_users_table', 'ran'],
      ['2024_01_02_000000_create_posts_table', 'schema-drift'],
      ['2024_01_03_000000_create_tags_table', 'pending'],
      ['2024_01_04_000000_create_gone_table', 'ran-table-missing'],
    ]);
    assert.equal(connection.sent.filter((sql) => /information_schema\.TABLES/.test(sql)).length, 1, connection.sent.join('\n'));
    assert.equal(snapshot.queries, connection.sent.length);
    assert.ok(snapshot.queries <= 6, `${snapshot.queries} queries:\n${connection.sent.join('\n')}`);
  });
});
