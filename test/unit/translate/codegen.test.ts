import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { is } from 'drizzle-orm';
import { getTableConfig, MySqlTable } from 'drizzle-orm/mysql-core';
import { drizzleTableToModel, expectedFromDrizzle, laravelDefaults, type TableModel } from '../../../src/core/structure';
import { loadMigrations } from '../../../src/core/analysis/load';
import { builtInTables } from '../../../src/schema';
import { buildExpectedCatalog, generateDrizzleSchemaFiles } from '../../../src/core/translate';
import { call, eklektikNotifications, migration, op, st } from './helpers';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const laravel = { version: '8.83', driver: 'mysql' } as const;
const byIndexName = (model: TableModel): TableModel => ({ ...model, indexes: [...model.indexes].sort((a, b) => a.name.localeCompare(b.name)) });

function catalog(): ReturnType<typeof buildExpectedCatalog> {
  return buildExpectedCatalog([
    eklektikNotifications(),
    migration('2020_01_01_000000_create_blog', [
      op('create', 'users', [st(call('id')), st(call('string', 'email'), call('unique')), st(call('timestamps'))]),
      op('create', 'posts', [
        st(call('id')),
        st(call('foreignId', 'user_id'), call('constrained'), call('cascadeOnDelete')),
        st(call('unsignedBigInteger', 'parent_id'), call('nullable')),
        st(call('foreign', 'parent_id'), call('references', 'id'), call('on', 'posts')),
        st(call('foreignId', 'category_id'), call('constrained')),
        st(call('string', 'title', 120)),
        st(call('enum', 'state', ['draft', 'live']), call('default', 'draft')),
        st(call('set', 'flags', ['a', 'b']), call('nullable')),
        st(call('binary', 'cover'), call('nullable')),
        st(call('string', 'latin'), call('charset', 'latin1'), call('comment', "it's")),
        st(call('boolean', 'hidden'), call('default', false), call('comment', 'x')),
        st(call('decimal', 'price', 10, 2), call('default', 0)),
        st(call('boolean', 'visible'), call('default', true)),
        st(call('timestamp', 'published_at', 3), call('useCurrent')),
        st(call('dateTime', 'seen_at'), call('useCurrent')),
        st(call('json', 'meta'), call('nullable')),
        st(call('unique', ['user_id', 'title'])),
      ]),
      op('create', 'pivot', [st(call('unsignedBigInteger', 'a')), st(call('unsignedBigInteger', 'b')), st(call('primary', ['a', 'b']))]),
      // Table names that would clash with a keyword or an imported builder.
      op('create', 'class', [st(call('id'))]),
      op('create', 'text', [st(call('id')), st(call('foreignId', 'class_id'), call('constrained', 'class'))]),
    ]),
  ], builtInTables.filter((t) => getTableConfig(t.drizzle).name !== 'eklektik_notifications_tracking').map((t) => expectedFromDrizzle(t, laravelDefaults)), { tablePrefix: '', laravel });
}

