// The backup taken before any change: every table the plan touches (structure and rows,
// read in chunks and streamed to disk) and the affected rows of the migrations table, in
// one .sql file that replays the pre-repair state. mysqldump writes the tables when it is
// present and enabled; the built-in dump otherwise. Never imports 'vscode'.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, promises as fs, type WriteStream } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database } from '../db/database';
import { createInterface } from 'node:readline';
import { insertedRows, quoteIdentifier, sqlLiteral, StatementSplitter } from './sqlText';

export interface BackupRequest {
  /** Tables the plan touches (created, altered or dropped); the migrations table is apart. */
  readonly tables: readonly string[];
  /** `migration` values whose rows the plan inserts, updates or deletes. */
  readonly migrationNames: readonly string[];
  /** Absolute folder; created when missing. */
  readonly directory: string;
  readonly useMysqldump: boolean;
  readonly now?: Date;
  /** Rows per SELECT of the built-in dump. */
  readonly chunkRows?: number;
}

export interface BackedUpTable {
  readonly name: string;
  /** false: the table did not exist before the repair; the restore drops it. */
  readonly existed: boolean;
  readonly rows: number;
}

export interface BackupManifest {
  readonly format: 1;
  readonly database: string;
  readonly migrationsTable: string;
  readonly createdAt: string;
  readonly method: 'mysqldump' | 'built-in';
  readonly tables: readonly BackedUpTable[];
  readonly migrationNames: readonly string[];
  readonly migrationRows: number;
  /** Why mysqldump was not used although enabled, if so. */
  readonly note?: string;
}

export interface Backup {
  readonly file: string;
  readonly manifest: BackupManifest;
}

const headerPrefix = '-- migration-doctor-backup ';
const completeMarker = '-- migration-doctor-backup complete';

export function backupFileName(database: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
  return `${database.replace(/[^\w.-]/g, '_')}-${stamp}.sql`;
}

export async function createBackup(db: Database, request: BackupRequest): Promise<Backup> {
  const { database, migrationsTable } = db.options;
  mkdirSync(request.directory, { recursive: true });
  let file = path.join(request.directory, backupFileName(database, request.now ?? new Date()));
  for (let n = 2; existsSync(file); n++) file = file.replace(/(-\d+)?\.sql$/, `-${n}.sql`);

  const existing = new Set(
    (await db.query<{ name: string }>(
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = \'BASE TABLE\'',
    )).map((r) => r.name),
  );
  const tables = [...new Set(request.tables)].filter((t) => t !== migrationsTable);
  const present = tables.filter((t) => existing.has(t));

  // Timestamps are read in UTC, as the file replays them (mysqldump does the same).
  const [{ zone }] = await db.query<{ zone: string }>('SELECT @@session.time_zone AS zone');
  await db.execute("SET time_zone = '+00:00'");
  // One snapshot for the counts and the built-in dump, so they agree.
  await db.execute('START TRANSACTION WITH CONSISTENT SNAPSHOT');
  const out = createWriteStream(file, { encoding: 'utf8', mode: 0o600 });
  try {
    const counts = new Map<string, number>();
    for (const t of present) {
      const [row] = await db.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM ${quoteIdentifier(t)}`);
      counts.set(t, Number(row.n));
    }
    const migrationRows = existing.has(migrationsTable) && request.migrationNames.length > 0
      ? await db.query(`SELECT * FROM ${quoteIdentifier(migrationsTable)} WHERE \`migration\` IN (?) ORDER BY 1`, [[...request.migrationNames]])
      : [];

    let method: BackupManifest['method'] = 'built-in';
    let note: string | undefined;
    let dumped: string | undefined;
    if (request.useMysqldump && present.length > 0) {
      const result = await runMysqldump(db, present, `${file}.mysqldump.part`);
      if (result.ok) {
        method = 'mysqldump';
        dumped = `${file}.mysqldump.part`;
      } else note = result.reason;
    }

    const manifest: BackupManifest = {
      format: 1,
      database,
      migrationsTable,
      createdAt: (request.now ?? new Date()).toISOString(),
      method,
      tables: tables.map((name) => ({ name, existed: existing.has(name), rows: counts.get(name) ?? 0 })),
      migrationNames: [...request.migrationNames],
      migrationRows: migrationRows.length,
      ...(note ? { note } : {}),
    };
    await write(out, `${headerPrefix}${JSON.stringify(manifest)}\n`);
    await write(out, `-- Replays the state of '${database}' before a repair: migration-doctor restore ${path.basename(file)}\n`);
    await write(out, "/*!40101 SET NAMES utf8mb4 */;\nSET FOREIGN_KEY_CHECKS=0;\nSET UNIQUE_CHECKS=0;\n/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n\n");
    if (dumped !== undefined) {
      for await (const chunk of createReadStream(dumped)) await write(out, chunk as Buffer);
      await write(out, '\n');
    } else for (const t of present) await dumpTable(db, out, t, request.chunkRows ?? 1000);
    // mysqldump's trailer restores the session's settings; the rest needs them off again.
    await write(out, 'SET FOREIGN_KEY_CHECKS=0;\n');
    for (const t of tables.filter((t) => !existing.has(t))) {
      await write(out, `-- ${t} did not exist before the repair.\nDROP TABLE IF EXISTS ${quoteIdentifier(t)};\n`);
    }
    if (existing.has(migrationsTable) && request.migrationNames.length > 0) {
      await writeMigrationRows(db, out, migrationsTable, request.migrationNames, migrationRows);
    }
    await write(out, `SET FOREIGN_KEY_CHECKS=1;\nSET UNIQUE_CHECKS=1;\n${completeMarker}\n`);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    return { file, manifest };
  } catch (error) {
    out.destroy();
    throw error;
  } finally {
    await fs.rm(`${file}.mysqldump.part`, { force: true });
    await db.execute('COMMIT').catch(() => undefined);
    await db.execute('SET time_zone = ?', [zone]).catch(() => undefined);
  }
}

