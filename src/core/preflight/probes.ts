// Bounded, read-only queries over the live rows: each stops at a few samples or a count bound,
// and filters on the columns concerned (an index serves them when there is one). Never a copy.
// A filter that no index serves scans its table: the filters the checks will need on one table
// are first tried together (one scan, stopping at the first row any of them matches), so that
// the usual case, nothing found, reads each table once. Never imports 'vscode'.
import type { Database } from '../db/database';
import type { TableModel } from '../structure/model';
import { quoteIdentifier as q } from '../structure/normalise';

export interface Found {
  /** Rows or groups found, counted up to `limit`. */
  readonly count: number;
  readonly limit: number;
  readonly samples: string[];
}

export const countLimit = 1000;
const sampleLimit = 3;
const nothing = (): Found => ({ count: 0, limit: countLimit, samples: [] });

/** A table the account may not read: the check says so instead of guessing. */
export class MissingPrivilege extends Error {}

/** Rows of one live table (aliased `c` in `where`) that a check is about. */
interface Filter {
  readonly table: string;
  readonly where: string;
  readonly params: readonly unknown[];
  /**
   * The column an index on which serves the filter better than a scan of the table (a range
   * read, or a read of that smaller index); absent when no index can serve it.
   */
  readonly column?: string;
}

const filterKey = (f: Filter): string => JSON.stringify([f.table, f.where, f.params]);

