import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { getTableConfig } from 'drizzle-orm/mysql-core';
import { drizzleTableToModel, expectedFromDrizzle, laravelDefaults } from '../../../src/core/structure';
import { buildExpectedCatalog, generateDrizzleSchemaFiles } from '../../../src/core/translate';
import { loadWorkspaceDrizzleSchema } from '../../../src/core/translate/workspaceSchema';
import { call, eklektikNotifications, migration, op, st } from './helpers';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const options = { tablePrefix: '', laravel: { version: '8.83', driver: 'mysql' } } as const;

describe('translate: the workspace Drizzle schema folder', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(repoRoot, 'out', 'workspace-schema-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the tables of compiled schema files, which then take precedence in the catalog', async function () {
    this.timeout(120_000);
    const translated = buildExpectedCatalog([eklektikNotifications(), migration('2020_01_01_000000_u', [op('create', 'users', [st(call('id')), st(call('string', 'email'))])])], [], options);
    const src = path.join(dir, 'src');
    fs.mkdirSync(src);
    for (const [name, source] of generateDrizzleSchemaFiles(translated)) fs.writeFileSync(path.join(src, name), source);
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    await promisify(execFile)(process.execPath, [tsc, '--target', 'ES2022', '--module', 'commonjs', '--moduleResolution', 'node', '--skipLibCheck', '--types', 'node', '--outDir', path.join(dir, 'js'), ...fs.readdirSync(src).map((f) => path.join(src, f))]);

    const loaded = await loadWorkspaceDrizzleSchema(path.join(dir, 'js'));
    assert.deepStrictEqual(loaded.problems, []);
    const name = (t: (typeof loaded.tables)[number]) => getTableConfig(t.drizzle).name;
    assert.deepStrictEqual(loaded.tables.map(name).sort(), ['eklektik_notifications_tracking', 'users']);
    for (const table of loaded.tables) {
      assert.deepStrictEqual(drizzleTableToModel(table, laravelDefaults), translated.tables.get(name(table))!.model);
      assert.match(table.module, /\.js$/);
    }
    const users = expectedFromDrizzle(loaded.tables.find((t) => name(t) === 'users')!, laravelDefaults);
    const catalog = buildExpectedCatalog([], [users], options);
    assert.strictEqual(catalog.tables.get('users'), users);
  });

  it('says what to do with TypeScript-only folders, broken files and missing folders', async () => {
    fs.writeFileSync(path.join(dir, 'users.ts'), 'export const x = 1;\n');
    assert.match((await loadWorkspaceDrizzleSchema(dir)).problems[0], /TypeScript only \(users\.ts\).*compile the schema/);
    fs.writeFileSync(path.join(dir, 'broken.js'), 'throw new Error("boom");\n');
    assert.match((await loadWorkspaceDrizzleSchema(dir)).problems[0], /broken\.js could not be loaded \(boom\)/);
    assert.match((await loadWorkspaceDrizzleSchema(path.join(dir, 'nope'))).problems[0], /does not exist/);
  });
});
