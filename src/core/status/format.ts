// The snapshot as text (`migrate:status` plus a state column) and as the CLI's JSON. Never imports 'vscode'.
import { visibleName } from '../messages/visible';
import type { StatusFile, MigrationStatus as AnyMigrationStatus, StatusJson, StatusSnapshot, UncheckedTable } from './types';

/** Formatting reads no analysis: whole ones and the status part alone print alike. */
type MigrationStatus = AnyMigrationStatus<StatusFile>;

export function snapshotToJson(snapshot: StatusSnapshot<StatusFile>, migrations: readonly MigrationStatus[] = snapshot.migrations): StatusJson {
  return {
    connection: snapshot.connection,
    migrationsTable: snapshot.migrationsTable,
    migrations: migrationsToJson(migrations),
  };
}

/** The migrations as the CLI's JSON shows them (status, and each tenant database). */
export function migrationsToJson(migrations: readonly MigrationStatus[]): StatusJson['migrations'] {
  return migrations.map((m) => ({
    name: m.name,
    state: m.state,
    batch: m.batch,
    tables: m.tables,
    problems: m.problems.map((p) => ({
      kind: p.kind,
      ...(p.table !== undefined ? { table: p.table } : {}),
      message: p.message,
      repairs: p.repairs,
      ...(p.differences !== undefined ? { differences: p.differences } : {}),
    })),
    ...(m.unchecked !== undefined && m.unchecked.length > 0 ? { unchecked: m.unchecked.map(uncheckedToJson) } : {}),
  }));
}

/** A table that cannot be checked: its name, or the expression the migration names it with. */
function uncheckedToJson(u: UncheckedTable): UncheckedTable {
  return { ...(u.table !== undefined ? { table: u.table } : {}), ...(u.expression !== undefined ? { expression: u.expression } : {}), reason: u.reason };
}

export interface TableLabels {
  readonly ran: string;
  readonly migration: string;
  readonly batch: string;
  readonly state: string;
  readonly yes: string;
  readonly no: string;
}

const englishLabels: TableLabels = { ran: 'Ran?', migration: 'Migration', batch: 'Batch', state: 'State', yes: 'Yes', no: 'No' };

/** Laravel 8's `migrate:status` box table, with a State column, then one line per problem. */
export function renderStatusTable(
  migrations: readonly MigrationStatus[],
  labels: TableLabels = englishLabels,
  stateLabel: (state: MigrationStatus['state']) => string = (state) => state,
): string {
  const rows = migrations.map((m) => [m.batch !== null ? labels.yes : labels.no, visibleName(m.name), m.batch !== null ? String(m.batch) : '', stateLabel(m.state)]);
  const header = [labels.ran, labels.migration, labels.batch, labels.state];
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [rule, line(header), rule, ...rows.map(line), rule];
  return `${out.join('\n')}\n`;
}

/** The problems, one block per migration: what is wrong and which repair fixes it. */
export function renderProblems(migrations: readonly MigrationStatus[]): string {
  const lines: string[] = [];
  for (const m of migrations) {
    for (const problem of m.problems) {
      lines.push(`${visibleName(m.name)} [${m.state}]`, `  ${visibleName(problem.message)}`, `  ${visibleName(problem.repairHint)}`);
      for (const d of problem.differences ?? []) lines.push(`    - ${visibleName(d.explanation)}`);
    }
  }
  return lines.length > 0 ? `\n${lines.join('\n')}\n` : '';
}

/**
 * The tables that exist but whose structure the migrations do not tell: neither "matches" nor
 * "differs"; and the tables a migration names with what cannot be read, under that migration.
 */
export function renderUnchecked(migrations: readonly MigrationStatus[]): string {
  const lines = migrations.flatMap((m) => (m.unchecked ?? []).map((u) => u.table !== undefined
    ? `cannot check ${visibleName(u.table)}: ${visibleName(u.reason)}`
    : `cannot check a table of ${visibleName(m.name)}: ${visibleName(u.reason)}`));
  return lines.length > 0 ? `\n${lines.join('\n')}\n` : '';
}

/** `3 ran · 1 broken · 1 pending` */
export function summaryLine(snapshot: Pick<StatusSnapshot<StatusFile>, 'counts'>): string {
  const { ran, pending, broken } = snapshot.counts;
  return `${ran} ran · ${broken} broken · ${pending} pending`;
}