function display(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

const notNull = (columns: readonly string[], alias = ''): string => columns.map((c) => `${alias}${q(c)} IS NOT NULL`).join(' AND ');
const listed = (columns: readonly string[]): string => (columns.length === 1 ? `c.${q(columns[0])}` : `CONCAT_WS('-', ${columns.map((c) => `c.${q(c)}`).join(', ')})`);

/**
 * How the checks read the rows. A planning reader sends nothing and answers "nothing found":
 * a first pass of the simulation with it notes every filter the checks need when nothing fails,
 * which the reading reader then tries together, table by table.
 */
export class RowReader {
  /** Round trips sent. */
  queries = 0;
  private readonly planned: Map<string, Map<string, Filter>>;
  /** Filters proven to match no row. */
  private readonly empty = new Set<string>();
  private readonly tried = new Map<string, Promise<void>>();

  private constructor(private readonly db: Database | undefined, private readonly live: ReadonlyMap<string, TableModel>, plan?: RowReader) {
    this.planned = plan?.planned ?? new Map();
  }

  static planning(live: ReadonlyMap<string, TableModel>): RowReader {
    return new RowReader(undefined, live);
  }

  static reading(db: Database, plan: RowReader): RowReader {
    return new RowReader(db, plan.live, plan);
  }

  private async read<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    this.queries += 1;
    try {
      return await this.db!.query<Row>(sql, params);
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      if (errno === 1142 || errno === 1143) throw new MissingPrivilege((error as Error).message);
      throw error;
    }
  }

  private async rows(filter: Filter, sample: string): Promise<Found> {
    if (!this.db) {
      const byKey = this.planned.get(filter.table) ?? new Map<string, Filter>();
      byKey.set(filterKey(filter), filter);
      this.planned.set(filter.table, byKey);
      return nothing();
    }
    await this.tryTogether(filter.table);
    if (this.empty.has(filterKey(filter))) return nothing();
    const from = `${q(filter.table)} c`;
    // Samples only when something was found: in the usual case (nothing) the table is read once.
    const counted = await this.read<{ n: number | string }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${filter.where} LIMIT ${countLimit}) bounded`, filter.params);
    const count = Number(counted[0]?.n ?? 0);
    const samples = count === 0 ? [] : await this.read<{ v: unknown }>(`SELECT ${sample} AS v FROM ${from} WHERE ${filter.where} LIMIT ${sampleLimit}`, filter.params);
    return { count, limit: countLimit, samples: samples.map((r) => display(r.v)) };
  }

  private indexed(filter: Filter): boolean {
    return filter.column !== undefined && (this.live.get(filter.table)?.indexes.some((i) => i.columns[0] === filter.column) ?? false);
  }

  /** The planned filters of a table that would each scan it, tried in one bounded read (once per table). */
  private tryTogether(table: string): Promise<void> {
    let tried = this.tried.get(table);
    if (!tried) {
      const scans = [...(this.planned.get(table)?.values() ?? [])].filter((f) => !this.indexed(f));
      tried = scans.length < 2 ? Promise.resolve() : this.read(
        `SELECT 1 AS hit FROM ${q(table)} c WHERE ${scans.map((f) => `(${f.where})`).join(' OR ')} LIMIT 1`, scans.flatMap((f) => f.params),
      ).then((hits) => {
        if (hits.length === 0) for (const f of scans) this.empty.add(filterKey(f));
      }, (error: unknown) => {
        // One unreadable table (a parent) must not make the other filters unchecked: each is then read alone.
        if (!(error instanceof MissingPrivilege)) throw error;
      });
      this.tried.set(table, tried);
    }
    return tried;
  }

  /** Groups of equal values (under the columns' collation, as a unique index compares them). */
  async duplicates(table: string, columns: readonly string[]): Promise<Found> {
    if (!this.db) return nothing();
    const cols = columns.map(q).join(', ');
    const groups = `(SELECT ${cols}, COUNT(*) AS n FROM ${q(table)} WHERE ${notNull(columns)} GROUP BY ${cols} HAVING COUNT(*) > 1 LIMIT ${countLimit}) groups`;
    const counted = await this.read<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${groups}`);
    const samples = Number(counted[0]?.n ?? 0) === 0 ? [] : await this.read<Record<string, unknown>>(
      `SELECT ${cols}, COUNT(*) AS n FROM ${q(table)} WHERE ${notNull(columns)} GROUP BY ${cols} HAVING COUNT(*) > 1 ORDER BY n DESC LIMIT ${sampleLimit}`);
    return {
      count: Number(counted[0]?.n ?? 0),
      limit: countLimit,
      samples: samples.map((row) => `${columns.map((c) => display(row[c])).join('-')} (${String(row.n)} rows)`),
    };
  }

  /** Any row at all (up to `upTo`): a constant written into every row collides from the second one. */
  async rowCount(table: string, upTo: number): Promise<number> {
    if (!this.db) return 0;
    const rows = await this.read<{ n: number | string }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${q(table)} LIMIT ${upTo}) bounded`);
    return Number(rows[0]?.n ?? 0);
  }

  nulls(table: string, column: string): Promise<Found> {
    return this.rows({ table, where: `c.${q(column)} IS NULL`, params: [], column }, 'NULL');
  }

  /** Values longer than `length` characters. */
  longerThan(table: string, column: string, length: number): Promise<Found> {
    const c = `c.${q(column)}`;
    return this.rows({ table, where: `CHAR_LENGTH(${c}) > ?`, params: [length] }, `CONCAT(CHAR_LENGTH(${c}), ' characters: ', LEFT(${c}, 40))`);
  }

  outside(table: string, column: string, min: bigint, max: bigint): Promise<Found> {
    const c = `c.${q(column)}`;
    return this.rows({ table, where: `(${c} < ? OR ${c} > ?)`, params: [min.toString(), max.toString()], column }, c);
  }

  usingValues(table: string, column: string, values: readonly string[]): Promise<Found> {
    return this.rows({ table, where: `c.${q(column)} IN (?)`, params: [values], column }, `c.${q(column)}`);
  }

  /** Child rows whose key has no parent row. */
  orphans(child: string, columns: readonly string[], parent: string, referenced: readonly string[]): Promise<Found> {
    const on = columns.map((c, i) => `p.${q(referenced[i])} = c.${q(c)}`).join(' AND ');
    const where = `${notNull(columns, 'c.')} AND NOT EXISTS (SELECT 1 FROM ${q(parent)} p WHERE ${on})`;
    // Measured on MariaDB 10.11 with 1,000,000 rows: looking the parent up within the scan the
    // other filters make costs less than a read of the key's index on its own.
    return this.rows({ table: child, where, params: [] }, listed(columns));
  }

  /** Non-NULL rows of a child whose parent table is still empty (created by a pending migration). */
  nonNull(table: string, columns: readonly string[]): Promise<Found> {
    return this.rows({ table, where: notNull(columns, 'c.'), params: [], column: columns[0] }, listed(columns));
  }
}
