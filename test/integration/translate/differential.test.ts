// A differential test of the translation: seeded random migration histories (see
// test/support/blueprintHistories.ts) run by every real Laravel on MariaDB, many histories per
// Laravel run (each history's tables carry a prefix of their own), and every table the
// translation gives a structure must equal what Laravel built; a table it cannot know must be
// unknown with a reason, never a wrong definite claim. The fixed seeds run on every test run;
// MD_DIFFERENTIAL_SEEDS=200 (a count) or =1000-1199 (a range) runs others locally, and
// MD_DIFFERENTIAL_REPORT=file.json writes what was checked and found (after each Laravel),
// MD_DIFFERENTIAL_BATCH=30 puts more histories in each Laravel run (12 by default).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMigrations } from '../../../src/core/analysis/load';
import { compareTables, readLiveTables } from '../../../src/core/structure';
import { translateMigrations } from '../../../src/core/translate';
import { generateHistory, type GeneratorTarget } from '../../support/blueprintHistories';
import { createTestDatabase, listTables } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { laravelRelease, laravelVersions, runLaravel, skipWithoutLaravel } from '../../support/laravelVersions';
import { migrationSource } from '../../support/migrationHistory';

/** The seeds every run checks (10 histories, about 12 s per Laravel run here). */
const fixedSeeds = Array.from({ length: 10 }, (_, i) => i + 1);

function seedsToRun(): number[] {
  const wanted = process.env.MD_DIFFERENTIAL_SEEDS;
  if (!wanted) return fixedSeeds;
  const range = /^(\d+)-(\d+)$/.exec(wanted);
  if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
  return Array.from({ length: Number(wanted) }, (_, i) => 1000 + i);
}

/** Histories per Laravel run: one failing history costs a run of the others again. */
const batchSize = Number(process.env.MD_DIFFERENTIAL_BATCH || 12);

interface Finding {
  readonly target: string;
  readonly seed: number;
  readonly problems: string[];
  readonly history: Record<string, string>;
}

interface Tally {
  histories: number;
  statements: number;
  tables: number;
  exact: number;
  unknown: number;
  unknownReasons: Map<string, number>;
  findings: Finding[];
  /** Histories Laravel refused: the generator's fault, never the translation's. */
  refused: { target: string; seed: number; message: string; history: Record<string, string> }[];
}

const tally: Tally = { histories: 0, statements: 0, tables: 0, exact: 0, unknown: 0, unknownReasons: new Map(), findings: [], refused: [] };

const prefixOf = (seed: number): string => `s${seed}_`;

/** Runs one batch of histories with one Laravel into one database and compares every table. */
async function checkBatch(target: GeneratorTarget, seeds: readonly number[]): Promise<void> {
  const label = `${target.version} (${target.driver})`;
  let pending = seeds.map((seed, i) => ({ seed, ...generateHistory(seed, prefixOf(seed), i, target) }));
  while (pending.length > 0) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-differential-'));
    const db = await createTestDatabase('md_differential');
    try {
      for (const { history } of pending) {
        for (const [name, up] of Object.entries(history)) fs.writeFileSync(path.join(dir, `${name}.php`), migrationSource(up));
      }
      const run = await runLaravel(target.version, 'migrate', { database: db.name, migrationsPath: dir, driver: target.driver, timeoutMs: 600_000 });
      if (!run.ok) {
        const failed = pending.find((h) => run.error?.migration !== undefined && h.history[run.error.migration] !== undefined);
        if (!failed) throw new Error(`Laravel ${label} failed outside any history: ${run.error?.message ?? run.output.slice(0, 2000)}`);
        tally.refused.push({ target: label, seed: failed.seed, message: `${run.error?.migration}: ${run.error?.message}`, history: failed.history });
        pending = pending.filter((h) => h !== failed);
        continue;
      }
      const { tables, unknown } = translateMigrations(await loadMigrations([dir]), {
        tablePrefix: '', laravel: { version: laravelRelease(target.version), driver: target.driver }, server: 'mariadb',
      });
      const live = (await listTables(db.name)).filter((t) => t !== 'migrations');
      const connection = await db.open();
      let models;
      try {
        models = await readLiveTables(connection, live);
      } finally {
        await connection.close();
      }
      for (const { seed, history, statements } of pending) {
        const prefix = prefixOf(seed);
        const problems: string[] = [];
        const built = live.filter((t) => t.startsWith(prefix));
        for (const name of built) {
          const expected = tables.get(name);
          const said = unknown.get(name);
          if (said) {
            tally.unknown++;
            const reason = said.reason.replace(/`[^`]*`|'[^']*'|\d{4}_\d\d_\d\d_\w+/g, '…');
            tally.unknownReasons.set(reason, (tally.unknownReasons.get(reason) ?? 0) + 1);
            if (!said.reason.trim()) problems.push(`${name}: unknown without a reason`);
          } else if (!expected) {
            problems.push(`${name}: built by Laravel, neither expected nor unknown`);
          } else {
            const differences = compareTables(expected.model, models.get(name)!);
            for (const d of differences) problems.push(`${name}: ${d.explanation}`);
            if (differences.length === 0) tally.exact++;
          }
        }
        for (const name of tables.keys()) if (name.startsWith(prefix) && !built.includes(name)) problems.push(`${name}: expected, but Laravel did not build it`);
        tally.histories++;
        tally.statements += statements;
        tally.tables += built.length;
        if (problems.length > 0) tally.findings.push({ target: label, seed, problems, history });
      }
      pending = [];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  }
}

const targets: GeneratorTarget[] = laravelVersions.flatMap((version): GeneratorTarget[] =>
  version === '8.83' ? [{ version, driver: 'mysql' }] : [{ version, driver: 'mysql' }, { version, driver: 'mariadb' }]);

describe('translate: differential against the real Laravel (seeded random histories)', function () {
  this.timeout(3_600_000);
  const seeds = seedsToRun();

  before(async () => {
    await requireOracle();
  });

  // After each Laravel, so that a long local run shows what it found so far.
  afterEach(() => {
    const report = process.env.MD_DIFFERENTIAL_REPORT;
    if (!report) return;
    fs.writeFileSync(report, JSON.stringify({ ...tally, unknownReasons: Object.fromEntries([...tally.unknownReasons].sort((a, b) => b[1] - a[1])) }, null, 2));
  });

  for (const target of targets) {
    it(`Laravel ${target.version} (${target.driver}): ${seeds.length} histories, every table exact or unknown with a reason`, async function () {
      skipWithoutLaravel(this, target.version);
      const findingsBefore = tally.findings.length;
      const refusedBefore = tally.refused.length;
      for (let i = 0; i < seeds.length; i += batchSize) await checkBatch(target, seeds.slice(i, i + batchSize));
      const refused = tally.refused.slice(refusedBefore);
      assert.deepStrictEqual(refused.map((f) => `seed ${f.seed}: ${f.message}`), [], 'Laravel runs every generated history');
      const findings = tally.findings.slice(findingsBefore);
      assert.deepStrictEqual(findings.map((f) => `seed ${f.seed}: ${f.problems.join('; ')}`), [], 'no wrong definite claim');
    });
  }
});
