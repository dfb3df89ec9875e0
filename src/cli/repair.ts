// `migration-doctor repair`: plan (the default), or back up, apply under the lock, verify.
import * as path from 'node:path';
import { describeConnection, openDatabase, publicConnection } from '../core/db/database';
import { DatabaseError } from '../core/db/errors';
import { outcomeToJson, planToJson, renderPlanSql } from '../core/repair/preview';
import { runRepair, type RunOutcome } from '../core/repair/run';
import { freshSnapshot, loadRepairInputs, planFor } from '../core/repair/session';
import type { PendingChoice, PlanOptions } from '../core/repair/types';
import { connectionOptionsHelp, parseConnectionFlags, resolveCliConnection } from './connectionOptions';
import { CliCommand, CliIo, ExitCode, UsageError } from './io';

export const repairHelp = `Usage: migration-doctor repair [connection options] [--plan] [--apply --yes] [--only NAME]... [--batch N]
                            [--backup-dir DIR] [--json] [--path DIR]... [--choose NAME=CHOICE]... [--rename OLD=NEW]...
                            [--allow-lossy] [--no-mysqldump] [--confirm-database NAME]

Plans the repair of every migration status shows as broken, least destructive first:
  ran-table-missing     create the table from its expected structure; the row is kept
  pending-table-exists  record it as ran when the table matches; otherwise alter-table (default),
                        record-as-ran or drop-table (--choose NAME=...)
  orphan-record         delete the row (a file renamed with its timestamp kept: update the row instead)
  schema-drift          ALTER statements to the expected structure; those that can lose data are marked

Options:
  --plan                print the plan as SQL with comments and change nothing (the default)
  --apply --yes         back up (checked), apply under a server-side lock, re-run status and verify
  --only NAME           repair only this migration (repeatable; a name or its beginning)
  --batch N             batch of the rows the repair records (default: highest batch + 1)
  --backup-dir DIR      where the backup goes (default: .migration-doctor/backups)
  --choose NAME=CHOICE  for an existing table that differs: alter-table, record-as-ran or drop-table
  --rename OLD=NEW      the row OLD belongs to the renamed file NEW: update it
  --allow-lossy         also apply the steps marked as able to lose data
  --no-mysqldump        use the built-in dump even when mysqldump is installed
  --confirm-database N  required with --apply on a production connection (APP_ENV=production)
  --path DIR            a migrations folder (repeatable; default: database/migrations)
  --json                print the plan (and the outcome) as JSON

${connectionOptionsHelp}
Exit: --plan: 0 when there is nothing to repair, 1 when there is. --apply: 0 only when every step ran and
the verification passes, 1 otherwise (the backup file is printed: 'migration-doctor restore FILE'), 2 on a
connection or usage error.
`;

const choiceValues: readonly PendingChoice[] = ['alter-table', 'record-as-ran', 'drop-table'];

