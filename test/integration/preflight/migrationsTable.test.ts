// What the migrations table itself holds for the next migrate, proven against the real thing:
// rows without their file, recorded migrations whose table is gone, batches no row has. For each
// scenario preflight predicts (through a SELECT-only account) and says which findings are only
// warnings and which make a pending migration fail; then the real `php artisan migrate --force`
// (8.83) runs on a copy: the same migration fails first with the same code, or it passes and
// records the batch the finding announces.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { loadMigrations } from '../../../src/core/analysis/load';
import { openDatabase } from '../../../src/core/db/database';
import { preflightDatabase, type DatabasePreflight, type MigrationsTableFinding } from '../../../src/core/preflight';
import { structurePort } from '../../../src/core/status/structurePort';
import { createTestUser, dropDatabase, recreateDatabase, testServer, uniqueDatabaseName, withServer, type TestUser } from '../../support/database';
import { laravelVersionProblem, runLaravel, translateOptionsFor } from '../../support/laravelVersions';
import { base, copyDatabase, create, migrationFile, runSql, table } from './oracle';

/** The files of the two migrations the base records, so that their rows are not rows without a file. */
const baseFiles: Readonly<Record<string, string>> = {
  '2024_01_01_000000_create_users_table': create('users', '$table->id();'),
  '2024_01_01_000001_create_posts_table': create('posts', '$table->id();'),
};
const tags = { '2024_01_02_000000_create_tags_table': create('tags', "$table->id(); $table->string('label');") };
const recordTags = "INSERT INTO migrations (migration, batch) VALUES ('2024_01_02_000000_create_tags_table', 2)";
const addNickname = table('users', "$table->string('nickname')->nullable();");

interface HistoryScenario {
  readonly name: string;
  /** Run after the base: the rows of the migrations table. */
  readonly sql?: string;
  /** Recorded migrations that have their file (name → up() body). */
  readonly recordedFiles?: Readonly<Record<string, string>>;
  readonly pending: readonly string[];
  readonly unknownFolders?: readonly string[];
  readonly expect: { readonly migration: number; readonly code: number } | 'passes';
  /** Kind, severity and, for a predicted failure, the index of the pending migration it fails. */
  readonly findings: readonly (readonly [MigrationsTableFinding['kind'], MigrationsTableFinding['severity'], number?])[];
  /** The batch the real migrate records, when it passes. */
  readonly nextBatch?: number;
}

const scenarios: readonly HistoryScenario[] = [
  {
    name: 'a recorded migration whose table is gone: a later migration that alters it fails with 1146 (predicted failure)',
    sql: recordTags, recordedFiles: tags,
    pending: [addNickname, table('tags', "$table->string('color')->nullable();")],
    expect: { migration: 1, code: 1146 }, findings: [['table-missing', 'predicted-failure', 1]],
  },
  {
    name: 'a recorded migration whose table is gone, that no pending migration uses: a warning, migrate passes',
    sql: recordTags, recordedFiles: tags, pending: [addNickname],
    expect: 'passes', findings: [['table-missing', 'warning']], nextBatch: 3,
  },
  {
    name: 'a row without its file: a warning, migrate passes',
    sql: "INSERT INTO migrations (migration, batch) VALUES ('2023_12_31_000000_deleted_migration', 1)", pending: [addNickname],
    expect: 'passes', findings: [['file-missing', 'warning']], nextBatch: 2,
  },
  {
    name: 'a row without a file read, with a migrations folder that cannot be told: unknown, never a false alarm; migrate passes',
    sql: "INSERT INTO migrations (migration, batch) VALUES ('2023_12_31_000000_package_migration', 1)", pending: [addNickname],
    unknownFolders: ['a package path computed at run time'],
    expect: 'passes', findings: [['file-missing', 'unknown']], nextBatch: 2,
  },
  {
    name: 'a batch gap: a warning, migrate passes and records the last batch + 1',
    sql: "UPDATE migrations SET batch = 3 WHERE migration = '2024_01_01_000001_create_posts_table'", pending: [addNickname],
    expect: 'passes', findings: [['batch-gap', 'warning']], nextBatch: 4,
  },
  {
    name: 'a batch that only a duplicated row holds is no gap',
    sql: "UPDATE migrations SET batch = 3 WHERE migration = '2024_01_01_000001_create_posts_table'; INSERT INTO migrations (migration, batch) VALUES ('2024_01_01_000001_create_posts_table', 2)",
    pending: [addNickname], expect: 'passes', findings: [], nextBatch: 4,
  },
];

