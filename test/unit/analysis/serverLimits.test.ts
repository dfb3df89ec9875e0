// exceeds-server-limit on synthetic migrations: what the server refuses whatever the tables hold
// (the real Laravel and MariaDB prove each case in test/integration/translate/serverLimits.test.ts).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeProject } from '../../../src/core/analysis/project';
import { rules } from '../../../src/core/analysis/rules';
import type { LaravelTarget } from '../../../src/core/translate/laravelTarget';
import { file } from './inlineMigrations';

const rule = rules.filter((r) => r.id === 'exceeds-server-limit');
const strict: LaravelTarget = { version: '12.0', driver: 'mysql', strict: true, charset: 'utf8mb4', mysqlFamily: true };
const long = 'a_table_whose_name_is_long_enough_for_derived_names';

function found(bodies: readonly string[], laravel: LaravelTarget | null = strict): string[] {
  const migrations = bodies.map((body, i) => file(`2020_01_01_00000${i}_m${i}`, body));
  return analyzeProject(migrations, { rules: rule, ...(laravel ? { laravel } : {}) }).findings
    .map((f) => `${path.basename(f.file, '.php')}:${f.range.start.line} ${f.severity} ${f.message}`);
}

const create = (table: string, body: string) => `Schema::create('${table}', function (Blueprint $table) {\n            ${body}\n        });`;
const alter = (table: string, body: string) => `Schema::table('${table}', function (Blueprint $table) {\n            ${body}\n        });`;

