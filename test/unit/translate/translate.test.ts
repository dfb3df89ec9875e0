import * as assert from 'assert';
import { getTableConfig } from 'drizzle-orm/mysql-core';
import { buildExpectedCatalog, tableToDrizzle, translateMigrations, translateToStates } from '../../../src/core/translate';
import type { ExpectedTable } from '../../../src/core/structure/expected';
import { call, eklektikNotifications, migration, op, st } from './helpers';

const laravel8 = { version: '8.83', driver: 'mysql' } as const;
const noPrefix = { tablePrefix: '', laravel: laravel8 };

function columnsOf(states: ReturnType<typeof translateToStates>, table: string): string[] {
  return states.tables.get(table)!.columns.map((c) => `${c.name} ${c.sqlType}${c.nullable ? ' null' : ''}${c.default ? ` default ${c.default.kind === 'literal' ? `'${c.default.value}'` : c.default.sql}` : ''}${c.autoIncrement ? ' auto_increment' : ''}`);
}

describe('translate: Blueprint replay', () => {
  it('translates the incident table exactly as Laravel builds it', () => {
    const states = translateToStates([eklektikNotifications()], noPrefix);
    assert.deepStrictEqual(columnsOf(states, 'eklektik_notifications_tracking'), [
      'id bigint unsigned auto_increment',
      'notification_id bigint unsigned',
      'processed_at timestamp default CURRENT_TIMESTAMP',
      "kpi_updated tinyint(1) default '0'",
      'processing_batch_id varchar(50) null',
      'processing_metadata json null',
      'created_at timestamp null',
      'updated_at timestamp null',
    ]);
    assert.deepStrictEqual(states.tables.get('eklektik_notifications_tracking')!.indexes.map((i) => `${i.kind} ${i.name} (${i.columns.join(',')})`), [
      'primary PRIMARY (id)',
      'index eklektik_notifications_tracking_notification_id_index (notification_id)',
      'index idx_processed_kpi (processed_at,kpi_updated)',
      'index idx_batch_processed (processing_batch_id,processed_at)',
    ]);
  });

  it('derives index and foreign-key names with the prefix, lower-cased, with - and . replaced', () => {
    const states = translateToStates([migration('2020_01_01_000000_create_posts', [
      op('create', 'Posts', [
        st(call('id')),
        st(call('foreignId', 'user_id'), call('constrained'), call('cascadeOnDelete')),
        st(call('string', 'a.b'), call('unique')),
        st(call('string', 'c-d')),
        st(call('index', ['c-d', 'a.b'])),
      ]),
    ])], { tablePrefix: 'wp_', laravel: laravel8 });
    const table = states.tables.get('wp_Posts')!;
    assert.deepStrictEqual(table.indexes.map((i) => i.name).sort(), ['PRIMARY', 'wp_posts_a_b_unique', 'wp_posts_c_d_a_b_index', 'wp_posts_user_id_foreign']);
    assert.deepStrictEqual(table.foreignKeys, [{
      name: 'wp_posts_user_id_foreign', columns: ['user_id'], referencedTable: 'wp_users', referencedColumns: ['id'], onDelete: 'cascade', onUpdate: undefined,
    }]);
    const noIndexPrefix = translateToStates([migration('2020_01_01_000000_x', [op('create', 'posts', [st(call('string', 'a'), call('index'))])])], { tablePrefix: 'wp_', prefixIndexes: false, laravel: laravel8 });
    assert.deepStrictEqual(noIndexPrefix.tables.get('wp_posts')!.indexes.map((i) => i.name), ['posts_a_index']);
  });

  it('takes the table SQL names as the server names it: the prefix is already in it', () => {
    const create = migration('2020_01_01_000000_create_posts', [op('create', 'posts', [st(call('id')), st(call('foreignId', 'user_id'), call('constrained'))])]);
    const dropKey = migration('2020_01_02_000000_drop_posts_key', [op('table', 'wp_posts', [st(call('dropForeign', 'wp_posts_user_id_foreign'))], { fromSql: true })]);
    const states = translateToStates([create, dropKey], { tablePrefix: 'wp_', laravel: laravel8 });
    assert.deepStrictEqual([states.tables.get('wp_posts')?.foreignKeys, [...states.tables.keys()]], [[], ['wp_posts']]);
  });

  it('applies later Schema::table changes, renames and drops in timeline order', () => {
    const states = translateToStates([
      // Deliberately out of order: Laravel sorts by file name.
      migration('2020_01_02_000000_alter_things', [
        op('table', 'things', [
          st(call('string', 'title'), call('after', 'id')),
          st(call('dropColumn', 'legacy')),
          st(call('renameColumn', 'label', 'name')),
          st(call('dropIndex', ['code'])),
          st(call('unique', 'code')),
        ]),
        op('rename', 'things', undefined, { renamedTo: { name: 'items', range: { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } } } }),
      ]),
      migration('2020_01_01_000000_create_things', [
        op('create', 'things', [
          st(call('increments', 'id')),
          st(call('string', 'label')),
          st(call('string', 'code', 20), call('index')),
          st(call('text', 'legacy')),
        ]),
        op('create', 'scratch', [st(call('id'))]),
      ]),
      migration('2020_01_03_000000_drop_scratch', [op('dropIfExists', 'scratch')]),
    ], noPrefix);
    assert.deepStrictEqual([...states.tables.keys()], ['items']);
    assert.deepStrictEqual(columnsOf(states, 'items'), ['id int unsigned auto_increment', 'title varchar(255)', 'name varchar(255)', 'code varchar(20)']);
    assert.deepStrictEqual(states.tables.get('items')!.indexes.map((i) => i.name), ['PRIMARY', 'things_code_unique']);
    assert.deepStrictEqual(states.tables.get('items')!.migrations, ['2020_01_01_000000_create_things', '2020_01_02_000000_alter_things']);
  });

  it('keeps the index the server made for a dropped foreign key, still as the server\'s own, and drops it when another index serves the key', () => {
    const states = translateToStates([migration('2020_01_01_000000_x', [
      op('create', 'a', [
        st(call('id')),
        st(call('unsignedBigInteger', 'p')),
        st(call('unsignedBigInteger', 'q')),
        st(call('foreign', 'p'), call('references', 'id'), call('on', 'parents')),
        st(call('foreign', 'q'), call('references', 'id'), call('on', 'parents')),
        st(call('index', ['q', 'id'])),
      ]),
      op('table', 'a', [st(call('dropForeign', ['p']))]),
    ])], noPrefix);
    const table = states.tables.get('a')!;
    assert.deepStrictEqual(table.indexes.map((i) => `${i.name}${i.implicitForForeignKey ? ' (implicit)' : ''}`), ['PRIMARY', 'a_p_foreign (implicit)', 'a_q_id_index']);
    assert.deepStrictEqual(table.foreignKeys.map((f) => f.name), ['a_q_foreign']);
  });

  it('marks what cannot be known as unknown, with the reason, and never keeps a structure for it', () => {
    const { tables, unknown } = translateMigrations([
      migration('2020_01_01_000000_a', [
        op('create', 'looped', undefined, { blueprintUnknown: 'a foreach loop adds columns' }),
        op('create', 'geo', [st(call('id')), st(call('point', 'where'))]),
        op('create', 'raw', [st(call('id'))]),
        op('create', 'dflt', [st(call('id')), st(call('string', 'x'), call('default', { unknown: 'DB::raw(...)' }))]),
      ], [{ reason: "DB::statement('ALTER TABLE raw ADD COLUMN z INT')" }]),
      migration('2020_01_02_000000_b', [op('table', 'elsewhere', [st(call('string', 'x'))]), op('create', 'fine', [st(call('id'))])]),
    ], noPrefix);
    assert.deepStrictEqual([...tables.keys()], ['fine']);
    assert.match(unknown.get('looped')!.reason, /foreach loop/);
    assert.match(unknown.get('geo')!.reason, /point/);
    assert.match(unknown.get('raw')!.reason, /DB::statement/);
    // Raw SQL in a migration makes every table that migration touches suspect.
    assert.match(unknown.get('dflt')!.reason, /not a literal|DB::statement/);
    assert.match(unknown.get('dflt')!.reason, /not a literal/);
    assert.match(unknown.get('elsewhere')!.reason, /no migration creates/);
  });

  it('builds a Drizzle table with Laravel-named indexes and foreign keys', () => {
    const { tables } = translateToStates([migration('2020_01_01_000000_x', [
      op('create', 'comments', [
        st(call('id')),
        st(call('foreignId', 'post_id'), call('constrained'), call('nullOnDelete')),
        st(call('string', 'body', 500), call('comment', "l'avis")),
        st(call('enum', 'state', ['draft', 'live']), call('default', 'draft')),
        st(call('unique', ['post_id', 'state'], 'one_state')),
      ]),
    ])], noPrefix);
    const config = getTableConfig(tableToDrizzle(tables.get('comments')!));
    assert.strictEqual(config.name, 'comments');
    assert.deepStrictEqual(config.columns.map((c) => [c.name, c.getSQLType(), c.notNull]), [
      ['id', 'bigint unsigned', true],
      ['post_id', 'bigint unsigned', true],
      ['body', "varchar(500) COMMENT 'l''avis'", true],
      ['state', "enum('draft','live')", true],
    ]);
    assert.deepStrictEqual(config.indexes.map((i) => [i.config.name, i.config.unique]), [['one_state', true]]);
    const [fk] = config.foreignKeys;
    assert.strictEqual(fk.getName(), 'comments_post_id_foreign');
    assert.strictEqual(getTableConfig(fk.reference().foreignTable).name, 'posts');
    assert.strictEqual(fk.onDelete, 'set null');
  });
});

describe('translate: buildExpectedCatalog', () => {
  it('lets built-in Drizzle schemas take precedence, and translates the rest', () => {
    const builtInTable = { name: 'eklektik_notifications_tracking', origin: { kind: 'drizzle', module: 'src/schema' } } as unknown as ExpectedTable;
    const catalog = buildExpectedCatalog([eklektikNotifications(), migration('2020_01_01_000000_u', [op('create', 'users', [st(call('id'))])])], [builtInTable], noPrefix);
    assert.strictEqual(catalog.tables.get('eklektik_notifications_tracking'), builtInTable);
    assert.strictEqual(catalog.tables.get('users')!.origin.kind, 'migrations');
    const without = buildExpectedCatalog([eklektikNotifications()], [], noPrefix);
    const origin = without.tables.get('eklektik_notifications_tracking')!.origin;
    assert.deepStrictEqual(origin.kind === 'migrations' && origin.migrations, ['2025_09_23_011532_create_eklektik_notifications_tracking_table']);
  });
});
