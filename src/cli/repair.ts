// `migration-doctor repair`: plan (the default), or back up, apply under the lock, verify.
import * as path from 'node:path';
import { visibleName } from '../core/messages/visible';
import { describeConnection, openDatabase, publicConnection, type ConnectionOptions, type Database } from '../core/db/database';
import { outcomeToJson, planToJson, rehearsalToJson, renderPlanSql } from '../core/repair/preview';
import { backupPreview } from '../core/repair/backup';
import { english } from '../core/messages/catalog';
import { defaultRehearsalRows, rehearseRepair, type RehearsalOutcome } from '../core/repair/rehearse';
import { runRepair, type InterruptedRun, type RunOutcome } from '../core/repair/run';
import { freshSnapshot, loadRepairInputs, planFor, type RepairInputs } from '../core/repair/session';
import { laravelTargetOf, withUnknownFolders } from '../core/project';
import { builtInTables } from '../schema';
import type { PendingChoice, PlanNote, PlanOptions } from '../core/repair/types';
import { parseCommandArgs, positiveInteger } from './args';
import { connectionFlags, connectionOptions, connectionOptionsHelp, readCliEnv, resolveCliConnection } from './connectionOptions';
import { CliCommand, CliIo, ExitCode, UsageError } from './io';
import { onInterrupt, withDatabase } from './lifecycle';
import { laravelVersionHelp, migrationFolders, modelsReader, projectFacts, projectOptions, strictSetting } from './project';
import { withSshTunnel } from './ssh';
import { repairTenants, serverFlags } from './tenants';

export const repairHelp = `Usage: migration-doctor repair [connection options] [--plan] [--rehearse] [--apply --yes] [--only NAME]... [--batch N]
                            [--backup-dir DIR] [--json] [--path DIR]... [--choose NAME=CHOICE]... [--rename OLD=NEW]...
                            [--allow-lossy] [--no-mysqldump] [--confirm-database NAME] [--laravel-version V]
                            [--databases PATTERN [--keep-going]]

Plans the repair of every migration status shows as broken, least destructive first:
  ran-table-missing     create the table from its expected structure; the row is kept
  pending-table-exists  record it as ran when the table matches; otherwise alter-table (default),
                        record-as-ran or drop-table (--choose NAME=...)
  orphan-record         delete the row (a file renamed with its timestamp kept: update the row instead)
  schema-drift          ALTER statements to the expected structure; those that can lose data are marked

Options:
  --plan                print the plan as SQL with comments and change nothing (the default)
  --apply --yes         back up (checked), apply under a server-side lock, re-run status and verify; a
                        Markdown report (what was wrong, the SQL, the verification, the restore command)
                        is written beside the backup
  --rehearse            copy the tables' structure, the migrations table and up to --rehearse-rows rows per
                        table into a scratch database of the same server, apply and verify the plan there,
                        predict the next 'php artisan migrate' (preflight), drop the copy; the database
                        itself is only read. Needs the CREATE (and DROP) privilege on new databases
  --rehearse-rows N     rows copied per table by --rehearse (default: ${defaultRehearsalRows})
  --only NAME           repair only this migration (repeatable; a name or its beginning)
  --batch N             batch of the rows the repair records (default: highest batch + 1)
  --backup-dir DIR      where the backup goes (default: .migration-doctor/backups)
  --choose NAME=CHOICE  for an existing table that differs: alter-table, record-as-ran or drop-table
  --rename OLD=NEW      the row OLD belongs to the renamed file NEW: update it
  --allow-lossy         also apply the steps marked as able to lose data
  --no-mysqldump        use the built-in dump even when mysqldump is installed
  --confirm-database N  required with --apply on a production connection (APP_ENV=production)
  --path DIR            a migrations folder (repeatable; default: migrationDoctor.migrationPaths from
                        .vscode/settings.json, else database/migrations, with the folders the installed
                        packages register with loadMigrationsFrom())
${laravelVersionHelp}
  --json                print the plan (and the outcome) as JSON
  --databases PATTERN   every database of the server whose name matches PATTERN (SQL LIKE, e.g. 'tenant\\_%':
                        _ alone is any one character, so tenant_% also matches tenants):
                        the broken ones are planned, and with --apply repaired one at a time, each with
                        its own backup and lock, stopping at the first failure; --confirm-database takes
                        the pattern on a production connection; with --json, one summary:
                        { pattern, summary, databases: [{ database, result, summary, steps, outcome, error }] };
                        interrupted, the tenant running says where it stands, the next are skipped, the
                        summary names it (result 'interrupted')
  --keep-going          with --databases: go on with the next database after a failure

${connectionOptionsHelp}
Exit: --plan: 0 when there is nothing to repair, 1 when there is. --rehearse: 0 when the plan applies and
verifies on the copy and the next migrate is predicted to pass, 1 otherwise, 2 without the CREATE privilege. --apply: 0 only when every step ran and
the verification passes, 1 otherwise (the backup file is printed: 'migration-doctor restore FILE'), 2 on a
connection or usage error, 70 on an internal error (a bug: the message says where its log is).
A step the server refuses leaves its table as it was: a table's change is one ALTER TABLE (a new table one
CREATE TABLE with its foreign keys), applied whole or not at all. Where a step needs two statements (a foreign
key dropped and added again under its name: the drop goes with the rest of the change, the re-add last), the run
says which ran and stay applied, which failed and which did not run, and the steps never started (--json:
failure.statementsRan, failure.statementsNotRun, notRun); --rehearse says the same of the copy. A foreign key on a
column the lossy step narrows is dropped and added again in that step.
Interrupted (Ctrl-C, SIGTERM) during --apply: the running statement is stopped, the backup file and the steps
applied and not applied are said (in --json too), the lock is released; exit 130 (SIGINT) or 143 (SIGTERM).
Interrupted during the backup, the dump is stopped and its partial file removed: nothing was changed.
`;