describe('analysis/rules: exceeds-server-limit', () => {
  it("finds LinkStack's string('params', 65535) on a strict utf8mb4 connection", () => {
    assert.deepEqual(found([create('link_types', "$table->id();\n            $table->string('params', 65535);")]), [
      "2020_01_01_000000_m0:11 error Column 'params' is varchar(65535) in utf8mb4, which holds at most 16383 characters: the connection is strict, so the server refuses it and this migration fails. Use text() or a shorter length.",
    ]);
  });

  it('bounds a VARCHAR by its own, its table\'s or the connection\'s charset; a CHAR by 255 whatever the connection', () => {
    assert.deepEqual(found([
      create('a', "$table->string('ok', 16383);\n            $table->string('wide', 16384);"),
      create('b', "$table->charset = 'latin1';\n            $table->string('ok', 65532);"),
      // 21845 utf8mb3 characters are more than MariaDB takes (21844), not more than MySQL's manual allows: the server is not known.
      create('c', "$table->string('w', 21845)->charset('utf8mb3');\n            $table->string('x', 21846)->charset('utf8mb3');\n            $table->string('y', 65535)->collation('latin1_swedish_ci');"),
      alter('b', "$table->string('z', 65536);"),
      create('d', "$table->char('code', 256);"),
    ]).map((f) => f.replace(/: .*/, '')), [
      "2020_01_01_000000_m0:11 error Column 'wide' is varchar(16384) in utf8mb4, which holds at most 16383 characters",
      "2020_01_01_000002_m2:11 error Column 'x' is varchar(21846) in utf8mb3, which holds at most 21845 characters",
      "2020_01_01_000003_m3:10 error Column 'z' is varchar(65536) in latin1, which holds at most 65535 characters",
      "2020_01_01_000004_m4:10 error Column 'code' is char(256)",
    ].map((f) => f.replace(/: .*/, '')));
  });

  it("takes MariaDB's own bound where the mariadb driver says the server is MariaDB", () => {
    assert.deepEqual(found([create('c', "$table->string('w', 21845)->charset('utf8mb3');")], { ...strict, driver: 'mariadb' }).map((f) => f.replace(/: .*/, '')), [
      "2020_01_01_000000_m0:10 error Column 'w' is varchar(21845) in utf8mb3, which holds at most 21844 characters",
    ]);
    assert.deepEqual(found([create('c', "$table->string('w', 21845)->charset('utf8mb3');")], { ...strict, driver: 'mariadb', driverAssumed: true }), []);
  });

  it('says nothing of a VARCHAR when the connection is not strict, or its strictness or charset is not known', () => {
    const body = [create('t', "$table->string('params', 65535);")];
    assert.deepEqual(found(body, { ...strict, strict: false }), []);
    assert.deepEqual(found(body, { version: '12.0', driver: 'mysql', charset: 'utf8mb4', mysqlFamily: true }), []);
    assert.deepEqual(found(body, { version: '12.0', driver: 'mysql', strict: true, mysqlFamily: true }), []);
    assert.deepEqual(found(body, { ...strict, charset: 'gb18030' }), []);
    // Without the project's Laravel version, nothing is translated.
    assert.deepEqual(found(body, null), []);
    // A CHAR over 255 fails on any MySQL or MariaDB connection.
    assert.equal(found([create('t', "$table->char('c', 300);")], { version: '12.0', driver: 'mysql', mysqlFamily: true }).length, 1);
  });

  it('finds the derived index, unique, full-text and foreign key names over 64 characters (coolify)', () => {
    assert.deepEqual(found([
      create(long, "$table->id();\n            $table->string('environment_name');\n            $table->index(['environment_name']);"),
      alter(long, "$table->string('server_name_x')->unique();\n            $table->text('body_text');\n            $table->fullText('body_text');"),
      alter(long, "$table->foreignId('team_membership_id')->constrained();"),
    ]).map((f) => f.replace(/ is \d+ characters.*/, '')), [
      `2020_01_01_000000_m0:12 error Index name '${long}_environment_name_index'`,
      `2020_01_01_000001_m1:10 error Index name '${long}_server_name_x_unique'`,
      `2020_01_01_000001_m1:12 error Index name '${long}_body_text_fulltext'`,
      `2020_01_01_000002_m2:10 error Foreign key name '${long}_team_membership_id_foreign'`,
    ]);
  });

  it("claims nothing unless the default connection is known to be MySQL's or MariaDB's (coolify's is pgsql, through a variable)", () => {
    const body = create(long, "$table->id();\n            $table->string('environment_name');\n            $table->index(['environment_name']);");
    assert.deepEqual(found([body], { ...strict, mysqlFamily: false }), []);
    const { mysqlFamily: _, ...notKnown } = strict;
    assert.deepEqual(found([body], notKnown), []);
  });

  it('names the primary key only with 8.x; a table or column name over 64; an explicit short name is kept', () => {
    const primary = [create(long, "$table->string('code_name');\n            $table->primary(['code_name']);")];
    assert.equal(found(primary, { ...strict, version: '8.83' }).length, 1);
    assert.deepEqual(found(primary), []);
    assert.deepEqual(found(primary, { ...strict, version: '9' }), []);
    assert.deepEqual(found([create('t', `$table->string('${'c'.repeat(65)}');`), `Schema::rename('t', '${'r'.repeat(65)}');`])
      .map((f) => f.replace(/ is \d+ characters.*/, '')), [
      `2020_01_01_000000_m0:10 error Column name '${'c'.repeat(65)}'`,
      `2020_01_01_000001_m1:9 error Table name '${'r'.repeat(65)}'`,
    ]);
    assert.deepEqual(found([create(long, "$table->string('environment_name')->index('env_idx');\n            $table->foreignId('team_membership_id');\n            $table->foreign('team_membership_id', 'short_fk')->references('id')->on('teams');\n            $table->foreign('other_id', 'short_fk');")]), []);
  });

  it("counts the connection's prefix in table names, and in derived index names where prefix_indexes says so", () => {
    const prefixed = (indexes: boolean): LaravelTarget => ({ ...strict, connectionPrefix: { table: 'pfx_', indexes } });
    const table61 = 't'.repeat(61);
    // 40 + 1 + 17 + 6 = 64 as written; 68 with the prefix.
    const table40 = 'server_limits_table_with_forty_character';
    const bodies = [create(table61, '$table->id();'), create(table40, "$table->string('seventeen_chars_x')->index();"), `Schema::rename('${table40}', '${'r'.repeat(61)}');`];
    assert.deepEqual(found(bodies), []);
    assert.deepEqual(found(bodies, prefixed(true)).map((f) => f.replace(/: MySQL.*/, '')), [
      `2020_01_01_000000_m0:9 error Table name 'pfx_${table61}' (with the connection's prefix 'pfx_') is 65 characters long`,
      `2020_01_01_000001_m1:10 error Index name 'pfx_${table40}_seventeen_chars_x_index' is 68 characters long`,
      `2020_01_01_000002_m2:9 error Table name 'pfx_${'r'.repeat(61)}' (with the connection's prefix 'pfx_') is 65 characters long`,
    ]);
    // prefix_indexes false (or not set): the derived names are the table's without the prefix.
    assert.deepEqual(found(bodies, prefixed(false)).map((f) => f.replace(/ is \d+ characters.*/, '')), [
      `2020_01_01_000000_m0:9 error Table name 'pfx_${table61}' (with the connection's prefix 'pfx_')`,
      `2020_01_01_000002_m2:9 error Table name 'pfx_${'r'.repeat(61)}' (with the connection's prefix 'pfx_')`,
    ]);
    // One short enough with the prefix: nothing.
    assert.deepEqual(found([create('t'.repeat(60), '$table->id();'), create(table40, "$table->string('thirteen_char')->index();")], prefixed(true)), []);
  });

  it('finds a row of CHAR and VARCHAR columns over 65,535 bytes, counting only what the server surely stores', () => {
    const rows = [create('r', "$table->string('a', 16000);\n            $table->string('b', 383);")];
    assert.deepEqual(found(rows).map((f) => f.replace(/: MySQL.*/, '')), ["2020_01_01_000000_m0:9 error Table 'r' would have CHAR and VARCHAR columns of at least 65536 bytes in a row"]);
    // Not strict: still refused (1118 is no strict-mode error).
    assert.equal(found(rows, { ...strict, strict: false }).length, 1);
    // The charset not known: a character is at least a byte, and a VARCHAR past 16383 may become a TEXT.
    const { charset: _, ...noCharset } = strict;
    assert.deepEqual(found(rows, noCharset), []);
    assert.equal(found([create('r', "$table->string('a', 16000);\n            $table->string('b', 16000);\n            $table->string('c', 16000);\n            $table->string('d', 16000);\n            $table->string('e', 1600);")], noCharset).length, 1);
    assert.deepEqual(found([create('r', "$table->string('a', 20000);\n            $table->string('b', 20000);\n            $table->string('c', 20000);\n            $table->string('d', 20000);")], { ...noCharset, strict: false }), []);
    // TEXT, numbers and dates are not counted: only a miss.
    assert.deepEqual(found([create('r', "$table->id();\n            $table->text('t');\n            $table->string('a', 16000);\n            $table->string('b', 382);")]), []);
  });

  it('claims nothing where the name or the length is computed at run time, the table is unknown, or the failure is caught', () => {
    assert.deepEqual(found([
      create(long, "$table->string($column)->index();"),
      create('t2', "$table->string('p', $length);"),
      create('t3', "$table->string('p', config('x.length'));"),
      `if ($x) { ${create(long + '_2', "$table->string('environment_name')->index();")} }`,
      `try { ${alter(long, "$table->index(['environment_name']);")} } catch (QueryException $e) {}`,
      `Schema::connection('other')->create('${long}_3', function (Blueprint $table) { $table->string('environment_name')->index(); });`,
    ]), []);
  });
});