/** A folder with the recorded migrations' files and the pending ones (named `pending_N`, in order). */
function writeMigrations(scenario: Pick<HistoryScenario, 'recordedFiles' | 'pending'>): { dir: string; pending: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'md-preflight-history-'));
  for (const [name, body] of Object.entries({ ...baseFiles, ...scenario.recordedFiles })) writeFileSync(path.join(dir, `${name}.php`), migrationFile(body));
  const pending = scenario.pending.map((body, i) => {
    const name = `2024_02_0${i + 1}_000000_pending_${i + 1}`;
    writeFileSync(path.join(dir, `${name}.php`), migrationFile(body));
    return name;
  });
  return { dir, pending };
}

async function predict(user: TestUser, dir: string, unknownFolders?: readonly string[]): Promise<DatabasePreflight> {
  const db = await openDatabase(user.options);
  try {
    const migrations = await loadMigrations([dir]);
    const input = { migrations, catalog: { tables: new Map(), unknown: new Map() }, structure: structurePort(), ...(unknownFolders ? { unknownFolders } : {}) };
    return await preflightDatabase(db, input, translateOptionsFor('8.83'), { strict: true });
  } finally {
    await db.close();
  }
}

describe('preflight: the migrations table, against the real migrate (8.83) on copies', function () {
  this.timeout(600_000);
  const tally = { compared: 0, matched: 0 };
  after(() => console.log(`      migrations-table scenarios: ${tally.matched} of ${tally.compared} predictions matched the real migrate`));

  for (const [n, scenario] of scenarios.entries()) {
    it(scenario.name, async () => {
      const problem = laravelVersionProblem('8.83');
      assert.equal(problem, undefined, problem);
      const { dir, pending } = writeMigrations(scenario);
      const database = uniqueDatabaseName(`md_pf_history_${n}`);
      const copy = `${database}_c`;
      let user: TestUser | undefined;
      try {
        await recreateDatabase(database);
        await runSql(database, base + (scenario.sql ?? ''));
        user = await createTestUser(database, ['SELECT']);
        const predicted = await predict(user, dir, scenario.unknownFolders);
        assert.deepEqual(predicted.missingPrivileges, [], 'a SELECT-only account is enough');
        assert.deepEqual(
          predicted.migrationsTableFindings.map((f) => [f.kind, f.severity, ...(f.failingMigration ? [pending.indexOf(f.failingMigration)] : [])]),
          scenario.findings.map((f) => [...f]),
        );
        for (const finding of predicted.migrationsTableFindings) assert.ok(finding.message && finding.effect, 'each finding says what is wrong and what it means for migrate');
        await copyDatabase(database, copy);
        const real = await runLaravel('8.83', 'migrate', { database: copy, migrationsPath: dir });
        const firstFailure = predicted.migrations.find((m) => m.prediction === 'fails');
        const summary = `predicted ${firstFailure ? `${firstFailure.name} ${String(firstFailure.error?.code)}` : 'passes'}; real ${real.ok ? 'passes' : `${String(real.error?.migration)} ${String(real.error?.code)}`}`;
        const match = real.ok
          ? !firstFailure && predicted.migrations.every((m) => m.prediction === 'passes')
          : firstFailure?.name === real.error?.migration && firstFailure?.error?.code === real.error?.code;
        tally.compared += 1;
        if (match) tally.matched += 1;
        assert.ok(match, summary);
        if (scenario.expect !== 'passes') assert.deepEqual([firstFailure?.name, firstFailure?.error?.code], [pending[scenario.expect.migration], scenario.expect.code], summary);
        if (scenario.nextBatch !== undefined) {
          const recorded = await withServer(async (c) => (await c.query(`SELECT batch FROM \`${copy}\`.migrations WHERE migration LIKE '2024_02_%'`))[0] as { batch: number }[]);
          assert.deepEqual(recorded.map((r) => Number(r.batch)), pending.map(() => scenario.nextBatch), 'the batch the real migrate recorded');
        }
        if (scenario.findings.some(([kind]) => kind === 'batch-gap')) {
          assert.match(predicted.migrationsTableFindings[0].effect, new RegExp(`records batch ${String(scenario.nextBatch)}\\b`));
        }
      } finally {
        await user?.drop();
        await dropDatabase(copy);
        await dropDatabase(database);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('the CLI shows the findings in --json (beside the specified shape), text, github and sarif', async () => {
    const { dir, pending } = writeMigrations({ recordedFiles: tags, pending: [table('tags', "$table->string('color')->nullable();")] });
    const database = uniqueDatabaseName('md_pf_history_cli');
    let user: TestUser | undefined;
    try {
      await recreateDatabase(database);
      await runSql(database, `${base}${recordTags}; INSERT INTO migrations (migration, batch) VALUES ('2023_12_31_000000_deleted_migration', 4)`);
      user = await createTestUser(database, ['SELECT']);
      let out = '';
      let err = '';
      const io: CliIo = { cwd: dir, env: { DB_PASSWORD: user.options.password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
      const server = testServer();
      const connection = ['--host', server.host, '--port', String(server.port), '--user', user.user, '--database', database, '--path', dir, '--laravel-version', '8.83'];
      assert.equal(await main(['preflight', ...connection, '--json'], io), 1, err);
      const json = JSON.parse(out) as { connection: unknown; migrations: { name: string; prediction: string; error?: { code: number } }[]; migrationsTableFindings: MigrationsTableFinding[] };
      assert.deepEqual(Object.keys(json), ['connection', 'migrations', 'migrationsTableFindings']);
      assert.deepEqual(json.migrations.map((m) => [m.name, m.prediction, m.error?.code]), [[pending[0], 'fails', 1146]]);
      assert.deepEqual(json.migrationsTableFindings.map((f) => [f.kind, f.severity, f.migration ?? f.batches]), [
        ['table-missing', 'predicted-failure', '2024_01_02_000000_create_tags_table'],
        ['file-missing', 'warning', '2023_12_31_000000_deleted_migration'],
        ['batch-gap', 'warning', [3]],
      ]);
      assert.equal(json.migrationsTableFindings[0].failingMigration, pending[0]);
      out = '';
      assert.equal(await main(['preflight', ...connection], io), 1, err);
      assert.match(out, /\nMigrations table:\n {2}predicted-failure: Recorded as ran \(batch 2\), but the table `tags` .*is predicted to fail on the missing table `tags` \(error 1146\)\.\n {2}warning: .*2023_12_31_000000_deleted_migration.*\n {2}warning: No row of the migrations table has batch 3/);
      out = '';
      assert.equal(await main(['preflight', ...connection, '--format', 'github'], io), 1, err);
      assert.match(out, /^::error file=.*2024_01_02_000000_create_tags_table\.php,title=preflight%3A migrations table%3A table-missing::/m);
      assert.match(out, /^::warning title=preflight%3A migrations table%3A file-missing::/m);
      out = '';
      assert.equal(await main(['preflight', ...connection, '--format', 'sarif'], io), 1, err);
      const sarif = JSON.parse(out) as { runs: { results: { ruleId: string; level: string; locations?: unknown[] }[] }[] };
      assert.deepEqual(sarif.runs[0].results.map((r) => [r.ruleId, r.level, r.locations !== undefined]), [
        ['preflight-fails', 'error', true],
        ['preflight-migrations-table', 'error', true],
        ['preflight-migrations-table', 'warning', false],
        ['preflight-migrations-table', 'warning', false],
      ]);
    } finally {
      await user?.drop();
      await dropDatabase(database);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