const choiceValues: readonly PendingChoice[] = ['alter-table', 'record-as-ran', 'drop-table'];

function pair(flag: string, value: string | undefined): [string, string] {
  const eq = value?.indexOf('=') ?? -1;
  if (!value || eq <= 0 || eq === value.length - 1) throw new UsageError(`${flag} needs NAME=VALUE.`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

export const repair: CliCommand = async (args, io) => {
  const { values } = parseCommandArgs('repair', args, {
    ...projectOptions,
    ...connectionOptions,
    plan: { type: 'boolean' },
    apply: { type: 'boolean' },
    rehearse: { type: 'boolean' },
    'rehearse-rows': { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    json: { type: 'boolean' },
    'allow-lossy': { type: 'boolean' },
    'no-mysqldump': { type: 'boolean' },
    only: { type: 'string', multiple: true },
    'backup-dir': { type: 'string' },
    'confirm-database': { type: 'string' },
    batch: { type: 'string' },
    choose: { type: 'string', multiple: true },
    rename: { type: 'string', multiple: true },
    databases: { type: 'string' },
    'keep-going': { type: 'boolean' },
  });
  if (values.help) {
    io.out(repairHelp);
    return ExitCode.ok;
  }
  const apply = values.apply ?? false;
  const only = values.only ?? [];
  const choices = new Map<string, PendingChoice>();
  for (const value of values.choose ?? []) {
    const [migration, choice] = pair('--choose', value);
    if (!choiceValues.includes(choice as PendingChoice)) throw new UsageError(`--choose ${migration}=${choice}: the choice is one of ${choiceValues.join(', ')}.`);
    choices.set(migration, choice as PendingChoice);
  }
  const renames = new Map((values.rename ?? []).map((value) => pair('--rename', value)));
  const batch = values.batch === undefined ? undefined : positiveInteger('--batch', values.batch, 2_147_483_647);
  const rehearse = values.rehearse ?? false;
  if (rehearse && apply) throw new UsageError('--rehearse and --apply are two runs: rehearse first, then apply.');
  if (rehearse && values.databases !== undefined) throw new UsageError('--rehearse takes one database: use --database NAME.');
  const rehearseRows = values['rehearse-rows'] === undefined ? undefined : positiveInteger('--rehearse-rows', values['rehearse-rows'], 1_000_000_000);
  if (apply && !values.yes) throw new UsageError('--apply changes the database: add --yes to confirm (run with --plan first to read what it does).');

  const flags = serverFlags(connectionFlags(values), values.databases);
  const folders = await migrationFolders(io, 'repair', values.path ?? []);
  const env = await readCliEnv(io, flags.envFile);
  // The facts first: the connection takes their Laravel version rather than reading composer.lock again.
  const project = await projectFacts(io, folders, { paths: values.path ?? [], laravelVersion: values['laravel-version'], env });
  const connection = await resolveCliConnection(flags, io, env, false, values['laravel-version'], project.laravel.version);
  if (!connection.ok) throw connection.error;
  const options = connection.value;
  const target = values.databases ?? options.database;
  if (apply && options.production && values['confirm-database'] !== target) {
    throw new UsageError(`'${options.name}' is a production connection: add --confirm-database ${target} to apply.`);
  }
  const planOptions: PlanOptions = { only, batch, choices, renames };
  const translate = { tablePrefix: options.tablePrefix, laravel: laravelTargetOf(project.laravel) };

  const prepare = () => loadRepairInputs(project.folders, translate, builtInTables, modelsReader(io, false)).then((inputs) => ({ ...inputs, status: withUnknownFolders(inputs.status, project) }));
  // With --databases --json, `out` collects each database's JSON for the one summary.
  const printJson = (json: object) => io.out(`${JSON.stringify(json, null, 2)}\n`);
  const repairOne = async (options: ConnectionOptions, db: Database, inputs: RepairInputs, out = printJson): Promise<number> => {
    if (apply) {
      // Ctrl-C / SIGTERM, from the plan on: the run stops, says where the database stands, then the connection closes.
      const interruption = new AbortController();
      let reported = () => {};
      const said = new Promise<void>((resolve) => { reported = resolve; });
      const forget = onInterrupt(async () => { interruption.abort(); await said; });
      try {
        const { plan, snapshot } = await planFor(db, inputs, planOptions);
        return await applyAndSay(options, db, inputs, plan, snapshot, describeConnection(publicConnection(options)), out, interruption.signal);
      } finally {
        reported();
        forget();
      }
    }
    const { plan } = await planFor(db, inputs, planOptions);
    const where = describeConnection(publicConnection(options));
    if (rehearse) {
      const strict = await strictSetting(io, {}, env);
      const rehearsal = await rehearseRepair(db, plan, { inputs, translate: inputs.translate, strict, allowLossy: values['allow-lossy'] ?? false, rowLimit: rehearseRows, onInterrupt });
      if (values.json) out({ connection: publicConnection(options), plan: planToJson(plan), rehearsal: rehearsalToJson(rehearsal) });
      else printRehearsal(rehearsal, where, io, plan.notes);
      return rehearsal.kind === 'no-privilege' ? ExitCode.usage
        : (rehearsal.kind === 'rehearsed' && rehearsal.ok && rehearsal.skipped.length === 0) || (rehearsal.kind === 'nothing-to-do' && rehearsal.skipped.length === 0 && plan.notes.length === 0) ? ExitCode.ok : ExitCode.findings;
    }
    if (values.json) out({ connection: publicConnection(options), plan: planToJson(plan) });
    else {
      io.out(renderPlanSql(plan, where));
      if (plan.steps.length > 0) io.out(`\n-- ${(await backupPreview(db, plan.steps.flatMap((s) => s.backupTables))).map(english).join(' ')}`);
      if (plan.steps.length > 0) io.out(`\n-- To back up, apply and verify: migration-doctor repair --apply --yes${only.map((o) => ` --only ${visibleName(o)}`).join('')}\n`);
    }
    return plan.steps.length > 0 || plan.notes.length > 0 ? ExitCode.findings : ExitCode.ok;
  };
  const applyAndSay = async (
    options: ConnectionOptions, db: Database, inputs: RepairInputs, plan: Awaited<ReturnType<typeof planFor>>['plan'],
    snapshot: Awaited<ReturnType<typeof planFor>>['snapshot'], where: string, out: (json: object) => void, signal: AbortSignal,
  ): Promise<number> => {
    const outcome = await runRepair(db, plan, {
      signal,
      backupDirectory: path.resolve(io.cwd, values['backup-dir'] ?? '.migration-doctor/backups'),
      useMysqldump: !values['no-mysqldump'],
      allowLossy: values['allow-lossy'] ?? false,
      status: freshSnapshot(options, inputs),
      before: snapshot,
      replan: async () => (await planFor(db, inputs, planOptions)).plan,
      nextPlan: async () => {
        const fresh = await openDatabase(options);
        try { return (await planFor(fresh, inputs, planOptions)).plan; } finally { await fresh.close(); }
      },
    });
    if (outcome.kind === 'interrupted') {
      // With --databases the summary names the interrupted tenant and its facts, in text too.
      if (values.json || values.databases !== undefined) out({ connection: publicConnection(options), plan: planToJson(plan), outcome: interruptedToJson(outcome) });
      if (!values.json) {
        io.err(`migration-doctor repair: ${visibleName(outcome.message)}\n`);
        if (outcome.reportFile) io.err(`Report: ${visibleName(outcome.reportFile)}\n`);
        else if (outcome.reportFileProblem) io.err(`migration-doctor repair: the report could not be written (${visibleName(outcome.reportFileProblem)}).\n`);
      }
      // The signal handler exits with 128 + the signal's number once this is said.
      return ExitCode.findings;
    }
    if (values.json) out({ connection: publicConnection(options), plan: planToJson(plan), outcome: outcomeToJson(outcome) });
    else printOutcome(outcome, where, io, plan.notes);
    // A server that stopped answering before anything changed: nothing was checked or done, as for status.
    if ((outcome.kind === 'refused' || outcome.kind === 'backup-failed') && outcome.unreachable) return ExitCode.database;
    return outcome.kind === 'applied' && outcome.ok && outcome.skipped.length === 0 ? ExitCode.ok
      // What the plan could not repair (its notes) is left as found: not a clean run.
      : outcome.kind === 'nothing-to-do' && outcome.skipped.length === 0 && plan.notes.length === 0 ? ExitCode.ok : ExitCode.findings;
  };
  return withSshTunnel(flags, options, io, (through) => values.databases !== undefined
    ? repairTenants(through, values.databases, prepare, repairOne, { apply, keepGoing: values['keep-going'] ?? false, json: values.json ?? false }, io)
    : withDatabase(through, prepare, (db, inputs) => repairOne(through, db, inputs)));
};

function interruptedToJson(outcome: InterruptedRun): object {
  return {
    kind: outcome.kind,
    ok: false,
    ...(outcome.backup ? { backup: { file: outcome.backup.file, method: outcome.backup.manifest.method, tables: outcome.backup.manifest.tables } } : {}),
    applied: outcome.applied.map((s) => s.id),
    ...(outcome.stoppedAt ? { stoppedAt: { step: outcome.stoppedAt.step.id, statementsApplied: outcome.stoppedAt.statementsApplied, confirmed: !outcome.stoppedAt.unconfirmed } } : {}),
    notApplied: outcome.notApplied.map((s) => s.id),
    message: outcome.message,
    ...(outcome.reportFile ? { reportFile: outcome.reportFile } : {}),
  };
}

/** No step to run: what the plan could not repair, if anything, is said (like the editor's message). */
function nothingToRepair(where: string, notes: readonly PlanNote[]): string {
  return notes.length ? `Nothing can be repaired on ${where}: ${visibleName(notes.map((n) => n.message).join(' '))}\n` : `Nothing to repair on ${where}.\n`;
}

function printOutcome(outcome: RunOutcome, where: string, io: CliIo, notes: readonly PlanNote[]): void {
  switch (outcome.kind) {
    case 'nothing-to-do':
      io.out(outcome.skipped.length
        ? `Nothing applied on ${where}: the remaining steps can lose data (${outcome.skipped.map((s) => visibleName(s.id)).join(', ')}); add --allow-lossy to apply them.\n`
        : nothingToRepair(where, notes));
      return;
    case 'refused':
    case 'backup-failed':
      io.err(`migration-doctor repair: ${visibleName(outcome.message)}\n`);
      return;
    case 'applied':
      io.out(`Repair of ${where}:\n${outcome.report}\n`);
      if (outcome.skipped.length) io.out(`Skipped (can lose data; add --allow-lossy): ${outcome.skipped.map((s) => visibleName(s.id)).join(', ')}\n`);
      io.out(`${outcome.ok ? 'Verified: every repaired migration is ran with no drift.' : outcome.unverified && !outcome.failure ? 'Applied, NOT VERIFIED.' : 'Repair FAILED.'}\nBackup: ${visibleName(outcome.backup.file)}\n`);
      if (outcome.reportFile) io.out(`Report: ${visibleName(outcome.reportFile)}\n`);
      else if (outcome.reportFileProblem) io.err(`migration-doctor repair: the report could not be written (${visibleName(outcome.reportFileProblem)}).\n`);
  }
}

function printRehearsal(rehearsal: RehearsalOutcome, where: string, io: CliIo, notes: readonly PlanNote[]): void {
  switch (rehearsal.kind) {
    case 'nothing-to-do':
      io.out(rehearsal.skipped.length
        ? `Nothing to rehearse on ${where}: the remaining steps can lose data (${rehearsal.skipped.map((s) => visibleName(s.id)).join(', ')}); add --allow-lossy to rehearse them.\n`
        : nothingToRepair(where, notes));
      return;
    case 'no-privilege':
      io.err(`migration-doctor repair: ${visibleName(rehearsal.message)}\n`);
      return;
    case 'rehearsed':
      io.out(`Rehearsal of the repair of ${where} on a copy:\n${rehearsal.report}\n`);
      if (rehearsal.skipped.length) io.out(`Not rehearsed (can lose data; add --allow-lossy): ${rehearsal.skipped.map((s) => visibleName(s.id)).join(', ')}\n`);
      io.out(`${rehearsal.ok ? 'Rehearsal passed: apply with migration-doctor repair --apply --yes.' : 'Rehearsal FAILED: the plan would not leave the database ready for the next migrate.'}\n`);
  }
}
