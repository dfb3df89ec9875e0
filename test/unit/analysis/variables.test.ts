import * as assert from 'node:assert/strict';
import { parseMigration } from '../../../src/core/analysis/parse';
import type { MigrationFile } from '../../../src/core/analysis/types';

/** A migration whose up() holds the given statements. */
function migration(up: string): MigrationFile {
  const src = `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n`
    + `return new class extends Migration {\n  public function up(): void {\n${up}\n  }\n  public function down(): void {\n  }\n};\n`;
  return parseMigration('2020_01_01_000000_x.php', src);
}

/** The tables up() creates, with their guards and condition, and the reasons of what it cannot read. */
function read(up: string): { tables: string[]; unknown: string[] } {
  const f = migration(up);
  return {
    tables: f.up.operations.map((o) => [o.kind, o.table.name, ...o.guards.map((g) => `${g.requiresExisting ? 'if' : 'unless'} ${g.table}`),
      ...(o.conditional ? [o.conditional] : [])].join(' ')),
    unknown: f.up.unknown.map((u) => u.reason),
  };
}

const create = "Schema::create($name, function (Blueprint $t) { $t->id(); });";

describe('analysis: variables a call, a reference or a scope function may change', () => {
  it('reads a variable holding a literal when nothing can change it', () => {
    assert.deepEqual(read(`$name = 'a';\ncompact('name');\n$f = function () use ($name) { $name = 'b'; };\n$f();\n${create}`),
      { tables: ['create a'], unknown: [] });
  });

  it('forgets a variable a closure captures by reference, for good (it may run later)', () => {
    const said = ['Schema::create() with $name, whose value is not known: a closure captures it by reference on line 8, and may change it whenever it runs'];
    assert.deepEqual(read(`$name = 'a';\n$f = function () use (&$name) { $name = 'b'; };\n$f();\n${create}`), { tables: [], unknown: said });
    assert.deepEqual(read(`$f = function () use (&$name) { $name = 'b'; };\n$name = 'a';\n$f();\n${create}`).tables, []);
    assert.deepEqual(read(`$name = 'a';\ncollect([1])->each(function () use (&$name) { $name = 'b'; });\n$name = 'c';\n${create}`).tables, []);
  });

  it('forgets variables bound by reference: =&, [&$x], foreach by reference, global', () => {
    const cases = [
      `$name = 'a';\n$other = &$name;\n$other = 'b';\n${create}`,
      `$other = 'a';\n$name = &$other;\n$name = 'c';\n$other = 'b';\n${create}`,
      `$name = 'a';\n$list = [&$name];\n$list[0] = 'b';\n${create}`,
      `$name = 'a';\nforeach ([1] as &$name) { }\n${create}`,
      `global $name;\n$name = 'a';\n${create}`,
    ];
    for (const up of cases) {
      const r = read(up);
      assert.deepEqual(r.tables, [], up);
      assert.match(r.unknown.join(), /bound by reference on line \d+/, up);
    }
  });

  it('forgets what extract(), parse_str(), get_defined_vars() and variable variables may overwrite', () => {
    for (const [up, by] of [
      [`$name = 'a';\nextract(['name' => 'b']);\n${create}`, 'extract()'],
      [`$name = 'a';\n\\extract($vars);\n${create}`, 'extract()'],
      [`$name = 'a';\nparse_str($query);\n${create}`, 'parse_str()'],
      [`$name = 'a';\n$all = get_defined_vars();\n${create}`, 'get_defined_vars()'],
      [`$name = 'a';\n$v = 'name';\n$$v = 'b';\n${create}`, '$$'],
      [`$name = 'a';\n\${'na' . 'me'} = 'b';\n${create}`, '$$'],
    ] as const) {
      const r = read(up);
      assert.deepEqual(r.tables, [], up);
      assert.match(r.unknown.join(), new RegExp(`${by.replace(/[$()]/g, '\\$&')} may overwrite it on line \\d+`), up);
    }
    // Assigned again afterwards: the variable holds the new literal.
    assert.deepEqual(read(`$name = 'a';\nextract(['name' => 'b']);\n$name = 'c';\n${create}`).tables, ['create c']);
    // extract() with flags may bind by reference (EXTR_REFS): nothing holds a known literal any more.
    assert.deepEqual(read(`extract($vars, EXTR_REFS);\n$name = 'c';\n${create}`).tables, []);
  });

  it('forgets variables changed inside an expression: nested assignments, list(), increments, by-reference built-ins, unset, static', () => {
    for (const up of [
      `$name = 'a';\nfoo($name = 'b');\n${create}`,
      `$name = 'a';\n[$name] = ['b'];\n${create}`,
      `$name = 'a';\nlist('x' => $name) = ['x' => 'b'];\n${create}`,
      `$name = 'a';\nfoo($name .= 'b');\n${create}`,
      `$name = 'a';\nif ($name = foo()) { }\n${create}`,
      `$name = 'a';\npreg_match('/b/', 'b', $name);\n${create}`,
      `$name = 'a';\nunset($name);\n${create}`,
      `$name = 'a';\nstatic $name = 'x';\n${create}`,
    ]) assert.deepEqual(read(up).tables, [], up);
    // A static variable assigned afterwards holds the literal: only this method reaches its slot.
    assert.deepEqual(read(`static $name;\n$name = 'a';\n${create}`).tables, ['create a']);
  });
});