async function dumpTable(db: Database, out: WriteStream, table: string, chunkRows: number): Promise<void> {
  const q = quoteIdentifier(table);
  const [create] = await db.query<Record<string, string>>(`SHOW CREATE TABLE ${q}`);
  await write(out, `-- Table ${table}\nDROP TABLE IF EXISTS ${q};\n${create['Create Table']};\n`);
  const columns = await db.query<{ name: string; type: string }>(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS type FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND EXTRA NOT LIKE '%GENERATED%' ORDER BY ORDINAL_POSITION`,
    [table],
  );
  const primary = (await db.query<{ name: string }>(
    `SELECT COLUMN_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION`,
    [table],
  )).map((r) => r.name);
  const names = columns.map((c) => c.name);
  const list = names.map(quoteIdentifier).join(', ');
  // The driver decodes spatial values into objects; their stored bytes (SRID + WKB) read back exactly.
  const spatial = new Set(columns.filter((c) => spatialTypes.has(c.type.toLowerCase())).map((c) => c.name));
  const select = columns.map((c) => (spatial.has(c.name) ? `HEX(${quoteIdentifier(c.name)}) AS ${quoteIdentifier(c.name)}` : quoteIdentifier(c.name))).join(', ');
  const literal = (name: string, value: unknown): string => (spatial.has(name) && typeof value === 'string' ? (value ? `0x${value}` : "''") : sqlLiteral(value));
  const order = (primary.length > 0 ? primary : names).map(quoteIdentifier).join(', ');
  let last: unknown[] | undefined;
  for (let offset = 0; ; offset += chunkRows) {
    // Keyset pages on the primary key stay fast on big tables; without one, offsets.
    const rows = primary.length > 0
      ? await db.query(
        `SELECT ${select} FROM ${q}${last ? ` WHERE (${order}) > (${last.map(() => '?').join(', ')})` : ''} ORDER BY ${order} LIMIT ${chunkRows}`,
        last ?? [])
      : await db.query(`SELECT ${select} FROM ${q} ORDER BY ${order} LIMIT ${chunkRows} OFFSET ${offset}`);
    if (rows.length === 0) break;
    const tuples = rows.map((r) => `(${names.map((n) => literal(n, r[n])).join(',')})`);
    await write(out, `INSERT INTO ${q} (${list}) VALUES\n${tuples.join(',\n')};\n`);
    last = primary.map((p) => rows[rows.length - 1][p]);
    if (rows.length < chunkRows) break;
  }
  await write(out, '\n');
}

const spatialTypes = new Set(['geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection', 'geomcollection']);

async function writeMigrationRows(
  db: Database, out: WriteStream, table: string, names: readonly string[], rows: readonly Record<string, unknown>[],
): Promise<void> {
  const q = quoteIdentifier(table);
  const [create] = await db.query<Record<string, string>>(`SHOW CREATE TABLE ${q}`);
  await write(out, `-- The rows of ${table} the repair touches, as they were.\n`);
  await write(out, `${create['Create Table'].replace(/^CREATE TABLE/i, 'CREATE TABLE IF NOT EXISTS')};\n`);
  await write(out, `DELETE FROM ${q} WHERE \`migration\` IN (${names.map(sqlLiteral).join(', ')});\n`);
  if (rows.length > 0) {
    const columns = Object.keys(rows[0]);
    const tuples = rows.map((r) => `(${columns.map((c) => sqlLiteral(r[c])).join(',')})`);
    await write(out, `INSERT INTO ${q} (${columns.map(quoteIdentifier).join(', ')}) VALUES\n${tuples.join(',\n')};\n`);
  }
}

