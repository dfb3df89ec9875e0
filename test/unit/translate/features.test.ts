import * as assert from 'assert';
import { buildLiveTables, compareTables } from '../../../src/core/structure';
import { splitColumnSqlType, translateMigrations, translateToStates } from '../../../src/core/translate';
import { pluralize } from '../../../src/core/translate/pluralize';
import { customSqlType } from '../../../src/core/translate/toDrizzle';
import { call, migration, op, st } from './helpers';

const laravel8 = { version: '8.83', driver: 'mysql' } as const;
const noPrefix = { tablePrefix: '', laravel: laravel8 };
const columns = (states: ReturnType<typeof translateToStates>, table: string) => states.tables.get(table)!.columns.map((c) => `${c.name} ${c.sqlType}${c.nullable ? ' null' : ''}`);

describe('translate: more of Laravel 8.83', () => {
  it('change() of an auto-increment id to a string leaves no AUTO_INCREMENT (doctrine writes it in integer declarations only)', () => {
    const states = translateToStates([
      migration('2020_01_01_000000_a', [op('create', 't', [st(call('increments', 'id'))])]),
      migration('2020_01_02_000000_b', [op('table', 't', [st(call('string', 'id', 36), call('change'))])]),
    ], noPrefix);
    assert.deepStrictEqual(states.tables.get('t')!.columns.map((c) => `${c.name} ${c.sqlType} ${c.autoIncrement}`), ['id varchar(36) false']);
  });

  it('change() keeps what the new definition does not say (doctrine/dbal); renameColumn() follows into indexes', () => {
    const states = translateToStates([
      migration('2020_01_01_000000_a', [op('create', 't', [
        st(call('id')), st(call('string', 'a', 10)), st(call('integer', 'b')), st(call('string', 'd'), call('nullable'), call('default', 'x')),
        st(call('timestamp', 'e'), call('useCurrent')), st(call('index', ['a', 'b'])),
      ])]),
      migration('2020_01_02_000000_b', [op('table', 't', [
        st(call('string', 'a', 50), call('nullable'), call('change')),
        st(call('string', 'd', 20), call('change')),
        st(call('renameColumn', 'b', 'c')),
        st(call('renameColumn', 'e', 'f')),
      ])]),
    ], noPrefix);
    assert.deepStrictEqual(columns(states, 't'), ['id bigint unsigned', 'a varchar(50) null', 'c int', 'd varchar(20) null', 'f datetime']);
    assert.deepStrictEqual(states.tables.get('t')!.columns[3].default, { kind: 'literal', value: 'x' });
    assert.deepStrictEqual(states.tables.get('t')!.indexes[1].columns, ['a', 'c']);
    const { unknown } = translateToStates([
      migration('2020_01_01_000000_a', [op('create', 't', [st(call('enum', 'e', ['a'])), st(call('char', 'c', 2))])]),
      migration('2020_01_02_000000_b', [op('table', 't', [st(call('char', 'c', 3), call('change'))])]),
    ], noPrefix);
    assert.match(unknown.get('t')!.reason, /change\(\) of a char column/);
  });

  it("reads `$table->engine = '...'` and friends back from the analysis' unknown statements", () => {
    const create = { ...op('create', 't', [st(call('id'))]), blueprintUnknown: "$table->engine = 'MyISAM';; $table->charset = \"latin1\";; $table->collation = 'latin1_bin';" };
    const states = translateToStates([migration('2020_01_01_000000_a', [create])], noPrefix);
    const t = states.tables.get('t')!;
    assert.deepStrictEqual([t.engine, t.charset, t.collation], ['MyISAM', 'latin1', 'latin1_bin']);
    const mixed = { ...create, blueprintUnknown: "$table->engine = 'MyISAM';; a loop" };
    assert.match(translateToStates([migration('2020_01_01_000000_a', [mixed])], noPrefix).unknown.get('t')!.reason, /a loop/);
  });

  it('a table of more than 4096 columns is refused as the server refuses it (1117); that bound also keeps a hostile 100,000-column file from a quadratic translation', () => {
    const wide = (count: number) => translateToStates([migration('2020_01_01_000000_a', [
      op('create', 't', Array.from({ length: count }, (_, i) => st(call('integer', `c${i}`)))),
    ])], noPrefix);
    assert.deepStrictEqual([wide(4096).unknown.has('t'), wide(4096).tables.get('t')!.columns.length], [false, 4096]);
    assert.match(wide(4097).unknown.get('t')!.reason, /column `c4096` would be the table's 4097th: .*1117 Too many columns/);
  });

  it('a plain index longer than the 1000 bytes MyISAM keeps of a key makes its table unknown (the server makes it a prefix); a shorter one is translated', () => {
    const myisam = (length: number) => ({
      ...op('create', 't', [st(call('id')), st(call('string', 'name', length)), st(call('index', 'name'))]),
      blueprintUnknown: "$table->engine = 'MyISAM';",
    });
    const long = translateToStates([migration('2020_01_01_000000_a', [myisam(255)])], noPrefix);
    assert.match(long.unknown.get('t')!.reason, /1000 bytes a MyISAM table keeps/);
    const short = translateToStates([migration('2020_01_01_000000_a', [myisam(250)])], noPrefix);
    assert.deepStrictEqual([short.unknown.has('t'), short.tables.get('t')!.indexes.map((i) => i.name)], [false, ['PRIMARY', 't_name_index']]);
  });

  it('honours hasTable guards, ignores other connections, and follows $table->rename()', () => {
    const states = translateToStates([
      migration('2020_01_01_000000_a', [op('create', 'a', [st(call('id'))])]),
      migration('2020_01_02_000000_b', [
        op('create', 'a', [st(call('id')), st(call('string', 'never'))], { guards: [{ table: 'a', requiresExisting: false }] }),
        op('create', 'elsewhere', [st(call('id'))], { connection: 'reporting' }),
        op('table', 'a', [st(call('rename', 'b'))]),
      ]),
    ], noPrefix);
    assert.deepStrictEqual([...states.tables.keys()], ['b']);
    assert.deepStrictEqual(columns(states, 'b'), ['id bigint unsigned']);
  });

  it('compiles types as MySqlGrammar does', () => {
    const states = translateToStates([migration('2020_01_01_000000_a', [op('create', 't', [
      st(call('float', 'f')),
      st(call('double', 'd', 10, 0)),
      st(call('float', 'g', 6, 3), call('unsigned')),
      st(call('unsignedDecimal', 'u')),
      st(call('timestamp', 'ts', 3), call('useCurrent')),
      st(call('char', 'c')),
      st(call('string', 's', 0)),
      st(call('morphs', 'm')),
      st(call('foreignId', 'x_id')),
    ])])], { tablePrefix: '', defaultStringLength: 191, laravel: laravel8 });
    const t = states.tables.get('t')!;
    assert.deepStrictEqual(t.columns.map((c) => c.sqlType), [
      'double(8,2)', 'double', 'double(6,3) unsigned', 'decimal(8,2) unsigned', 'timestamp(3)', 'char(191)', 'varchar(191)', 'varchar(191)', 'bigint unsigned', 'bigint unsigned',
    ]);
    assert.deepStrictEqual(t.columns[4].default, { kind: 'expression', sql: 'CURRENT_TIMESTAMP(3)' });
    assert.deepStrictEqual(t.indexes.map((i) => i.name), ['t_m_type_m_id_index']);
  });

  it('translates ulid()/foreignUlid() as Laravel 9.39+ does, and foreignUuid()', () => {
    const states = translateToStates([migration('2020_01_01_000000_a', [op('create', 't', [
      st(call('ulid')),
      st(call('foreignUlid', 'team_id'), call('constrained')),
      st(call('foreignUuid', 'owner_uuid'), call('constrained', 'people', 'uuid')),
    ])])], { tablePrefix: '', laravel: { version: '9.52.16', driver: 'mysql' } });
    const t = states.tables.get('t')!;
    assert.deepStrictEqual(t.columns.map((c) => `${c.name} ${c.sqlType}`), ['ulid char(26)', 'team_id char(26)', 'owner_uuid char(36)']);
    assert.deepStrictEqual(t.foreignKeys.map((f) => `${f.name} -> ${f.referencedTable}(${f.referencedColumns.join(',')})`), ['t_team_id_foreign -> teams(id)', 't_owner_uuid_foreign -> people(uuid)']);
  });

  it('dropConstrainedForeignId drops the key, then the column; the first fluent index wins', () => {
    const states = translateToStates([
      migration('2020_01_01_000000_a', [op('create', 't', [st(call('id')), st(call('foreignId', 'user_id'), call('constrained')), st(call('string', 'e'), call('unique'), call('index'))])]),
      migration('2020_01_02_000000_b', [op('table', 't', [st(call('dropConstrainedForeignId', 'user_id'))])]),
    ], noPrefix);
    const t = states.tables.get('t')!;
    assert.deepStrictEqual(t.columns.map((c) => c.name), ['id', 'e']);
    assert.deepStrictEqual(t.foreignKeys, []);
    assert.deepStrictEqual(t.indexes.map((i) => i.name), ['PRIMARY', 't_e_unique']);
  });

  it('translates raw defaults whose stored value is certain, and only those', () => {
    const states = translateToStates([migration('2020_01_01_000000_a', [op('create', 't', [
      st(call('timestamp', 'a', 2), call('default', { unknown: "DB::raw('CURRENT_TIMESTAMP(2)')" })),
      st(call('dateTime', 'b'), call('default', { unknown: 'new Expression("now() on update now()")' })),
      st(call('integer', 'c'), call('default', { unknown: '\\DB::raw(7)' })),
    ])])], noPrefix);
    const [a, b, c] = states.tables.get('t')!.columns;
    assert.deepStrictEqual([a.default, a.onUpdateCurrentTimestamp], [{ kind: 'expression', sql: 'CURRENT_TIMESTAMP(2)' }, false]);
    assert.deepStrictEqual([b.default, b.onUpdateCurrentTimestamp], [{ kind: 'expression', sql: 'CURRENT_TIMESTAMP' }, true]);
    assert.deepStrictEqual(c.default, { kind: 'literal', value: '7' });
    const { unknown } = translateToStates([migration('2020_01_01_000000_a', [
      op('create', 'u', [st(call('string', 'x'), call('default', { unknown: "DB::raw('UUID()')" }))]),
      op('create', 'v', [st(call('string', 'x'), call('default', { unknown: '$value' }))]),
    ])], noPrefix);
    assert.match(unknown.get('u')!.reason, /raw default `UUID\(\)`/);
    assert.match(unknown.get('v')!.reason, /not a literal/);
  });

  it('translates a function or parenthesised raw default on MariaDB only', () => {
    const history = [migration('2020_01_01_000000_a', [
      op('create', 'u', [st(call('char', 'x', 36), call('default', { unknown: "DB::raw('(UUID())')" }))]),
      op('create', 'c', [st(call('integer', 'x'), call('default', { unknown: "DB::raw('(0)')" }))]),
      op('create', 'e', [st(call('integer', 'x'), call('default', { unknown: "DB::raw('(1 + 2)')" }))]),
    ])];
    const mariadb = translateToStates(history, { ...noPrefix, server: 'mariadb' });
    assert.deepStrictEqual(mariadb.tables.get('u')!.columns[0]!.default, { kind: 'expression', sql: 'uuid()' });
    assert.deepStrictEqual(mariadb.tables.get('c')!.columns[0]!.default, { kind: 'literal', value: '0' });
    assert.match(mariadb.unknown.get('e')!.reason, /raw default `\(1 \+ 2\)` is not translated/);
    const mysql = translateToStates(history, { ...noPrefix, server: 'mysql' });
    assert.deepStrictEqual([...mysql.unknown.keys()].sort(), ['c', 'e', 'u']);
    assert.match(mysql.unknown.get('u')!.reason, /expression default on MySQL/);
    assert.match(translateToStates(history, noPrefix).unknown.get('c')!.reason, /depends on whether it is MariaDB or MySQL/);
  });

  it('a parenthesised CURRENT_TIMESTAMP on MySQL 8: the expression default information_schema shows, in either spelling', () => {
    const history = [migration('2020_01_01_000000_a', [op('create', 't', [
      st(call('increments', 'id')),
      st(call('timestamp', 'a'), call('default', { unknown: "DB::raw('(CURRENT_TIMESTAMP)')" })),
      st(call('dateTime', 'b', 3), call('nullable'), call('default', { unknown: "new Expression('(now(3))')" })),
    ])])];
    const { tables, unknown } = translateMigrations(history, { ...noPrefix, server: 'mysql' });
    assert.deepStrictEqual([...unknown.keys()], []);
    // MySQL 8 documents EXTRA DEFAULT_GENERATED for an expression default; COLUMN_DEFAULT is the expression as it prints it.
    for (const [a, b] of [['CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP(3)'], ['now()', 'now(3)']]) {
      const row = (name: string, columnType: string, isNullable: string, columnDefault: string | null, extra: string) => ({
        tableName: 't', name, columnType, dataType: columnType.replace(/[( ].*$/, ''), isNullable, columnDefault, extra, collation: null, comment: '',
      });
      const live = buildLiveTables({
        mariadb: false,
        tables: [{ name: 't', engine: 'InnoDB', collation: 'utf8mb4_unicode_ci' }],
        columns: [row('id', 'int unsigned', 'NO', null, 'auto_increment'), row('a', 'timestamp', 'NO', a, 'DEFAULT_GENERATED'), row('b', 'datetime(3)', 'YES', b, 'DEFAULT_GENERATED')],
        indexes: [{ tableName: 't', name: 'PRIMARY', nonUnique: 0, columnName: 'id', subPart: null }],
        foreignKeys: [],
        jsonColumns: new Set(),
      }).get('t')!;
      assert.deepStrictEqual(compareTables(tables.get('t')!.model, live), [], a);
    }
    const mariadb = translateToStates(history, { ...noPrefix, server: 'mariadb' }).tables.get('t')!.columns;
    assert.deepStrictEqual(mariadb.map((c) => c.default), [undefined, { kind: 'expression', sql: 'CURRENT_TIMESTAMP' }, { kind: 'expression', sql: 'CURRENT_TIMESTAMP(3)' }]);
    assert.match(translateToStates(history, noPrefix).unknown.get('t')!.reason, /depends on whether it is MariaDB or MySQL/);
  });

  it('binds named arguments by name, and leaves a name it does not know unknown', () => {
    const states = translateToStates([migration('2020_01_01_000000_a', [
      op('create', 't', [st({ method: 'string', args: [], namedArgs: { length: 20, column: 'code' } }), st({ method: 'Integer', args: ['n'], namedArgs: { unsigned: true } })]),
      op('create', 'size', [st({ method: 'string', args: ['x'], namedArgs: { size: 10 } })]),
      op('create', 'twice', [st({ method: 'string', args: ['x'], namedArgs: { column: 'y' } })]),
      op('create', 'modifier', [st(call('string', 'x'), { method: 'default', args: [], namedArgs: { value: 'a' } })]),
      op('create', 'uuid', [st(call('uuid'))]),
    ])], noPrefix);
    const { unknown } = states;
    assert.deepStrictEqual(columns(states, 't'), ['code varchar(20)', 'n int unsigned']);
    assert.match(unknown.get('size')!.reason, /named argument `size` of string\(\)/);
    assert.match(unknown.get('twice')!.reason, /named argument `column` of string\(\)/);
    assert.match(unknown.get('modifier')!.reason, /named arguments of default\(\)/);
    // Laravel 8's uuid() has no default column name: the migration fails.
    assert.match(unknown.get('uuid')!.reason, /a column name is required/);
  });

  it('marks what Laravel 8.83 cannot build, or builds other than declared, as unknown', () => {
    const { tables, unknown } = translateToStates([migration('2020_01_01_000000_a', [
      op('create', 'ft', [st(call('id')), st(call('text', 'b'), call('fulltext'))]),
      op('create', 'tmp', [st(call('temporary')), st(call('id'))]),
      op('create', 'q', [st(call('enum', 's', ["it's"]))]),
      op('create', 'v', [st(call('string', 's'), call('virtualAs', 'x'))]),
    ])], noPrefix);
    assert.deepStrictEqual([...unknown.keys()].sort(), ['q', 'tmp', 'v']);
    assert.deepStrictEqual(tables.get('ft')!.indexes.map((i) => [i.name, i.kind]), [['PRIMARY', 'primary'], ['ft_b_fulltext', 'fulltext']]);
  });

  it('takes apart the SQL it packs into a customType', () => {
    const base = { name: 'c', family: 'varchar' as const, unsigned: false, nullable: true, autoIncrement: false, onUpdateCurrentTimestamp: false };
    const sql = customSqlType({ ...base, sqlType: 'varchar(40)', charset: 'latin1', collation: 'latin1_bin', comment: "it's a \\ back" });
    assert.deepStrictEqual(splitColumnSqlType(sql), { type: 'varchar(40)', charset: 'latin1', collation: 'latin1_bin', comment: "it's a \\ back", onUpdateCurrentTimestamp: false });
    assert.deepStrictEqual(splitColumnSqlType("set('a','b')"), { type: "set('a','b')", onUpdateCurrentTimestamp: false });
    const onUpdate = customSqlType({ ...base, family: 'datetime', sqlType: 'datetime(3)', fsp: 3, onUpdateCurrentTimestamp: true });
    assert.deepStrictEqual(splitColumnSqlType(onUpdate), { type: 'datetime(3)', onUpdateCurrentTimestamp: true });
  });

  it('pluralises like Str::plural for constrained()', () => {
    assert.deepStrictEqual(['user', 'category', 'person', 'status', 'data', 'box', 'transactions_history', 'child', 'Leaf'].map(pluralize),
      ['users', 'categories', 'people', 'statuses', 'data', 'boxes', 'transactions_histories', 'children', 'Leaves']);
  });
});

describe('translate: the Laravel version', () => {
  const create = [migration('2020_01_01_000000_a', [op('create', 't', [st(call('id')), st(call('float', 'f')), st(call('uuid', 'u'))])])];
  const types = (laravel: { version: string; driver: 'mysql' | 'mariadb' }) =>
    translateToStates(create, { tablePrefix: '', laravel }).tables.get('t')?.columns.map((c) => c.sqlType);

  it("follows each version's grammar, and the mariadb driver only where it exists (11+)", () => {
    assert.deepStrictEqual(types({ version: '8.83.27', driver: 'mysql' }), ['bigint unsigned', 'double(8,2)', 'char(36)']);
    assert.deepStrictEqual(types({ version: 'v10.48.4', driver: 'mariadb' }), ['bigint unsigned', 'double(8,2)', 'char(36)']);
    assert.deepStrictEqual(types({ version: '12.x', driver: 'mysql' }), ['bigint unsigned', 'double', 'char(36)']);
    assert.deepStrictEqual(types({ version: '11.0', driver: 'mariadb' }), ['bigint unsigned', 'double', 'uuid']);
    assert.deepStrictEqual(types({ version: 'v13.26.1', driver: 'mysql' }), ['bigint unsigned', 'double', 'char(36)']);
    assert.deepStrictEqual(types({ version: '13.x', driver: 'mariadb' }), ['bigint unsigned', 'double', 'uuid']);
  });

  it('knows foreignUuidFor() from 13.9 and foreignUlidFor() from 13.25 (the framework\'s tags), an unknown 13 minor having them', () => {
    const models = { 'App\\Models\\Team': { key: { keyName: 'uid', keyType: 'int', incrementing: true, ulids: false } } };
    const history = (method: string) => [migration('2020_01_01_000000_a', [op('create', 't', [st(call('id')), st(call(method, { unknown: 'Team::class', className: 'App\\Models\\Team' }), call('constrained'))])])];
    const made = (method: string, version: string) => {
      const { tables, unknown } = translateToStates(history(method), { tablePrefix: '', laravel: { version, driver: 'mysql', models } });
      const t = tables.get('t');
      return t ? `${t.columns[1].name} ${t.columns[1].sqlType} -> ${t.foreignKeys[0].referencedTable}.${t.foreignKeys[0].referencedColumns[0]}` : unknown.get('t')!.reason;
    };
    assert.strictEqual(made('foreignUuidFor', '13.9.0'), 'team_uid char(36) -> teams.uid');
    assert.strictEqual(made('foreignUuidFor', '13.x'), 'team_uid char(36) -> teams.uid');
    assert.match(made('foreignUuidFor', '13.8.0'), /Laravel 13\.8\.0 \(mysql\) has no foreignUuidFor\(\) \(it arrived in 13\.9\)/);
    assert.match(made('foreignUuidFor', '12.x'), /has no foreignUuidFor\(\) \(it arrived in 13\.9\)/);
    assert.strictEqual(made('foreignUlidFor', 'v13.25.0'), 'team_uid char(26) -> teams.uid');
    assert.match(made('foreignUlidFor', '13.24.0'), /has no foreignUlidFor\(\) \(it arrived in 13\.25\)/);
    // foreignIdFor() of the same model: its int key makes a foreignId().
    assert.strictEqual(made('foreignIdFor', '13.8.0'), 'team_uid bigint unsigned -> teams.uid');
  });

  it('makes every table unknown, with the reason, for a version whose grammar is not modelled', () => {
    for (const version of ['7.30.4', '14.0.0', 'dev-master']) {
      const { tables, unknown } = translateToStates(create, { tablePrefix: '', laravel: { version, driver: 'mysql' } });
      assert.strictEqual(tables.size, 0, version);
      assert.match(unknown.get('t')!.reason, version === 'dev-master' ? /not a version number/ : /not modelled \(8\.x to 13\.x are\)/);
    }
  });

  it("finds no Object.prototype member through a name from a file (as Laravel 8.83's Str::plural, checked with PHP)", () => {
    assert.deepStrictEqual(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'].map(pluralize), ['constructors', 'toStrings', '__proto__', 'hasOwnProperties', 'valueOfs']);
  });
});

describe('translate: named arguments', () => {
  it('reads them in their parameters\' places, not by position', () => {
    const named = { method: 'string', args: ['name'], namedArgs: { length: 100 } };
    const states = translateToStates([migration('2020_01_01_000000_a', [op('create', 't', [st(call('id')), st(named)])])], noPrefix);
    assert.deepStrictEqual(columns(states, 't'), ['id bigint unsigned', 'name varchar(100)']);
  });
});

describe('translate: calls chained on a drop command', () => {
  const laravel12 = { version: '12.0', driver: 'mysql' } as const;
  const history = (chained: string) => [
    migration('2020_01_01_000000_a', [op('create', 't', [st(call('increments', 'id')), st(call('unsignedInteger', 'u')), st(call('index', 'u', 't_u_foreign'))])]),
    migration('2020_01_02_000000_b', [op('table', 't', [st(call('foreign', 'u'), call('references', 'id'), call('on', 't'))])]),
    migration('2020_01_03_000000_c', [op('table', 't', [st(call('dropForeign', 't_u_foreign'), call(chained, 't_u_foreign'))])]),
  ];

  it('a drop…() chained on dropForeign() only sets a Fluent attribute no grammar reads: the key goes, the index stays', () => {
    for (const laravel of [laravel8, laravel12]) {
      for (const chained of ['dropIndex', 'dropUnique', 'dropColumn']) {
        const { tables, unknown } = translateMigrations(history(chained), { tablePrefix: '', laravel });
        assert.deepStrictEqual([...unknown.keys()], [], chained);
        const t = tables.get('t')!.model;
        assert.deepStrictEqual({ keys: t.foreignKeys.length, indexes: t.indexes.map((i) => i.name), columns: t.columns.map((c) => c.name) },
          { keys: 0, indexes: ['PRIMARY', 't_u_foreign'], columns: ['id', 'u'] }, chained);
      }
    }
  });

  it('any other chained call (`index`, which the grammar reads, or `name`) stays unknown', () => {
    for (const chained of ['index', 'name', 'when']) {
      const { unknown } = translateMigrations(history(chained), noPrefix);
      assert.deepStrictEqual([...unknown.keys()], ['t'], chained);
    }
  });
});