describe('analysis: variables a Blueprint closure captures', () => {
  it('forgets them when the closure may overwrite any variable (extract(), parse_str(), variable variables)', () => {
    const columns = (body: string): unknown => migration(`$col = 'a';\nSchema::create('t', function (Blueprint $t) use ($col) {\n${body}\n$t->string($col);\n});`)
      .up.operations[0]?.blueprint?.map((st) => st.chain.map((c) => `${c.method}(${c.args.map((a) => JSON.stringify(a)).join(', ')})`).join('->'));
    assert.deepEqual(columns(''), ['string("a")']);
    for (const body of ["extract(['col' => 'b']);", "parse_str('col=b');", "$v = 'col'; $$v = 'b';"]) {
      assert.notDeepEqual(columns(body), ['string("a")'], body);
    }
  });
});

describe('analysis: arguments made of captured literals', () => {
  const calls = (up: string): unknown => migration(up).up.operations.map((o) => [o.table.name,
    o.blueprint?.map((st) => st.chain.map((c) => `${c.method}(${c.args.map((a) => JSON.stringify(a)).join(', ')})`).join('->'))]);

  it('reads sprintf() and interpolation over the literals a loop variable takes, as PHP makes them', () => {
    assert.deepEqual(calls(`foreach (['a', 'b'] as $n) {
      Schema::table($n, function (Blueprint $t) use ($n) { $t->index('x', sprintf('%s_to_%d', $n, 7)); $t->unique('y', "{$n}_y_$n"); });
    }`), [
      ['a', ['index("x", "a_to_7")', 'unique("y", "a_y_a")']],
      ['b', ['index("x", "b_to_7")', 'unique("y", "b_y_b")']],
    ]);
  });

  it('leaves unknown what PHP would make otherwise: another conversion, a string for %d, a missing or unknown value, a float', () => {
    for (const arg of ["sprintf('%5s', $n)", "sprintf('%d', $n)", "sprintf('%s_%s', $n)", "sprintf('%s', $o)", "\"{$n}_{$o}\"", '"i_{$f}"', "sprintf(...[$n])"]) {
      const read = calls(`$n = 'a'; $f = 1.5;\nSchema::table('t', function (Blueprint $t) use ($n, $f) { $t->index('x', ${arg}); });`) as [string, string[]][];
      assert.match(read[0][1][0], /\{"unknown"/, arg);
    }
  });
});

describe('analysis: statements after a return in up()', () => {
  it('guards what follows `if (Schema::hasTable(...)) return;` with the opposite condition (a create there may not run)', () => {
    assert.deepEqual(read("if (Schema::hasTable('users')) {\n  return;\n}\nSchema::create('posts', fn (Blueprint $t) => $t->id());").tables,
      ['create posts unless users guard on another table']);
    assert.deepEqual(read("if (! Schema::hasTable('users')) return;\nSchema::create('posts', fn (Blueprint $t) => $t->id());").tables,
      ['create posts if users guard on another table']);
    assert.deepEqual(read("if (Schema::hasTable('list_member')) return;\nSchema::table('list_helpers', fn (Blueprint $t) => $t->id());").tables,
      ['table list_helpers unless list_member']);
    // PHP keywords take any case: the statements that may return are found by the word in any case.
    assert.deepEqual(read("if (Schema::hasTable('users')) { RETURN; }\nSchema::create('posts', fn (Blueprint $t) => $t->id());").tables,
      ['create posts unless users guard on another table']);
    assert.deepEqual(read("if (Schema::hasTable('users')) ReTurn;\nSchema::create('posts', fn (Blueprint $t) => $t->id());").tables,
      ['create posts unless users guard on another table']);
  });

  it('leaves conditional, without the guard, what follows a statement that may create, drop or rename the guarded table', () => {
    assert.deepEqual(read("if (Schema::hasTable('m')) return;\nSchema::table('a', fn (Blueprint $t) => $t->id());\nSchema::rename('a', 'm');\n"
      + "Schema::table('b', fn (Blueprint $t) => $t->id());").tables, ['table a unless m', 'rename a unless m guard on another table', 'table b condition']);
    assert.deepEqual(read("if (Schema::hasTable('m')) return;\nDB::statement('DROP TABLE m');\nSchema::table('b', fn (Blueprint $t) => $t->id());").tables,
      ['table b condition']);
  });

  it('leaves conditional what follows any other return that may run', () => {
    for (const up of [
      "if (config('app.skip')) { return; }\nSchema::create('posts', fn (Blueprint $t) => $t->id());",
      "if (Schema::hasTable('users')) { Schema::drop('old'); return; }\nSchema::create('posts', fn (Blueprint $t) => $t->id());",
      "if (Schema::hasTable('users')) { return; } else { Schema::drop('old'); }\nSchema::create('posts', fn (Blueprint $t) => $t->id());",
      "foreach ($this->tables() as $t) { if ($t) return; }\nSchema::create('posts', fn (Blueprint $t) => $t->id());",
      "try { foo(); } catch (\\Exception $e) { return; }\nSchema::create('posts', fn (Blueprint $t) => $t->id());",
    ]) assert.deepEqual(read(up).tables.filter((t) => t.startsWith('create posts')), ['create posts condition'], up);
  });

  it('reads nothing after a return that always runs, and is not misled by a closure\'s return', () => {
    assert.deepEqual(read("Schema::create('a', fn (Blueprint $t) => $t->id());\nreturn;\nSchema::create('posts', fn (Blueprint $t) => $t->id());").tables,
      ['create a']);
    assert.deepEqual(read("collect([1])->each(function ($x) { return $x; });\nSchema::create('posts', fn (Blueprint $t) => $t->id());").tables,
      ['create posts']);
  });
});
