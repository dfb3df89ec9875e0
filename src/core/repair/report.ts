// The record a repair leaves for the team: a short Markdown file beside its backup (same base
// name, `.md`) saying what was wrong and why, what was run, the verification, the backup and
// the exact command that restores it. Every sentence is a message of the catalog rendered by
// the caller's renderer (English in the CLI, the user's language in the editor). Never imports 'vscode'.
import { promises as fs } from 'node:fs';
import { describeConnection, type PublicConnection } from '../db/database';
import { message, type Message, type MessageId } from '../messages/catalog';
import type { StatusSnapshot } from '../status/types';
import { statementsOf, type StepFailure } from './apply';
import type { Backup } from './backup';
import type { VerifiedMigration } from './run';
import type { RepairStep } from './types';

export interface RepairRecord {
  readonly backup: Backup;
  readonly planned: readonly RepairStep[];
  readonly applied: readonly RepairStep[];
  readonly failure?: StepFailure;
  /** After a failure: the steps never started. */
  readonly notRun?: readonly RepairStep[];
  readonly verification: readonly VerifiedMigration[];
  readonly unverified?: string;
  /** The same as said to the user (a connection error's sentences in the user's language). */
  readonly unverifiedSaid?: string | Message;
  readonly connection: PublicConnection;
  /** The status the plan was made from (the states before the repair), when the caller has it. */
  readonly before?: StatusSnapshot;
  readonly render: (said: Message) => string;
  /** The run was interrupted (Ctrl-C, SIGTERM): its sentence (where the database stands) replaces the verification. */
  readonly interrupted?: Message;
}

/** `<backup>.md` beside `<backup>.sql`. */
export function reportFileOf(backupFile: string): string {
  return backupFile.replace(/(\.sql)?$/, '.md');
}

/** One word for a POSIX shell: single-quoted unless it is plainly safe. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The command that puts the backup back into the same database (the password is asked for as usual, never written). */
export function restoreCommand(file: string, connection: PublicConnection): string {
  const words = ['migration-doctor', 'restore', file, '--host', connection.host, '--port', String(connection.port), '--user', connection.user, '--database', connection.database];
  if (connection.migrationsTable !== 'migrations') words.push('--migrations-table', connection.migrationsTable);
  if (connection.tablePrefix) words.push('--prefix', connection.tablePrefix);
  return words.map(shellWord).join(' ');
}

/** A fenced block that no line of `text` can close. */
function fenced(language: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Markdown text is escaped where a name could start markup. */
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

/** Where the backup is and how it was made: "built-in" is a word the user's language says too. */
export function backupLine(backup: Backup): Message {
  const method = backup.manifest.method === 'built-in' ? message('report.builtInDump') : backup.manifest.method;
  return message('report.backup', backup.file, method);
}

export function renderRepairReport(record: RepairRecord): string {
  const { backup, planned, applied, failure, verification, unverified, connection, before, render } = record;
  const say = (id: MessageId, ...args: readonly (string | number | Message)[]): string => render(message(id, ...args));
  const out: string[] = [`# ${say('md.title', describeConnection(connection), backup.manifest.createdAt)}`, ''];

  out.push(`## ${say('md.wrong')}`, '');
  const states = new Map(before?.migrations.map((m) => [m.name, m]));
  for (const migration of [...new Set(planned.map((s) => s.migration))]) {
    const status = states.get(migration);
    out.push(`- ${code(migration)}: ${status ? say('md.state', code(status.state)) : say('md.stateUnknown')}`);
    for (const step of planned.filter((s) => s.migration === migration)) out.push(`  - ${render(step.said)}`);
    for (const difference of status?.problems.flatMap((p) => p.differences ?? []) ?? []) {
      out.push(`  - ${difference.said ? render(difference.said) : difference.explanation}`);
    }
  }
  out.push('');

  out.push(`## ${say('md.run')}`, '');
  out.push(applied.length
    ? render(message('report.applied', applied.length, planned.length, applied.map((s) => s.id).join(', ')))
    : render(message('report.appliedNone', applied.length, planned.length)), '');
  for (const [n, step] of applied.entries()) {
    out.push(`### ${render(message(step.table ? 'plan.stepOnTable' : 'plan.step', n + 1, step.action, step.migration, ...(step.table ? [step.table] : [])))}`, '');
    out.push(fenced('sql', step.sql.map((s) => `${s};`).join('\n')), '');
  }
  if (failure) {
    out.push(failure.statementsApplied
      ? render(message('report.failedAfter', failure.step.id, failure.statementsApplied, failure.error.said))
      : render(message('report.failed', failure.step.id, failure.error.said)), '');
    out.push(render(message('md.serverSaid', failure.error.serverMessage)), '');
    const { ran, notRun } = statementsOf(failure);
    if (ran.length > 0) out.push(say('md.statementsRan', failure.step.id), '', fenced('sql', ran.map((s) => `${s};`).join('\n')), '');
    out.push(fenced('sql', `${failure.statement};`), '');
    if (notRun.length > 0) out.push(say('md.statementsNotRun', failure.step.id), '', fenced('sql', notRun.map((s) => `${s};`).join('\n')), '');
    if (record.notRun?.length) out.push(say('report.stepsNotRun', record.notRun.map((s) => s.id).join(', ')), '');
  }

  if (record.interrupted) out.push(`## ${say('md.interrupted')}`, '', render(record.interrupted), '');
  else {
    out.push(`## ${say('md.verification')}`, '');
    if (unverified) out.push(render(message(failure ? 'report.unknownAfterFailure' : 'report.unverified', record.unverifiedSaid ?? unverified)));
    for (const v of verification) out.push(`- ${v.ok ? '✅' : '❌'} ${code(v.migration)}: ${render(v.said)}`);
    out.push('');
  }

  out.push(`## ${say('md.backup')}`, '');
  out.push(render(backupLine(backup)), '');
  out.push(say('md.restore'), '');
  out.push(fenced('sh', restoreCommand(backup.file, connection)), '');
  return out.join('\n');
}

/** Writes the report beside the backup; a repair that ran is never turned into a failure by its report. */
export async function writeRepairReport(record: RepairRecord): Promise<{ reportFile: string } | { reportFileProblem: string }> {
  const file = reportFileOf(record.backup.file);
  try {
    await fs.writeFile(file, renderRepairReport(record), { encoding: 'utf8', flag: 'wx' });
    return { reportFile: file };
  } catch (error) {
    return { reportFileProblem: `${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