function pair(flag: string, value: string | undefined): [string, string] {
  const eq = value?.indexOf('=') ?? -1;
  if (!value || eq <= 0 || eq === value.length - 1) throw new UsageError(`${flag} needs NAME=VALUE.`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

export const repair: CliCommand = async (args, io) => {
  const { flags, rest } = parseConnectionFlags(args);
  const paths: string[] = [];
  const only: string[] = [];
  const choices = new Map<string, PendingChoice>();
  const renames = new Map<string, string>();
  let apply = false, yes = false, json = false, allowLossy = false, useMysqldump = true;
  let batch: number | undefined;
  let backupDir: string | undefined;
  let confirmDatabase: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value.`);
      return v;
    };
    switch (name) {
      case '--help': case '-h': io.out(repairHelp); return ExitCode.ok;
      case '--plan': break;
      case '--apply': apply = true; break;
      case '--yes': case '-y': yes = true; break;
      case '--json': json = true; break;
      case '--allow-lossy': allowLossy = true; break;
      case '--no-mysqldump': useMysqldump = false; break;
      case '--only': only.push(value()); break;
      case '--path': paths.push(value()); break;
      case '--backup-dir': backupDir = value(); break;
      case '--confirm-database': confirmDatabase = value(); break;
      case '--batch': {
        const v = value();
        batch = Number(v);
        if (!Number.isInteger(batch) || batch < 1) throw new UsageError(`--batch must be a whole number of at least 1, not '${v}'.`);
        break;
      }
      case '--choose': {
        const [migration, choice] = pair(name, value());
        if (!choiceValues.includes(choice as PendingChoice)) throw new UsageError(`--choose ${migration}=${choice}: the choice is one of ${choiceValues.join(', ')}.`);
        choices.set(migration, choice as PendingChoice);
        break;
      }
      case '--rename': { const [from, to] = pair(name, value()); renames.set(from, to); break; }
      default: throw new UsageError(`unknown option '${arg}'. Run 'migration-doctor repair --help'.`);
    }
  }
  if (apply && !yes) throw new UsageError('--apply changes the database: add --yes to confirm (run with --plan first to read what it does).');

  const connection = await resolveCliConnection(flags, io);
  if (!connection.ok) return failed(connection.error, io);
  const options = connection.value;
  if (apply && options.production && confirmDatabase !== options.database) {
    throw new UsageError(`'${options.name}' is a production connection: add --confirm-database ${options.database} to apply.`);
  }
  const folders = (paths.length > 0 ? paths : ['database/migrations']).map((p) => path.resolve(io.cwd, p));
  const planOptions: PlanOptions = { only, batch, choices, renames };

  const [inputs, db] = await Promise.all([loadRepairInputs(folders, options.tablePrefix), openDatabase(options).catch((e: unknown) => e as Error)]);
  if (db instanceof Error) return failed(db, io);
  try {
    const { plan } = await planFor(db, inputs, planOptions);
    const where = describeConnection(publicConnection(options));
    if (!apply) {
      if (json) io.out(`${JSON.stringify({ connection: publicConnection(options), plan: planToJson(plan) }, null, 2)}\n`);
      else {
        io.out(renderPlanSql(plan, where));
        if (plan.steps.length > 0) io.out(`\n-- To back up, apply and verify: migration-doctor repair --apply --yes${only.map((o) => ` --only ${o}`).join('')}\n`);
      }
      return plan.steps.length > 0 || plan.notes.length > 0 ? ExitCode.findings : ExitCode.ok;
    }
    const outcome = await runRepair(db, plan, {
      backupDirectory: path.resolve(io.cwd, backupDir ?? '.migration-doctor/backups'),
      useMysqldump,
      allowLossy,
      status: freshSnapshot(options, inputs),
      replan: async () => (await planFor(db, inputs, planOptions)).plan,
    });
    if (json) io.out(`${JSON.stringify({ connection: publicConnection(options), plan: planToJson(plan), outcome: outcomeToJson(outcome) }, null, 2)}\n`);
    else printOutcome(outcome, where, io);
    return outcome.kind === 'applied' && outcome.ok && outcome.skipped.length === 0 ? ExitCode.ok
      : outcome.kind === 'nothing-to-do' && outcome.skipped.length === 0 ? ExitCode.ok : ExitCode.findings;
  } catch (error) {
    return failed(error, io);
  } finally {
    await db.close();
  }
};

function printOutcome(outcome: RunOutcome, where: string, io: CliIo): void {
  switch (outcome.kind) {
    case 'nothing-to-do':
      io.out(outcome.skipped.length
        ? `Nothing applied on ${where}: the remaining steps can lose data (${outcome.skipped.map((s) => s.id).join(', ')}); add --allow-lossy to apply them.\n`
        : `Nothing to repair on ${where}.\n`);
      return;
    case 'refused':
    case 'backup-failed':
      io.err(`migration-doctor repair: ${outcome.message}\n`);
      return;
    case 'applied':
      io.out(`Repair of ${where}:\n${outcome.report}\n`);
      if (outcome.skipped.length) io.out(`Skipped (can lose data; add --allow-lossy): ${outcome.skipped.map((s) => s.id).join(', ')}\n`);
      io.out(`${outcome.ok ? 'Verified: every repaired migration is ran with no drift.' : 'Verification FAILED.'}\nBackup: ${outcome.backup.file}\n`);
  }
}

function failed(error: unknown, io: CliIo): number {
  if (error instanceof DatabaseError) {
    io.err(`migration-doctor repair: ${error.sentence}\n${error.nextStep}\n`);
    return ExitCode.usage;
  }
  throw error;
}