function write(out: WriteStream, text: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(text, (error) => error && reject(error))) resolve();
    else out.once('drain', resolve);
  });
}

export function findMysqldump(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['mysqldump', 'mariadb-dump']) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Streams mysqldump's output of `tables` to `target`. */
async function runMysqldump(db: Database, tables: readonly string[], target: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const binary = findMysqldump();
  if (!binary) return { ok: false, reason: 'mysqldump was not found on PATH; the built-in dump was used.' };
  const o = db.options;
  // The password goes through a private option file, never the command line.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-dump-'));
  const options = path.join(dir, 'client.cnf');
  await fs.writeFile(options, `[client]\npassword=${JSON.stringify(o.password ?? '')}\n`, { mode: 0o600 });
  const args = [
    `--defaults-extra-file=${options}`, `--host=${o.host}`, `--port=${o.port}`, `--user=${o.user}`,
    '--single-transaction', '--skip-lock-tables', '--no-tablespaces', '--hex-blob', '--default-character-set=utf8mb4',
    ...(o.tls?.ca ? [`--ssl-ca=${o.tls.ca}`] : []),
    o.database, ...tables,
  ];
  try {
    return await new Promise((resolve) => {
      const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const sink = createWriteStream(target, { mode: 0o600 });
      child.stdout.pipe(sink);
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
      child.on('error', (error) => resolve({ ok: false, reason: `mysqldump could not start (${error.message}); the built-in dump was used.` }));
      child.on('close', (code) => sink.end(() => resolve(code === 0
        ? { ok: true }
        : { ok: false, reason: `mysqldump failed (${err.trim().split('\n')[0] || `exit ${code}`}); the built-in dump was used.` })));
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export type BackupCheck =
  | { readonly ok: true; readonly manifest: BackupManifest; readonly statements: number }
  | { readonly ok: false; readonly problem: string };

/** The statements of a backup, read as a stream (a backup can be larger than memory). */
export async function* backupStatements(file: string): AsyncGenerator<string> {
  const splitter = new StatementSplitter();
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) yield* splitter.line(line);
  yield* splitter.end();
}

/** Checks a backup before it is trusted: written to the end, every table's structure and row count present. */
export async function verifyBackup(file: string): Promise<BackupCheck> {
  let firstLine: string | undefined;
  let lastLine = '';
  try {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      firstLine ??= line;
      if (line.trim()) lastLine = line.trim();
    }
  } catch (error) {
    return { ok: false, problem: `The backup ${file} cannot be read: ${(error as Error).message}` };
  }
  if (!firstLine?.startsWith(headerPrefix)) return { ok: false, problem: `${file} is not a Migration Doctor backup (its first line is not the backup header).` };
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(firstLine.slice(headerPrefix.length)) as BackupManifest;
  } catch {
    return { ok: false, problem: `The header of ${file} is damaged.` };
  }
  if (lastLine !== completeMarker) return { ok: false, problem: `The backup ${file} is incomplete (it does not end with the completion marker).` };
  const rows = new Map<string, number>();
  const created = new Set<string>();
  let statements = 0;
  for await (const s of backupStatements(file)) {
    statements++;
    const insert = insertedRows(s);
    if (insert) rows.set(insert.table, (rows.get(insert.table) ?? 0) + insert.rows);
    const create = /^CREATE TABLE\s+(?:IF NOT EXISTS\s+)?`((?:[^`]|``)+)`/i.exec(s);
    if (create) created.add(create[1].replace(/``/g, '`'));
  }
  for (const t of manifest.tables.filter((t) => t.existed)) {
    if (!created.has(t.name)) return { ok: false, problem: `The backup ${file} lacks the structure of table '${t.name}'.` };
    if ((rows.get(t.name) ?? 0) !== t.rows) {
      return { ok: false, problem: `The backup ${file} holds ${rows.get(t.name) ?? 0} rows of '${t.name}', expected ${t.rows}.` };
    }
  }
  if ((rows.get(manifest.migrationsTable) ?? 0) !== manifest.migrationRows) {
    return { ok: false, problem: `The backup ${file} holds ${rows.get(manifest.migrationsTable) ?? 0} rows of '${manifest.migrationsTable}', expected ${manifest.migrationRows}.` };
  }
  return { ok: true, manifest, statements };
}
