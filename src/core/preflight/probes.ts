// Bounded, read-only queries over the live rows: each stops at a few samples or a count bound,
// and filters on the columns concerned (an index serves them when there is one). Never a copy.
// Never imports 'vscode'.
import type { Database } from '../db/database';
import { quoteIdentifier as q } from '../structure/normalise';

export interface Found {
  /** Rows or groups found, counted up to `limit`. */
  readonly count: number;
  readonly limit: number;
  readonly samples: string[];
}

export const countLimit = 1000;
const sampleLimit = 3;

/** A table the account may not read: the check says so instead of guessing. */
export class MissingPrivilege extends Error {}

async function read<Row>(db: Database, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  try {
    return await db.query<Row>(sql, params);
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    if (errno === 1142 || errno === 1143) throw new MissingPrivilege((error as Error).message);
    throw error;
  }
}

async function bounded(db: Database, from: string, where: string, sample: string, params: readonly unknown[] = []): Promise<Found> {
  // Samples only when something was found: in the usual case (nothing) the table is read once.
  const counted = await read<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ${countLimit}) bounded`, params);
  const count = Number(counted[0]?.n ?? 0);
  const samples = count === 0 ? [] : await read<{ v: unknown }>(db, `SELECT ${sample} AS v FROM ${from} WHERE ${where} LIMIT ${sampleLimit}`, params);
  return { count, limit: countLimit, samples: samples.map((r) => display(r.v)) };
}

function display(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

const notNull = (columns: readonly string[]): string => columns.map((c) => `${q(c)} IS NOT NULL`).join(' AND ');

/** Groups of equal values (under the columns' collation, as a unique index compares them). */
export async function duplicates(db: Database, table: string, columns: readonly string[]): Promise<Found> {
  const cols = columns.map(q).join(', ');
  const groups = `(SELECT ${cols}, COUNT(*) AS n FROM ${q(table)} WHERE ${notNull(columns)} GROUP BY ${cols} HAVING COUNT(*) > 1 LIMIT ${countLimit}) groups`;
  const counted = await read<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM ${groups}`);
  const samples = Number(counted[0]?.n ?? 0) === 0 ? [] : await read<Record<string, unknown>>(db,
    `SELECT ${cols}, COUNT(*) AS n FROM ${q(table)} WHERE ${notNull(columns)} GROUP BY ${cols} HAVING COUNT(*) > 1 ORDER BY n DESC LIMIT ${sampleLimit}`);
  return {
    count: Number(counted[0]?.n ?? 0),
    limit: countLimit,
    samples: samples.map((row) => `${columns.map((c) => display(row[c])).join('-')} (${String(row.n)} rows)`),
  };
}

/** Any row at all (up to two): a constant written into every row collides from the second one. */
export async function rowCount(db: Database, table: string, upTo: number): Promise<number> {
  const rows = await read<{ n: number | string }>(db, `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${q(table)} LIMIT ${upTo}) bounded`);
  return Number(rows[0]?.n ?? 0);
}

export function nulls(db: Database, table: string, column: string): Promise<Found> {
  return bounded(db, q(table), `${q(column)} IS NULL`, 'NULL');
}

/** Values longer than `length` characters (the longest first among the samples found). */
export function longerThan(db: Database, table: string, column: string, length: number): Promise<Found> {
  return bounded(db, q(table), `CHAR_LENGTH(${q(column)}) > ?`, `CONCAT(CHAR_LENGTH(${q(column)}), ' characters: ', LEFT(${q(column)}, 40))`, [length]);
}

export function outside(db: Database, table: string, column: string, min: bigint, max: bigint): Promise<Found> {
  return bounded(db, q(table), `(${q(column)} < ? OR ${q(column)} > ?)`, q(column), [min.toString(), max.toString()]);
}

export function usingValues(db: Database, table: string, column: string, values: readonly string[]): Promise<Found> {
  return bounded(db, q(table), `${q(column)} IN (?)`, q(column), [values]);
}

/** Child rows whose key has no parent row. */
export function orphans(db: Database, child: string, columns: readonly string[], parent: string, referenced: readonly string[]): Promise<Found> {
  const on = columns.map((c, i) => `p.${q(referenced[i])} = c.${q(c)}`).join(' AND ');
  const from = `${q(child)} c LEFT JOIN ${q(parent)} p ON ${on}`;
  const where = `${columns.map((c) => `c.${q(c)} IS NOT NULL`).join(' AND ')} AND p.${q(referenced[0])} IS NULL`;
  return bounded(db, from, where, columns.length === 1 ? `c.${q(columns[0])}` : `CONCAT_WS('-', ${columns.map((c) => `c.${q(c)}`).join(', ')})`);
}

/** Non-NULL rows of a child whose parent table is still empty (created by a pending migration). */
export function nonNull(db: Database, table: string, columns: readonly string[]): Promise<Found> {
  return bounded(db, q(table), notNull(columns), columns.length === 1 ? q(columns[0]) : `CONCAT_WS('-', ${columns.map(q).join(', ')})`);
}
