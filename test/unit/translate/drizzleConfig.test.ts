import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { getTableConfig } from 'drizzle-orm/mysql-core';
import { loadDrizzleConfigSchema, loadProjectDrizzleSchema } from '../../../src/core/translate/drizzleConfig';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

const config = `import type { Config } from 'drizzle-kit';
const folder: string = './db';
export default {
  dialect: 'mysql',
  schema: [\`\${folder}/schema/*.ts\`, './db/extra.ts'],
} satisfies Config;
`;

const users = `import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { tableName } from '../names';
interface Sized { length: number }
const email: Sized = { length: 191 };
export const users = mysqlTable(tableName('users'), {
  id: int('id').primaryKey().autoincrement(),
  email: varchar('email', { length: email.length }).notNull(),
});
export const notATable = 42;
`;

const extra = `import { mysqlTable, serial } from 'drizzle-orm/mysql-core';
export const posts = mysqlTable('posts', { id: serial('id').primaryKey() });
`;

describe('translate: the workspace Drizzle schema named by drizzle.config.ts', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(repoRoot, 'out', 'drizzle-config-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function workspace(withModules: boolean): void {
    fs.mkdirSync(path.join(dir, 'db', 'schema'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), config);
    fs.writeFileSync(path.join(dir, 'db', 'names.ts'), 'export const tableName = (name: string): string => name;\n');
    fs.writeFileSync(path.join(dir, 'db', 'schema', 'users.ts'), users);
    fs.writeFileSync(path.join(dir, 'db', 'schema', 'users.d.ts'), 'export declare const users: unknown;\n');
    fs.writeFileSync(path.join(dir, 'db', 'extra.ts'), extra);
    if (withModules) fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  }

  it('compiles the TypeScript config and schema with the workspace\'s own esbuild and returns every exported table', async () => {
    workspace(true);
    const loaded = await loadProjectDrizzleSchema(dir, 'ignored-when-a-config-exists', true);
    assert.deepStrictEqual(loaded.problems, []);
    const byName = new Map(loaded.tables.map((t) => [getTableConfig(t.drizzle).name, t]));
    assert.deepStrictEqual([...byName.keys()].sort(), ['posts', 'users']);
    const columns = getTableConfig(byName.get('users')!.drizzle).columns.map((c) => [c.name, c.getSQLType(), c.notNull]);
    assert.deepStrictEqual(columns, [['id', 'int', true], ['email', 'varchar(191)', true]]);
    assert.strictEqual(byName.get('users')!.module, path.join(dir, 'db', 'schema', 'users.ts'));
    assert.ok(byName.get('posts')!.owned);
    assert.deepStrictEqual(await loadProjectDrizzleSchema(dir, '', false), { tables: [], problems: ['The workspace is not trusted, so its Drizzle schema (drizzle.config.ts) is not loaded.'] });
  });

  it('says in one sentence that the config cannot be read without esbuild or typescript in the workspace', async () => {
    workspace(false);
    // Outside the project, so nothing above the workspace provides esbuild either.
    const outside = fs.mkdtempSync(path.join(require('os').tmpdir(), 'md-drizzle-config-'));
    try {
      fs.cpSync(dir, outside, { recursive: true });
      const loaded = await loadDrizzleConfigSchema(path.join(outside, 'drizzle.config.ts'));
      assert.deepStrictEqual(loaded.tables, []);
      assert.deepStrictEqual(loaded.problems, ["drizzle.config.ts was found but neither esbuild nor typescript is installed in the workspace's node_modules, so its schema cannot be read: install the project's dependencies (npm install)."]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('without a config, the schema folder setting still applies', async () => {
    assert.match((await loadProjectDrizzleSchema(dir, 'nope', true)).problems[0]!, /does not exist/);
    assert.deepStrictEqual(await loadProjectDrizzleSchema(dir, '', true), { tables: [], problems: [] });
  });
});
