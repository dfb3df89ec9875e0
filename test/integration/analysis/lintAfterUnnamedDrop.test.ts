// Lint's table-already-exists makes no claim on a table that a statement may have dropped since it
// was created: SQL that is not a literal (read from a file here), or a drop over the tables the
// server lists (only those whose names match its LIKE). The real Laravel (8.83, 12, 13) runs each
// history: where lint says migrate fails with 1050, it does; where it is silent, here it passes.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeProject } from '../../../src/core/analysis/project';
import { readMigrations } from '../../../src/core/analysis/load';
import { createTestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravel, skipWithoutLaravel, translateOptionsFor, type LaravelVersion } from '../../support/laravelVersions';
import { create, withDbFacade } from '../preflight/oracle';

const id = '$table->id();';
const fromFile = "DB::unprepared(file_get_contents(__DIR__ . '/change.sql'));";
const listedDrop = "$results = DB::select('SELECT TABLE_NAME FROM information_schema.tables WHERE table_schema = ? AND table_name LIKE ?', [DB::connection()->getDatabaseName(), 'old%']);\n"
  + '        foreach ($results as $result) { Schema::drop($result->TABLE_NAME); }';

/** What it is, the migrations (name: up() body), the SQL file the first reads, the findings expected. */
const histories: [string, Record<string, string>, string, string[]][] = [
  ['SQL read from a file drops the table, then it is created again: passes',
    { '2024_01_01_000000_create': create('notes', id), '2024_01_02_000000_raw': fromFile, '2024_01_03_000000_again': create('notes', id) },
    'DROP TABLE notes', []],
  ['the same SQL before the table is created: 1050',
    { '2024_01_01_000000_raw': fromFile, '2024_01_02_000000_create': create('notes', id), '2024_01_03_000000_again': create('notes', id) },
    'DROP TABLE IF EXISTS notes', ["table-already-exists 2024_01_03_000000_again Table 'notes' already exists: 2024_01_02_000000_create created it."]],
  ["a drop of the tables listed LIKE 'old%': old_notes may be gone, tags is not: 1050 on tags",
    { '2024_01_01_000000_create': `${create('old_notes', id)}\n        ${create('tags', id)}`, '2024_01_02_000000_listed': listedDrop, '2024_01_03_000000_again': `${create('old_notes', id)}\n        ${create('tags', id)}` },
    '', ["table-already-exists 2024_01_03_000000_again Table 'tags' already exists: 2024_01_01_000000_create created it."]],
];

describe('lint: no "already exists" after a statement that may have dropped the table, as the real Laravel migrates', function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  for (const version of ['8.83', '12', '13'] as LaravelVersion[]) {
    for (const [what, history, sql, expected] of histories) {
      it(`Laravel ${version}: ${what}`, async function () {
        skipWithoutLaravel(this, version);
        const dir = mkdtempSync(path.join(tmpdir(), 'md-lint-unnamed-drop-'));
        const test = await createTestDatabase('md_lint_unnamed_drop');
        try {
          for (const [file, body] of Object.entries(history)) writeFileSync(path.join(dir, `${file}.php`), withDbFacade(body));
          writeFileSync(path.join(dir, 'change.sql'), sql);
          const paths = readdirSync(dir).filter((f) => f.endsWith('.php')).sort().map((f) => path.join(dir, f));
          const laravel = translateOptionsFor(version).laravel;
          const findings = analyzeProject(readMigrations(paths), { laravel }).findings
            .filter((f) => f.rule === 'table-already-exists' || f.rule === 'table-does-not-exist')
            .map((f) => `${f.rule} ${path.basename(f.file, '.php')} ${f.message}`);
          const real = await runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir });
          assert.equal(real.ok, expected.length === 0, real.output);
          if (!real.ok) assert.deepEqual([real.error?.migration, real.error?.code], ['2024_01_03_000000_again', 1050], real.output);
          assert.deepEqual(findings, expected);
        } finally {
          await test.drop();
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }
});
