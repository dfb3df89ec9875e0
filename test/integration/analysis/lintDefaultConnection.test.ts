// Lint's table-already-exists and table-does-not-exist see a table where Laravel makes it: on the
// default connection named by its name (`Schema::connection('mysql')` with mysql as the default) it
// is the default one's table, on another connection it is not. The real Laravel (8.83, 11, 12)
// runs each history: where lint says migrate fails with 1050, it does, and where it is silent, it passes.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeProject } from '../../../src/core/analysis/project';
import { readMigrations } from '../../../src/core/analysis/load';
import { createTestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravel, skipWithoutLaravel, translateOptionsFor, type LaravelVersion } from '../../support/laravelVersions';
import { create, migrationFile } from '../preflight/oracle';

const id = '$table->id();';
const on = (connection: string, body: string) => `Schema::connection('${connection}')->${body.replace(/^Schema::/, '')}`;
const addColumn = (table: string) => `Schema::table('${table}', function (Blueprint $table) { $table->string('note')->nullable(); });`;

describe('lint: a table on the default connection by its name, and on another, as the real Laravel migrates them', function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  for (const version of ['8.83', '11', '12', '13'] as LaravelVersion[]) {
    // 8.83: the fixture app's default is 'mysql'; 11+: the runner's default, named so too.
    const name = 'mysql';
    const histories: [string, Record<string, string>, string[]][] = [
      ['created by name, then on the default: 1050', { '2024_01_01_000000_named': on(name, create('invoices', id)), '2024_01_02_000000_plain': create('invoices', id) }, ['table-already-exists 2024_01_02_000000_plain']],
      ['created by name, then altered on the default: passes', { '2024_01_01_000000_named': on(name, create('notes', id)), '2024_01_02_000000_alter': addColumn('notes') }, []],
      ['created on the default, then on another connection: passes', { '2024_01_01_000000_plain': create('users_copy', id), '2024_01_02_000000_other': on('other', create('users_copy', id)) }, []],
    ];
    for (const [what, history, expected] of histories) {
      it(`Laravel ${version}: ${what}`, async function () {
        skipWithoutLaravel(this, version);
        const dir = mkdtempSync(path.join(tmpdir(), 'md-lint-default-'));
        const test = await createTestDatabase('md_lint_default');
        const other = await createTestDatabase('md_lint_default_other');
        try {
          for (const [file, body] of Object.entries(history)) writeFileSync(path.join(dir, `${file}.php`), migrationFile(body));
          const paths = readdirSync(dir).sort().map((f) => path.join(dir, f));
          const laravel = translateOptionsFor(version, { defaultConnection: name }).laravel;
          const findings = analyzeProject(readMigrations(paths), { laravel }).findings
            .filter((f) => f.rule === 'table-already-exists' || f.rule === 'table-does-not-exist')
            .map((f) => `${f.rule} ${path.basename(f.file, '.php')}`);
          const real = await runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir, otherDatabase: other.name, defaultConnection: name });
          assert.equal(real.ok, expected.length === 0, real.output);
          if (!real.ok) assert.equal(real.error?.code, 1050, real.output);
          assert.deepEqual(findings, expected);
        } finally {
          await test.drop();
          await other.drop();
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }
});