describe('translate: Drizzle schema generation', () => {
  it('writes one idiomatic file per table and an index, including tables only referenced', () => {
    const files = generateDrizzleSchemaFiles(catalog());
    assert.deepStrictEqual([...files.keys()].sort(), [
      'categories.ts', 'classTable.ts', 'eklektikNotificationsTracking.ts', 'eklektikTransactionsTracking.ts', 'index.ts', 'pivot.ts', 'posts.ts', 'textTable.ts', 'transactionsHistory.ts', 'users.ts',
    ]);
    const posts = files.get('posts.ts')!;
    assert.match(posts, /userId: bigint\('user_id', \{ mode: 'number', unsigned: true \}\)\.notNull\(\),/);
    assert.match(posts, /\(table\) => \[/);
    assert.match(posts, /uniqueIndex\('posts_user_id_title_unique'\)\.on\(table\.userId, table\.title\)/);
    assert.match(posts, /foreignColumns: \[users\.id\],\n    \}\)\.onDelete\('cascade'\)/);
    assert.match(posts, /foreignColumns: \[table\.id\]/);
    assert.match(posts, /import \{ users \} from '\.\/users';/);
    assert.match(posts, /export type Posts = typeof posts\.\$inferSelect;/);
    assert.match(posts, /export type NewPosts = typeof posts\.\$inferInsert;/);
    assert.match(posts, /dataType: \(\) => "varchar\(255\) CHARACTER SET latin1 COMMENT 'it''s'"/);
    assert.match(posts, /hidden: hiddenSqlType\('hidden'\)\.notNull\(\)\.default\('0'\)/);
    assert.match(files.get('categories.ts')!, /Not created by these migrations/);
    assert.match(files.get('pivot.ts')!, /primaryKey\(\{ columns: \[table\.a, table\.b\] \}\)/);
    assert.match(files.get('index.ts')!, /export \* from '\.\/users';/);
  });

  // Names are the server's: any character but NUL, line breaks included (MariaDB creates them as Laravel asks);
  // a default with a quote is not translated (Laravel versions escape it differently), one with a line break is.
  const hostile = "q'\"\\\n\r\u2028\t;*/${x}`";
  const hostileCatalog = (): ReturnType<typeof buildExpectedCatalog> => buildExpectedCatalog([migration('2020_01_01_000000_create_hostile', [
    op('create', hostile, [st(call('id')), st(call('string', hostile), call('default', 'line\nbreak\u2028')), st(call('index', hostile, hostile))]),
  ])], [], { tablePrefix: '', laravel });

  for (const source of ['hand-written blog tables', 'the Blueprint coverage fixture', 'names holding quotes and line breaks'] as const) it(`generates files that type-check with tsc and, compiled, declare the same tables as the catalog (${source})`, async function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(repoRoot, 'out', 'codegen-'));
    try {
      const coverage = path.join(repoRoot, 'test', 'fixtures', 'blueprint-coverage');
      const expected = source === 'hand-written blog tables'
        ? catalog()
        : source === 'names holding quotes and line breaks'
          ? hostileCatalog()
          : buildExpectedCatalog(await loadMigrations([coverage, path.join(coverage, 'doctrine')]), [], { tablePrefix: '', laravel });
      assert.ok(expected.tables.size > (source === 'names holding quotes and line breaks' ? 0 : 5));
      for (const [name, source] of generateDrizzleSchemaFiles(expected)) fs.writeFileSync(path.join(dir, name), source);
      // A use of the inferred types, so a wrong $inferSelect/$inferInsert fails too.
      if (source === 'hand-written blog tables') {
        fs.writeFileSync(path.join(dir, 'use.ts'), "import { NewPosts, Users } from './index';\nexport const u: Pick<Users, 'email'> = { email: 'a' };\nexport const p: Pick<NewPosts, 'title' | 'userId' | 'categoryId'> = { title: 't', userId: 1, categoryId: 2 };\n");
      }
      const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const args = ['--strict', '--target', 'ES2022', '--module', 'commonjs', '--moduleResolution', 'node', '--skipLibCheck', '--types', 'node', '--outDir', path.join(dir, 'js'), ...fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f))];
      const errors = await promisify(execFile)(process.execPath, [tsc, ...args], { cwd: repoRoot }).then(() => '', (error: { stdout?: string }) => error.stdout ?? String(error));
      assert.strictEqual(errors, '');

      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const generated = require(path.join(dir, 'js', 'index.js')) as Record<string, unknown>;
      const tables = Object.values(generated).filter((v): v is MySqlTable => is(v, MySqlTable));
      for (const [name, table] of expected.tables) {
        const twin = tables.find((t) => getTableConfig(t).name === name);
        assert.ok(twin, name);
        // The generated code describes exactly the model status and repair use.
        assert.deepStrictEqual(byIndexName(drizzleTableToModel({ drizzle: twin, owned: table.owned, options: table.model.options }, laravelDefaults)), byIndexName(table.model), name);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
