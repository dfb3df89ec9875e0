// Files as they look while someone types, or after a bad save: the analysis yields a result
// for each, claims only what the intact file would, and never blocks on what is not a file.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listMigrationPaths, readMigrations } from '../../../src/core/analysis/load';
import { parseMigration } from '../../../src/core/analysis/parse';
import { MigrationProject, analyzeProject } from '../../../src/core/analysis/project';
import type { MigrationFile } from '../../../src/core/analysis/types';
import { computeStatus } from '../../../src/core/status/engine';
import { catalogOf } from '../../../src/core/structure/fromDrizzle';
import { structurePort } from '../../../src/core/status/structurePort';

const file = '/app/database/migrations/2024_01_01_000000_create_users_table.php';

const intact = `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up(): void
    {
        Schema::create('users', function (Blueprint $table) {
            $table->id();
            $table->string('name')->nullable();
            $table->string('email');
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('users');
    }
};
`;

function withTable(name: string): string {
  return intact.replace("Schema::create('users'", `Schema::create(${name}`);
}

const created = (m: MigrationFile) => m.up.operations.filter((o) => o.kind === 'create').map((o) => o.table.name);

describe('analysis of damaged and odd files', () => {
  describe('table names MySQL accepts but that look odd', () => {
    for (const [literal, name] of [
      ["'us`ers'", 'us`ers'], ["'it\\'s'", "it's"], ["'a\"b'", 'a"b'], ["'a;b'", 'a;b'], ["'my table'", 'my table'], ["'t(1)'", 't(1)'],
    ]) {
      it(`reads ${literal} as the table ${name}`, () => {
        const m = parseMigration(file, withTable(literal));
        assert.deepEqual(m.parseProblems, []);
        assert.deepEqual(created(m), [name]);
        assert.deepEqual(m.up.unknown, []);
      });
    }

    it('a recorded migration creating such a table that is missing is ran-table-missing, not ran', () => {
      const m = parseMigration(file, withTable("'my table'"));
      const status = computeStatus(
        { migrations: [m], catalog: catalogOf([]), structure: structurePort() },
        { rows: [{ migration: m.name, batch: 1 }], liveTables: new Set(['users']), liveStructures: new Map() },
        '',
      );
      assert.equal(status.migrations[0].state, 'ran-table-missing');
      assert.equal(status.migrations[0].problems[0].table, 'my table');
    });

    for (const literal of ["''", "'trailing '", "'a as b'"]) {
      it(`says that ${literal} cannot be read as a table name`, () => {
        const m = parseMigration(file, withTable(literal));
        assert.deepEqual(created(m), []);
        assert.equal(m.up.unknown.length, 1);
        assert.match(m.up.unknown[0].reason, /cannot/);
      });
    }
  });

  describe('a file cut or missing a parenthesis yields a result, never an exception', () => {
    // Each damaged file, and the column whose statement is damaged.
    const cuts: Record<string, [string, string?]> = {
      'cut after ->nullable(': [intact.slice(0, intact.indexOf('->nullable(') + '->nullable('.length), 'name'],
      'missing one )': [intact.replace('->nullable()', '->nullable('), 'name'],
      'missing the ) of string(': [intact.replace("string('email')", "string('email'"), 'email'],
      'cut inside down()': [intact.slice(0, intact.indexOf("dropIfExists('us"))],
    };
    for (const [what, [source, column]] of Object.entries(cuts)) {
      it(what, () => {
        const m = parseMigration(file, source);
        assert.ok(m.parseProblems.length > 0, 'the syntax error is reported');
        assert.ok(m.parseProblems.every((p) => p.kind === 'syntax'), 'no analysis failure');
        // The create of users is settled before the damage; its columns are no longer all known.
        assert.deepEqual(created(m), ['users']);
        const op = m.up.operations[0];
        if (column) {
          assert.ok(op.blueprintUnknown, 'the damaged Blueprint is not a full structure');
          assert.ok(op.blueprint!.every((s) => s.chain[0].args[0] !== column), 'no column from a damaged statement');
        } else {
          assert.deepEqual(op.blueprint!.map((s) => s.chain[0].args[0] ?? s.chain[0].method), ['id', 'name', 'email']);
        }
      });
    }

    it('lint goes on with the other files', () => {
      const good = parseMigration('/app/database/migrations/2024_01_02_000000_create_posts_table.php', intact.replace(/'users'/g, "'post'"));
      const broken = parseMigration(file, cuts['cut after ->nullable('][0]);
      const analysis = analyzeProject([broken, good]);
      assert.deepEqual(analysis.findings.map((f) => f.rule), ['name-table-mismatch']);
    });
  });

  describe('code nested deeper than the analysis can follow is unreadable, not a syntax error', () => {
    const deep = 100_000;
    const sources: Record<string, string> = {
      'nested arrays': intact.replace("$table->id();", `$table->id(); $x = ${'['.repeat(deep)}${']'.repeat(deep)};`),
      'a chain of concatenations': intact.replace("$table->id();", `$table->id(); $x = 'a'${" . 'a'".repeat(deep)};`),
      'nested parentheses': intact.replace("$table->id();", `$table->id(); $x = ${'('.repeat(deep)}1${')'.repeat(deep)};`),
    };
    for (const [what, source] of Object.entries(sources)) {
      it(what, () => {
        const m = parseMigration(file, source);
        assert.deepEqual(m.parseProblems.map((p) => [p.kind, p.message]), [['unreadable', 'nested too deeply (brackets or operators, a thousand levels or more) for the analysis to follow']]);
        assert.deepEqual(created(m), []);
        assert.equal(m.up.declared, false);
      });
    }
  });

  describe('nothing from an unterminated or error-recovered node is a fact', () => {
    it("a file ending with Schema::create('fa claims no table", () => {
      const source = intact.slice(0, intact.indexOf("Schema::create('users'") + "Schema::create('us".length);
      const m = parseMigration(file, source);
      assert.ok(m.parseProblems.length > 0);
      assert.deepEqual(m.up.operations, []);
    });

    it("recorded, such a file is ran: no table 'f' is missing, nothing to create", () => {
      const m = parseMigration(file, "<?php\nreturn new class extends Migration {\n  public function up(): void {\n    Schema::create('fa");
      const status = computeStatus(
        { migrations: [m], catalog: catalogOf([]), structure: structurePort() },
        { rows: [{ migration: m.name, batch: 1 }], liveTables: new Set(), liveStructures: new Map() },
        '',
      );
      assert.equal(status.migrations[0].state, 'ran');
      assert.deepEqual(status.migrations[0].tables, []);
    });

    it("Schema::create('u'sers', ...) claims no table 'u'", () => {
      const m = parseMigration(file, intact.replace("'users', function", "'u'sers', function"));
      assert.deepEqual(created(m), []);
    });

    it('a statement after the first syntax error is no fact', () => {
      const source = intact.replace("$table->id();", "$table->id(;").replace("Schema::create('users'", "Schema::create('users'");
      const m = parseMigration(file, source.replace('    public function down(): void\n    {\n', "    public function down(): void\n    {\n        Schema::drop('ghost');\n"));
      assert.deepEqual(m.down.operations, []);
    });

    // PHP reads up to the later error: the `}` closes the if, the class ends early, `public` is the error.
    it("a '}' typed inside a guarded if, or its '{' deleted: what followed in the branch is not read as unconditional", () => {
      const guarded = `<?php
use Illuminate\\Database\\Migrations\\Migration;
class FixLdap extends Migration
{
    public function up()
    {
        if (Schema::hasColumn('users', 'objectguid')) {
            Schema::table('users', function (Blueprint $table) { $table->dropColumn('objectguid'); });
        }
        foreach (['a'] as $t) {
            Schema::table('logs', function (Blueprint $table) { $table->dropColumn('x'); });
        }
    }
    public function down()
    {
    }
}
`;
      // The columns dropped for sure: by a Blueprint that surely runs, with no hasColumn() guard.
      const sureToRun = (m: MigrationFile): string[] => m.up.operations.filter((op) => op.conditional === undefined)
        .flatMap((op) => (op.blueprint ?? []).filter((s) => !s.when).map((s) => `${op.table.name}.${s.chain[0].args[0]}`));
      assert.deepEqual(sureToRun(parseMigration(file, guarded)), ['logs.x']);
      const typed = parseMigration(file, guarded.replace("'objectguid')) {\n", "'objectguid')) {\n}\n"));
      const deleted = parseMigration(file, guarded.replace("'objectguid')) {\n", "'objectguid'))\n"));
      for (const m of [typed, deleted]) {
        assert.ok(m.parseProblems.length > 0);
        assert.deepEqual(sureToRun(m), []);
      }
    });

    it('a chain cut by a missing semicolon is no column', () => {
      const m = parseMigration(file, intact.replace("$table->string('name')->nullable();", "$table->string('name')\n nullable();"));
      assert.ok(m.up.operations[0].blueprint!.every((s) => s.chain[0].args[0] !== 'name'));
    });

    it('a named class whose declaration is cut claims no class name', () => {
      const m = parseMigration('/app/database/migrations/2024_01_01_000000_create_users_table.php', '<?php\nclass CreateUs');
      assert.notEqual(m.class.kind, 'named');
    });
  });

  describe('encodings', () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'md-analysis-enc-')); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('a UTF-8 file with a byte order mark is read as UTF-8', () => {
      const p = path.join(dir, '2024_01_01_000000_create_users_table.php');
      writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(intact, 'utf8')]));
      const [m] = readMigrations([p]);
      assert.deepEqual(m.parseProblems, []);
      assert.deepEqual(created(m), ['users']);
    });

    for (const [encoding, bytes] of [
      ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(intact, 'utf16le')])],
      ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(intact, 'utf16le').swap16()])],
    ] as const) {
      it(`a ${encoding} file is reported, not read as empty (PHP runs it as text, not code)`, () => {
        const p = path.join(dir, '2024_01_01_000000_create_users_table.php');
        writeFileSync(p, bytes);
        const [m] = readMigrations([p]);
        assert.equal(m.parseProblems.length, 1);
        assert.match(m.parseProblems[0].message, /UTF-16/);
        assert.deepEqual(m.up.operations, []);
      });
    }
  });

  describe('entries named *.php that are not regular files', () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'md-analysis-odd-')); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('a file or an editor buffer larger than any migration is not read: unknown, and no alarm on its tables', () => {
      const creates = "<?php\nreturn new class extends Migration { public function up() { Schema::create('posts', function ($t) { $t->id(); }); } };\n";
      const alters = "<?php\nreturn new class extends Migration { public function up() { Schema::table('posts', function ($t) { $t->string('x'); }); } };\n";
      const huge = path.join(dir, '2024_01_01_000000_create_users_table.php');
      writeFileSync(huge, `${creates}/*`);
      // Sparse: 200 MB to stat and nothing to write; read, it would take seconds and hundreds of MB.
      truncateSync(huge, 200 * 1024 * 1024);
      const [read] = readMigrations([huge]);
      assert.deepEqual(read!.parseProblems.map((p) => p.message), ['cannot be read: too large (200 MB, more than 4 MB)']);
      assert.deepEqual(read!.up.operations, []);
      const project = new MigrationProject();
      project.setFile('/app/2024_01_01_000000_create_users_table.php', `${creates}/*${' '.repeat(4 * 1024 * 1024)}`);
      project.setFile('/app/2024_01_02_000000_add_x_to_posts_table.php', alters);
      const [buffer] = project.migrations();
      assert.deepEqual(buffer!.parseProblems.map((p) => p.message), ['cannot be read: too large (4.1 MB, more than 4 MB)']);
      assert.deepEqual(project.analyze().findings.map((f) => f.rule), []);
    });

    it('skips a directory, a dangling symlink, a symlink loop and a FIFO, says so once each, and never blocks', () => {
      writeFileSync(path.join(dir, '2024_01_01_000000_create_users_table.php'), intact);
      symlinkSync(path.join(dir, '2024_01_01_000000_create_users_table.php'), path.join(dir, '2024_01_06_000000_linked_users.php'));
      mkdirSync(path.join(dir, '2024_01_02_000000_a_directory.php'));
      symlinkSync(path.join(dir, 'nowhere'), path.join(dir, '2024_01_03_000000_dangling.php'));
      symlinkSync(path.join(dir, '2024_01_04_000000_loop_b.php'), path.join(dir, '2024_01_04_000000_loop_a.php'));
      symlinkSync(path.join(dir, '2024_01_04_000000_loop_a.php'), path.join(dir, '2024_01_04_000000_loop_b.php'));
      assert.equal(spawnSync('mkfifo', [path.join(dir, '2024_01_05_000000_a_fifo.php')]).status, 0);
      // In a child process: reading a FIFO blocks the whole thread, mocha's timeout included.
      const load = require.resolve('../../../src/core/analysis/load');
      const script = `require(${JSON.stringify(load)}).listMigrationPaths([${JSON.stringify(dir)}]).then((l) => {
        const migrations = require(${JSON.stringify(load)}).readMigrations(l.paths);
        console.log(JSON.stringify({ listing: l, migrations: migrations.map((m) => [m.name, m.parseProblems.length, m.up.operations.length]) }));
      });`;
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15000 });
      assert.equal(child.signal, null, 'the listing or the read blocked');
      assert.equal(child.status, 0, child.stderr);
      const { listing, migrations } = JSON.parse(child.stdout);
      assert.deepEqual(listing.paths.map((p: string) => path.basename(p)),
        ['2024_01_01_000000_create_users_table.php', '2024_01_06_000000_linked_users.php']);
      assert.deepEqual(migrations, [['2024_01_01_000000_create_users_table', 0, 1], ['2024_01_06_000000_linked_users', 0, 1]]);
      const skipped = listing.skipped.map((s: { path: string; reason: string }) => [path.basename(s.path), s.reason]);
      assert.deepEqual(skipped.map((s: string[]) => s[0]), [
        '2024_01_02_000000_a_directory.php', '2024_01_03_000000_dangling.php',
        '2024_01_04_000000_loop_a.php', '2024_01_04_000000_loop_b.php', '2024_01_05_000000_a_fifo.php',
      ]);
      for (const [, reason] of skipped) assert.match(reason, /not a regular file|does not exist|loop/);
    });
  });
});
