// The backup taken before any change: every table the plan touches (structure and rows,
// read in chunks and streamed to disk) and the affected rows of the migrations table, in
// one .sql file that replays the pre-repair state. mysqldump writes the tables when it is
// present and enabled; the built-in dump otherwise. Never imports 'vscode'.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants, createReadStream, existsSync, mkdirSync, promises as fs, readdirSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { NotRegularFile, notRegular } from '../analysis/readSource';
import { newestConnection, watchProgram, type ConnectionOptions, type Database, type RowBatch } from '../db/database';
import { isServerSilent } from '../db/errors';
import { english, message, tableList, type Message } from '../messages/catalog';
import { encodeRow, insertTable, quoteIdentifier, rowBound, sqlComment, sqlLiteral, StatementSplitter, type ValueKind } from './sqlText';

export interface BackupRequest {
  /** Tables the plan touches (created, altered or dropped); the migrations table is apart. */
  readonly tables: readonly string[];
  /** `migration` values whose rows the plan inserts, updates or deletes. */
  readonly migrationNames: readonly string[];
  /** Absolute folder; created when missing. */
  readonly directory: string;
  readonly useMysqldump: boolean;
  readonly now?: Date;
  /** Bytes per INSERT of the built-in dump (default 1 MiB). */
  readonly statementBytes?: number;
  /** Aborted (Ctrl-C, SIGTERM): no further table is dumped, mysqldump is stopped, the partial file removed. */
  readonly signal?: AbortSignal;
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
  /** The triggers of the backed-up tables (the restore re-creates them). */
  readonly triggers?: readonly string[];
  /** What the backup does not hold although it depends on its tables (views, routines). */
  readonly notContained?: string;
  /** How many statements the file holds after its header line. */
  readonly statements?: number;
  /**
   * Bytes of its largest statement: a restore refuses a server whose max_allowed_packet is smaller
   * before changing anything (it would drop a table, then be refused its rows).
   */
  readonly largestStatement?: number;
  /**
   * CRC-32 (hex) of the file after its header line, then of this header without this field: a
   * file that still matches it is the one the dump wrote (and the repair read in full before
   * changing anything), so a restore's check need not read every statement again. A checksum
   * against accidents (a copy cut short, an edit, a flipped bit), as the full read is: anyone
   * who means to change a backup can change its counts too.
   */
  readonly crc32?: string;
  /** Why mysqldump was not used although enabled, if so (English, for the file's reader). */
  readonly note?: string;
  /** The same, for the report in the user's language. */
  readonly noteSaid?: Message;
}

export interface Backup {
  readonly file: string;
  readonly manifest: BackupManifest;
}

/** A backup refused before it held anything: what it would have to hold, it cannot (said why). */
export class BackupRefused extends Error {
  constructor(readonly said: Message) {
    super(english(said));
  }
}

/** A backup that could not be written; its partial file is already removed. */
export class BackupFailed extends Error {
  constructor(readonly error: unknown, readonly removedFile: string) {
    super(error instanceof Error ? error.message : String(error));
  }
}

const headerPrefix = '-- migration-doctor-backup ';
const completeMarker = '-- migration-doctor-backup complete';

export function backupFileName(database: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
  return `${database.replace(/[^\w.-]/g, '_')}-${stamp}.sql`;
}

/**
 * Removes unfinished files and stops child processes when the process ends before the work
 * does: on exit, and on Ctrl-C, SIGTERM or SIGHUP, after which the process still ends as
 * the signal asked unless someone else handles it.
 */
export function guardUnfinished(): { readonly files: Set<string>; readonly children: Set<ChildProcess>; dispose(): void } {
  const files = new Set<string>();
  const children = new Set<ChildProcess>();
  const clean = (): void => {
    for (const child of children) child.kill('SIGTERM');
    for (const file of files) rmSync(file, { force: true });
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal: NodeJS.Signals): void => {
    clean();
    dispose();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const dispose = (): void => {
    process.off('exit', clean);
    for (const s of signals) process.off(s, onSignal);
  };
  process.on('exit', clean);
  for (const s of signals) process.on(s, onSignal);
  return { files, children, dispose };
}

/** The session's sql_mode without NO_BACKSLASH_ESCAPES: the driver's parameters and the dump's literals escape with backslashes. */
export async function withBackslashEscapes(db: Database): Promise<() => Promise<void>> {
  const [{ mode }] = await db.query<{ mode: string }>('SELECT @@session.sql_mode AS mode');
  if (!/NO_BACKSLASH_ESCAPES/i.test(mode)) return async () => undefined;
  const without = mode.split(',').filter((m) => m.toUpperCase() !== 'NO_BACKSLASH_ESCAPES').join(',');
  await db.execute(`SET SESSION sql_mode = ${sqlLiteral(without)}`);
  return async () => { await db.execute(`SET SESSION sql_mode = ${sqlLiteral(mode)}`).catch(() => undefined); };
}

/**
 * Writes the backup to `<file>.part` and renames it when complete: a failure at any point
 * (the connection lost, the disk full, the process interrupted) leaves no file that looks
 * like a backup, and throws a {@link BackupFailed} naming the file that was removed.
 */
export async function createBackup(db: Database, request: BackupRequest): Promise<Backup> {
  const { database } = db.options;
  let file = path.join(request.directory, backupFileName(database, request.now ?? new Date()));
  try {
    mkdirSync(request.directory, { recursive: true });
  } catch (error) {
    throw new BackupFailed(error, file);
  }
  for (let n = 2; existsSync(file) || existsSync(`${file}.part`); n++) file = file.replace(/(-\d+)?\.sql$/, `-${n}.sql`);
  const guard = guardUnfinished();
  const part = `${file}.part`;
  const dumped = `${file}.mysqldump.part`;
  guard.files.add(part).add(dumped);
  let out: FileHandle | undefined;
  try {
    out = await fs.open(part, 'wx', 0o600);
    const manifest = await writeBackup(db, request, out, dumped, guard.children, path.basename(file));
    await out.sync();
    await out.close();
    out = undefined;
    await fs.rename(part, file);
    return { file, manifest };
  } catch (error) {
    throw new BackupFailed(error, file);
  } finally {
    await out?.close().catch(() => undefined);
    for (const f of guard.files) await fs.rm(f, { force: true }).catch(() => undefined);
    guard.dispose();
  }
}

async function writeBackup(
  db: Database, request: BackupRequest, out: FileHandle, dumped: string, children: Set<ChildProcess>, fileName: string,
): Promise<BackupManifest> {
  const { database, migrationsTable } = db.options;
  const file = new BufferedFile(out);
  const write = (text: string | Buffer): Promise<void> => file.write(text);
  const statements = (text: string): Promise<void> => file.writeStatements(text);
  const types = new Map((await db.query<{ name: string; type: string }>(
    'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
  )).map((r) => [r.name, r.type]));
  const existing = new Set([...types].filter(([, type]) => type === 'BASE TABLE').map(([name]) => name));
  const tables = [...new Set(request.tables)].filter((t) => t !== migrationsTable);
  // Taken for absent, such a table would be missing from the file, and the restore's DROP TABLE IF
  // EXISTS of a table 'that did not exist' drops a sequence or a system-versioned table for good.
  const other = tables.find((t) => types.has(t) && !existing.has(t));
  if (other !== undefined) throw new BackupRefused(message('backup.notBaseTable', other, types.get(other)!));
  const present = tables.filter((t) => existing.has(t));
  const scope = await backupScope(db, present);
  await refuseOtherDefiners(db, scope.triggers);

  // Timestamps are read in UTC, as the file replays them (mysqldump does the same).
  // The largest statement the server accepts is read with it: no query of its own.
  const [{ zone, packet }] = await db.query<{ zone: string; packet: number | string }>('SELECT @@session.time_zone AS zone, @@max_allowed_packet AS packet');
  await db.execute("SET time_zone = '+00:00'");
  const restoreMode = await withBackslashEscapes(db);
  // One snapshot for the built-in dump and the migrations rows.
  await db.execute('START TRANSACTION WITH CONSISTENT SNAPSHOT');
  try {
    const counts = new Map<string, number>();
    const migrationRows = existing.has(migrationsTable) && request.migrationNames.length > 0
      ? await db.query(`SELECT * FROM ${quoteIdentifier(migrationsTable)} WHERE \`migration\` IN (?) ORDER BY 1`, [[...request.migrationNames]])
      : [];

    let method: BackupManifest['method'] = 'built-in';
    let note: Message | undefined;
    let dumpedStatements = 0;
    let largest: LargestStatement = { bytes: 0, table: '' };
    if (request.useMysqldump && present.length > 0) {
      const result = await runMysqldump(db.options, await newestConnection(db), present, dumped, children, request.signal);
      // A mysqldump stopped by the interruption is not a reason to fall back to the built-in dump.
      request.signal?.throwIfAborted();
      if (result.ok) {
        method = 'mysqldump';
        dumpedStatements = result.statements;
        largest = result.largest;
        // mysqldump read its own snapshot: the rows it says it wrote are the ones to check.
        for (const t of present) counts.set(t, result.rows.get(t) ?? 0);
      } else note = result.reason;
    } else if (request.useMysqldump) {
      // The tables the repair creates do not exist yet: only migrations rows are saved, and those are always written here.
      note = message('backup.nothingToDump');
    }

    const manifestWith = (counts: ReadonlyMap<string, number>, statements: number, largestStatement: number): BackupManifest => ({
      format: 1,
      database,
      migrationsTable,
      createdAt: (request.now ?? new Date()).toISOString(),
      method,
      tables: tables.map((name) => ({ name, existed: existing.has(name), rows: counts.get(name) ?? 0 })),
      migrationNames: [...request.migrationNames],
      migrationRows: migrationRows.length,
      triggers: scope.triggers.map((t) => t.name),
      ...(scope.notContained ? { notContained: english(scope.notContained) } : {}),
      ...(note ? { note: english(note), noteSaid: note } : {}),
      statements,
      largestStatement,
    });
    // The built-in dump counts the rows as it writes them (a COUNT(*) would read every table once
    // more), and every dump its statements and bytes: the header is written with room for the
    // counts and the checksum, and written again at the end.
    const header = JSON.stringify({ ...manifestWith(counts, 0, 0), crc32: '0'.repeat(8) });
    const room = header.length + 40 + (method === 'built-in' ? 20 * present.length : 0);
    await write(`${headerPrefix}${header.padEnd(room)}\n`);
    await file.checksumFromHere();
    await write(`${sqlComment(`Replays the state of '${database}' before a repair: migration-doctor restore ${fileName}`)}\n`);
    await statements("/*!40101 SET NAMES utf8mb4 */;\nSET FOREIGN_KEY_CHECKS=0;\nSET UNIQUE_CHECKS=0;\n/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n\n");
    if (method === 'mysqldump') {
      for await (const chunk of createReadStream(dumped)) await write(chunk as Buffer);
      await write('\n');
      file.statements += dumpedStatements;
    } else {
      const columns = await tableColumns(db, present);
      for (const t of present) {
        request.signal?.throwIfAborted();
        const dumped = await dumpTable(db, file, t, columns.get(t) ?? [], request.statementBytes ?? defaultStatementBytes);
        counts.set(t, dumped.rows);
        largest = larger(largest, { bytes: dumped.largest, table: t });
        for (const trigger of scope.triggers.filter((tr) => tr.table === t)) await dumpTrigger(db, statements, trigger.name);
      }
    }
    refuseUnreplayable(largest, Number(packet));
    // mysqldump's trailer restores the session's settings; the rest needs them off again.
    await statements("SET FOREIGN_KEY_CHECKS=0;\n/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n");
    for (const t of tables.filter((t) => !existing.has(t))) {
      await statements(`${sqlComment(`${t} did not exist before the repair.`)}\nDROP TABLE IF EXISTS ${quoteIdentifier(t)};\n`);
    }
    if (existing.has(migrationsTable) && request.migrationNames.length > 0) {
      await writeMigrationRows(db, statements, migrationsTable, request.migrationNames, migrationRows);
    }
    await statements(`SET FOREIGN_KEY_CHECKS=1;\nSET UNIQUE_CHECKS=1;\n${completeMarker}\n`);
    await file.flush();
    const manifest = manifestWith(counts, file.statements, largest.bytes);
    const sealed: BackupManifest = { ...manifest, crc32: seal(file.checksum(), manifest) };
    // Only digits and the checksum's hex changed: as many characters as bytes, within the room.
    await file.writeAt(0, `${headerPrefix}${JSON.stringify(sealed).padEnd(room)}`);
    return sealed;
  } finally {
    await db.execute('COMMIT').catch(() => undefined);
    await restoreMode();
    await db.execute('SET time_zone = ?', [zone]).catch(() => undefined);
  }
}

interface BackupScope {
  /** `definer` and `account` (CURRENT_USER(), read with them) as the server spells them: `user@host`. */
  readonly triggers: readonly { readonly name: string; readonly table: string; readonly definer: string; readonly account: string }[];
  /** A sentence naming the views and routines that use the tables, which no backup here holds. */
  readonly notContained?: Message;
}

/**
 * What a restore of `tables` needs beside them (their triggers, which the backup holds) and
 * what depends on them without being backed up (views, stored routines): said before the
 * user confirms, and in the backup's header.
 */
export async function backupScope(db: Database, tables: readonly string[]): Promise<BackupScope> {
  if (tables.length === 0) return { triggers: [] };
  const triggers = await db.query<{ name: string; table: string; definer: string; account: string }>(
    `SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS \`table\`, DEFINER AS definer, CURRENT_USER() AS account FROM information_schema.TRIGGERS
     WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE IN (?) ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER, TRIGGER_NAME`, [[...tables]]);
  // Bodies are searched for the names: the server keeps no list of what a view or routine reads.
  // A view's definition is stored quoted (a backtick in a name doubled), a routine's as written:
  // each name is looked for both ways.
  const spellings = tables.flatMap((t) => [t, quoteIdentifier(t)]);
  const mentions = (column: string): string => spellings.map(() => `LOCATE(?, ${column}) > 0`).join(' OR ');
  const views = (await db.query<{ name: string }>(
    `SELECT TABLE_NAME AS name FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND (${mentions('VIEW_DEFINITION')}) ORDER BY 1`, spellings)).map((r) => r.name);
  const routines = (await db.query<{ name: string; type: string }>(
    `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND (${mentions('ROUTINE_DEFINITION')}) ORDER BY 1`, spellings))
    .map((r) => message(r.type.toUpperCase() === 'PROCEDURE' ? 'backup.procedure' : 'backup.function', r.name));
  const named = [...views.map((v) => message('backup.view', v)), ...routines];
  return {
    triggers,
    ...(named.length > 0 ? { notContained: message(named.length === 1 ? 'backup.notContainedOne' : 'backup.notContained', listOf(named)) } : {}),
  };
}

/**
 * Refuses a trigger this account could not create again from the backup: both dumps keep its
 * DEFINER, and creating a trigger for another account needs SUPER or SET USER (MySQL 8:
 * SET_USER_ID, SET_ANY_DEFINER). Its restore would drop the table, give the rows back and stop at
 * the trigger, which is then lost, with the rest of the file not replayed. Only the account's own
 * global grants are read (one granted through a role is not seen: then refused, never wrongly kept).
 */
async function refuseOtherDefiners(db: Database, triggers: BackupScope['triggers']): Promise<void> {
  const other = triggers.find((t) => t.definer !== t.account);
  if (!other) return;
  const allowed = await db.query(
    `SELECT 1 FROM information_schema.USER_PRIVILEGES
      WHERE GRANTEE = CONCAT("'", SUBSTRING_INDEX(CURRENT_USER(), '@', 1), "'@'", SUBSTRING_INDEX(CURRENT_USER(), '@', -1), "'")
        AND PRIVILEGE_TYPE IN ('SUPER', 'SET USER', 'SET_USER_ID', 'SET_ANY_DEFINER')`);
  if (allowed.length === 0) throw new BackupRefused(message('backup.triggerDefiner', other.name, other.table, other.definer, other.account));
}

/** Messages as one comma-separated list, each rendered in the language of the sentence it is part of. */
function listOf(items: readonly Message[]): Message {
  return items.slice(1).reduce((list, item) => message('list.more', list, item), items[0]!);
}

/** What a backup of `tables` will and will not hold, in one or two sentences: said before the user confirms. */
export async function backupPreview(db: Database, tables: readonly string[]): Promise<Message[]> {
  const existing = new Set((await db.query<{ name: string }>(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'")).map((r) => r.name));
  const present = [...new Set(tables)].filter((t) => t !== db.options.migrationsTable && existing.has(t));
  const scope = await backupScope(db, present);
  const triggers = scope.triggers.map((t) => t.name);
  const holds = present.length === 0
    ? message('backup.holdsRowsOnly')
    : triggers.length === 0
      ? message('backup.holds', tableList(present))
      : message(triggers.length === 1 ? 'backup.holdsTrigger' : 'backup.holdsTriggers', tableList(present), tableList(triggers));
  return scope.notContained ? [holds, scope.notContained] : [holds];
}

/**
 * A trigger as its creator defined it, under the sql_mode and the connection collation it was
 * created with (its string literals compare in that collation). The client's character set stays
 * the file's: the body is written in UTF-8.
 */
async function dumpTrigger(db: Database, write: (text: string) => Promise<void>, name: string): Promise<void> {
  const [row] = await db.query<Record<string, string>>(`SHOW CREATE TRIGGER ${quoteIdentifier(name)}`);
  const body = row['SQL Original Statement'];
  // The mysql client keeps 15 characters of a delimiter (a longer one is cut and never found).
  let delimiter = [';;', '$$', '//', '#~#'].find((d) => !body.includes(d)) ?? ';;0;;';
  for (let n = 1; body.includes(delimiter); n++) delimiter = `;;${n};;`;
  await write(`${sqlComment(`Trigger ${name}`)}\nSET SESSION sql_mode = ${sqlLiteral(row.sql_mode)};\nSET SESSION collation_connection = ${sqlLiteral(row.collation_connection)};\n`);
  await write(`DELIMITER ${delimiter}\n${body}${delimiter}\nDELIMITER ;\n`);
  await write("/*!40101 SET NAMES utf8mb4 */;\n/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n\n");
}

/** The longest INSERT of a dump, in bytes, and its table. */
interface LargestStatement {
  readonly bytes: number;
  readonly table: string;
}

const larger = (a: LargestStatement, b: LargestStatement): LargestStatement => (b.bytes > a.bytes ? b : a);

/**
 * Refuses a dump holding a statement the server would refuse to replay: one row can be larger
 * written as SQL (binary in hex is twice its size) than the largest statement the server accepts
 * (max_allowed_packet), which it was not when the application sent it in pieces or escaped. Its
 * restore would drop the table, then fail on the row. The margin covers the packet's own header.
 */
function refuseUnreplayable(largest: LargestStatement, packet: number): void {
  if (largest.bytes + 1024 > packet) throw new BackupRefused(message('backup.statementTooLarge', largest.table, largest.bytes, packet));
}

/** Statements of at most this many bytes (bar one larger row): within every server's default max_allowed_packet. */
const defaultStatementBytes = 1 << 20;

interface Column {
  readonly name: string;
  /** information_schema's DATA_TYPE, lower case. */
  readonly type: string;
  readonly charset: string | null;
  readonly generated: boolean;
  /** Position in the primary key, if part of it. */
  readonly key: number | null;
}

/**
 * The columns of every table and their place in the primary key, in one query: two filtered
 * reads of information_schema (a join of its views would open every table of every database).
 */
async function tableColumns(db: Database, tables: readonly string[]): Promise<Map<string, Column[]>> {
  const byTable = new Map<string, Column[]>(tables.map((t) => [t, []]));
  if (tables.length === 0) return byTable;
  const rows = await db.query<{ part: string; table: string; name: string; type: string | null; charset: string | null; extra: string | null; position: number | string }>(
    `SELECT 'column' AS part, TABLE_NAME AS \`table\`, COLUMN_NAME AS name, DATA_TYPE AS type, CHARACTER_SET_NAME AS charset, EXTRA AS extra, ORDINAL_POSITION AS position
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)
     UNION ALL
     SELECT 'key', TABLE_NAME, COLUMN_NAME, NULL, NULL, NULL, ORDINAL_POSITION
     FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?) AND CONSTRAINT_NAME = 'PRIMARY'
     ORDER BY 1, 2, 7`, [[...tables], [...tables]]);
  const keys = new Map(rows.filter((r) => r.part === 'key').map((r) => [`${r.table}\0${r.name}`, Number(r.position)]));
  for (const r of rows.filter((r) => r.part === 'column')) {
    byTable.get(r.table)?.push({
      name: r.name, type: (r.type ?? '').toLowerCase(), charset: r.charset, generated: /GENERATED/i.test(r.extra ?? ''), key: keys.get(`${r.table}\0${r.name}`) ?? null,
    });
  }
  return byTable;
}

const binaryTypes = new Set(['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob', 'bit']);
const spatialTypes = new Set(['geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection', 'geomcollection']);
const numericTypes = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'float', 'double', 'real', 'year']);
/** Types without a character set whose text the server sends (dates, times, MySQL's JSON, MariaDB's addresses and UUIDs). */
const textWithoutCharset = new Set(['date', 'datetime', 'timestamp', 'time', 'json', 'inet4', 'inet6', 'uuid']);
const storedAsBytes = new Set(['inet4', 'inet6', 'uuid']);

function valueKind(column: Column): ValueKind {
  if (numericTypes.has(column.type)) return 'number';
  if (binaryTypes.has(column.type) || spatialTypes.has(column.type)) return 'hex';
  return column.charset !== null || textWithoutCharset.has(column.type) ? 'text' : 'hex';
}

/**
 * The column as the bytes of its text (numbers, dates, text in UTF-8) or its stored bytes (binary,
 * spatial: SRID + WKB): sent with character_set_results NULL, as the server holds or computes
 * them, never converted on the way nor decoded by the driver, its literal is written from them as
 * they are. Only text in another character set is converted, to UTF-8, as the file is.
 */
function rawExpression(column: Column): string {
  const q = quoteIdentifier(column.name);
  // MariaDB's UUID and addresses would come as their 16 (or 4) stored bytes, which read back as text are no value: their text is asked for.
  return (column.charset !== null && !/^utf8mb4$/i.test(column.charset)) || storedAsBytes.has(column.type) ? `CONVERT(${q} USING utf8mb4)` : q;
}

/** Writes the table's structure and rows; returns how many rows, and the bytes of its largest INSERT. */
async function dumpTable(db: Database, out: BufferedFile, table: string, all: readonly Column[], statementBytes: number): Promise<{ rows: number; largest: number }> {
  const q = quoteIdentifier(table);
  const [create] = await db.query<Record<string, string>>(`SHOW CREATE TABLE ${q}`);
  await out.writeStatements(`${sqlComment(`Table ${table}`)}\nDROP TABLE IF EXISTS ${q};\n${create['Create Table']};\n`);
  if (!db.rowBatches) throw new Error('The backup needs a connection that streams rows.');
  const columns = all.filter((c) => !c.generated);
  // One streamed read in the snapshot; the primary key's order keeps the file the same from one run to the next.
  const primary = all.filter((c) => c.key !== null).sort((a, b) => (a.key ?? 0) - (b.key ?? 0));
  const order = primary.length > 0 ? ` ORDER BY ${primary.map((c) => quoteIdentifier(c.name)).join(', ')}` : '';
  // A session (or a server that ignores the client's character set) converting results to a
  // narrower one would turn what it cannot hold into '?': for this read, nothing is converted.
  const [{ results }] = await db.query<{ results: string | null }>('SELECT @@session.character_set_results AS results');
  await db.execute('SET character_set_results = NULL');
  let written: { rows: number; largest: number };
  try {
    written = await writeInserts(
      out, Buffer.from(`INSERT INTO ${q} (${columns.map((c) => quoteIdentifier(c.name)).join(', ')}) VALUES\n`), statementBytes,
      columns.map(valueKind), db.rowBatches(`SELECT ${columns.map(rawExpression).join(', ')} FROM ${q}${order}`),
    );
  } finally {
    await db.execute('SET character_set_results = ?', [results]).catch(() => undefined);
  }
  await out.write('\n');
  return written;
}

/**
 * Writes the rows as INSERTs of at most `statementBytes` (each at least one row), each tuple
 * encoded straight into the file's buffer; returns how many rows, and the bytes of the largest INSERT.
 */
async function writeInserts(
  out: BufferedFile, head: Buffer, statementBytes: number, kinds: readonly ValueKind[], batches: AsyncIterable<RowBatch>,
): Promise<{ rows: number; largest: number }> {
  let rows = 0;
  let statement = 0;
  let largest = 0;
  for await (const { buffers, starts, ends } of batches) for (let r = 0; r < ends.length; r++) {
    const room = rowBound(ends[r] - starts[r], kinds.length) + head.length + 2;
    if (!out.hasRoom(room)) await out.reserve(room);
    const buffer = out.buffer;
    let at = out.used;
    // Written as the next row of the statement; moved into a new statement if it does not fit.
    if (statement === 0) at += head.copy(buffer, at);
    else {
      buffer[at++] = 0x2c;
      buffer[at++] = 0x0a;
    }
    const start = at;
    let end = encodeRow(buffers[r], starts[r], ends[r], kinds, buffer, start);
    const length = end - start;
    if (statement === 0) {
      statement = head.length;
      out.statements++;
    } else if (statement + length > statementBytes) {
      buffer.copyWithin(start + head.length, start, end);
      buffer[start - 2] = 0x3b;
      head.copy(buffer, start);
      end += head.length;
      statement = head.length;
      out.statements++;
    }
    statement += length + 2;
    if (statement > largest) largest = statement;
    out.used = end;
    rows++;
  }
  if (statement > 0) await out.write(';\n');
  return { rows, largest };
}

/**
 * Appends to a file in large writes, through one reused buffer: the dump adds millions of
 * small pieces, which die young instead of piling up in a string until the next write.
 */
class BufferedFile {
  /** Filled up to `used`; {@link writeInserts} encodes into it directly. */
  buffer = Buffer.allocUnsafe(1 << 20);
  used = 0;
  /** Bytes already in the file (the buffer goes after them). */
  private written = 0;
  /** Statements written so far, as the restore's splitter will count them. */
  statements = 0;
  /** CRC-32 of the bytes written since {@link checksumFromHere}. */
  private crc?: number;

  constructor(private readonly handle: FileHandle) {}

  /** Adds the data; returns the write to await when the buffer had to be emptied first. */
  add(data: string | Buffer): Promise<void> | undefined {
    return this.put(data) ? undefined : this.write(data);
  }

  async write(data: string | Buffer): Promise<void> {
    if (this.put(data)) return;
    await this.flush();
    if (this.put(data)) return;
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    await this.writeAll(bytes, bytes.length);
  }

  /** Writes whole statements (the delimiter back to `;` at the end), counting them. */
  async writeStatements(text: string): Promise<void> {
    this.statements += statementsIn(text);
    await this.write(text);
  }

  /** From here on, every byte written goes into {@link checksum} (the header, written again at the end, does not). */
  async checksumFromHere(): Promise<void> {
    await this.flush();
    this.crc = 0;
  }

  checksum(): number {
    if (this.crc === undefined) throw new Error('No checksum was started.');
    return this.crc;
  }

  /** Copies the data into the buffer if it fits. */
  private put(data: string | Buffer): boolean {
    if (typeof data === 'string') {
      // A UTF-16 unit is at most 3 bytes of UTF-8.
      if (this.used + data.length * 3 > this.buffer.length) return false;
      this.used += this.buffer.write(data, this.used);
    } else {
      if (this.used + data.length > this.buffer.length) return false;
      this.used += data.copy(this.buffer, this.used);
    }
    return true;
  }

  async flush(): Promise<void> {
    await this.writeAll(this.buffer, this.used);
    this.used = 0;
  }

  hasRoom(bytes: number): boolean {
    return this.used + bytes <= this.buffer.length;
  }

  /** Writes `text` over the file's bytes from `position` (the buffer emptied first). */
  async writeAt(position: number, text: string): Promise<void> {
    await this.flush();
    const bytes = Buffer.from(text);
    for (let done = 0; done < bytes.length;) done += (await this.handle.write(bytes, done, bytes.length - done, position + done)).bytesWritten;
  }

  /** Empties the buffer, and makes it larger if one row needs more. */
  async reserve(bytes: number): Promise<void> {
    await this.flush();
    if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
  }

  private async writeAll(bytes: Buffer, length: number): Promise<void> {
    if (this.crc !== undefined) this.crc = crc32(bytes.subarray(0, length), this.crc);
    for (let done = 0; done < length;) {
      const { bytesWritten } = await this.handle.write(bytes, done, length - done, this.written);
      done += bytesWritten;
      this.written += bytesWritten;
    }
  }
}

async function writeMigrationRows(
  db: Database, write: (text: string) => Promise<void>, table: string, names: readonly string[], rows: readonly Record<string, unknown>[],
): Promise<void> {
  const q = quoteIdentifier(table);
  const [create] = await db.query<Record<string, string>>(`SHOW CREATE TABLE ${q}`);
  await write(`${sqlComment(`The rows of ${table} the repair touches, as they were.`)}\n`);
  await write(`${create['Create Table'].replace(/^CREATE TABLE/i, 'CREATE TABLE IF NOT EXISTS')};\n`);
  await write(`DELETE FROM ${q} WHERE \`migration\` IN (${names.map(sqlLiteral).join(', ')});\n`);
  if (rows.length > 0) {
    const columns = Object.keys(rows[0]);
    const tuples = rows.map((r) => `(${columns.map((c) => sqlLiteral(r[c])).join(',')})`);
    await write(`INSERT INTO ${q} (${columns.map(quoteIdentifier).join(', ')}) VALUES\n${tuples.join(',\n')};\n`);
  }
}

/**
 * The first of `names` on PATH, then, on Windows, in the MariaDB and MySQL installers' folders
 * (`C:\\Program Files\\MariaDB 10.11\\bin`, `…\\MySQL\\MySQL Server 8.0\\bin`), which they do not always add to PATH.
 */
export function findProgram(names: readonly string[], env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const windows = platform === 'win32';
  // A copied environment on Windows loses the case-insensitivity of process.env: Path is PATH there.
  const dirs = (env.PATH ?? env.Path ?? '').split(windows ? ';' : ':');
  if (windows) dirs.push(...windowsInstallFolders(env));
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, windows ? `${name}.exe` : name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

function windowsInstallFolders(env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  for (const root of [env.ProgramFiles ?? env.PROGRAMFILES, env['ProgramFiles(x86)']]) {
    if (!root) continue;
    // Newest version first: 10.11 before 10.6.
    const children = (dir: string) => { try { return readdirSync(dir).sort((x, y) => y.localeCompare(x, 'en', { numeric: true })); } catch { return []; } };
    for (const name of children(root)) if (/^MariaDB /i.test(name)) found.push(path.join(root, name, 'bin'));
    for (const name of children(path.join(root, 'MySQL'))) if (/^MySQL Server /i.test(name)) found.push(path.join(root, 'MySQL', name, 'bin'));
  }
  return found;
}

export const findMysqldump = (env?: NodeJS.ProcessEnv): string | undefined => findProgram(['mysqldump', 'mariadb-dump'], env);
export const findMysqlClient = (env?: NodeJS.ProcessEnv): string | undefined => findProgram(['mysql', 'mariadb'], env);

/**
 * How a MySQL client program reaches the server: every value attached to its option
 * (`--host=...`), no option file read (`--no-defaults`), the password in the child's own
 * MYSQL_PWD (honoured by the MariaDB and MySQL clients), never on disk or the command line.
 * Names (database, tables) come after `--`, so none can be read as an option.
 */
export function clientInvocation(o: ConnectionOptions): { readonly args: readonly string[]; readonly env: NodeJS.ProcessEnv } {
  return {
    args: [
      '--no-defaults', `--host=${o.host}`, `--port=${o.port}`, `--user=${o.user}`, '--default-character-set=utf8mb4',
      ...(o.tls?.ca && !o.tls.ca.includes('-----BEGIN') ? [`--ssl-ca=${o.tls.ca}`] : []),
    ],
    env: { ...process.env, MYSQL_PWD: o.password ?? '' },
  };
}

/** The program's name as the user knows it: `mysqldump`, `mariadb-dump`, `mysql`. */
export function programName(binary: string): string {
  return path.basename(binary).replace(/\.exe$/i, '');
}

/** Ends a client program: SIGTERM, then SIGKILL if it is still there a second later (one blocked where it does not look at signals). */
export function stopChild(child: ChildProcess): void {
  child.kill('SIGTERM');
  const hard = setTimeout(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); }, 1000);
  hard.unref();
  child.once('close', () => clearTimeout(hard));
}

/**
 * Runs mysqldump on `tables` into `target`; counts the rows its output holds. Its output not
 * growing for the read timeout while the server runs none of its queries (connections numbered
 * above `since`), it is stopped and the silent server thrown: no other dump is tried on a server
 * that stopped answering.
 */
async function runMysqldump(
  o: ConnectionOptions, since: number, tables: readonly string[], target: string, children: Set<ChildProcess>, signal?: AbortSignal,
): Promise<{ ok: true; rows: Map<string, number>; statements: number; largest: LargestStatement } | { ok: false; reason: Message }> {
  const binary = findMysqldump();
  if (!binary) return { ok: false, reason: message('backup.noMysqldump') };
  if (o.tls?.ca?.includes('-----BEGIN')) return { ok: false, reason: message('backup.mysqldumpCa') };
  const client = clientInvocation(o);
  const args = [
    ...client.args, '--single-transaction', '--skip-lock-tables', '--no-tablespaces', '--hex-blob', '--triggers',
    '--', o.database, ...tables,
  ];
  const sink = await fs.open(target, 'wx', 0o600);
  let outcome: { code: number | null; err: string; error?: Error };
  try {
    outcome = await new Promise((resolve) => {
      const child = spawn(binary, args, { stdio: ['ignore', sink.fd, 'pipe'], env: client.env });
      children.add(child);
      const watch = watchProgram(o, programName(binary), since, async () => (await sink.stat()).size, () => stopChild(child));
      const stop = () => child.kill('SIGTERM');
      signal?.addEventListener('abort', stop, { once: true });
      child.on('close', () => { signal?.removeEventListener('abort', stop); watch.dispose(); });
      let err = '';
      child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); });
      child.on('error', (error) => { children.delete(child); watch.dispose(); resolve({ code: null, err, error }); });
      child.on('close', (code) => {
        children.delete(child);
        if (watch.silent) resolve({ code, err, error: watch.silent });
        else resolve({ code, err });
      });
    });
  } finally {
    await sink.close();
  }
  if (isServerSilent(outcome.error)) throw outcome.error;
  if (outcome.error) return { ok: false, reason: message('backup.mysqldumpNotStarted', outcome.error.message) };
  if (outcome.code !== 0) return { ok: false, reason: message('backup.mysqldumpFailed', outcome.err.trim().split('\n')[0] || `exit ${outcome.code}`) };
  if (!(await endLines(target)).lastLine.startsWith('-- Dump completed')) return { ok: false, reason: message('backup.mysqldumpIncomplete') };
  const rows = new Map<string, number>();
  let statements = 0;
  let largest: LargestStatement = { bytes: 0, table: '' };
  for await (const { statement, rows: inserted } of countedStatements(target)) {
    statements++;
    const table = inserted === undefined ? undefined : insertTable(statement);
    if (table === undefined) continue;
    rows.set(table, (rows.get(table) ?? 0) + (inserted ?? 0));
    // A UTF-16 unit is at most 3 bytes of UTF-8: most statements need not be measured.
    if (statement.length * 3 > largest.bytes) largest = larger(largest, { bytes: Buffer.byteLength(statement), table });
  }
  return { ok: true, rows, statements, largest };
}

export type BackupCheck =
  /** `checkedBy`: the checksum matched, or every statement was read and counted. */
  | {
    readonly ok: true; readonly manifest: BackupManifest; readonly statements: number; readonly checkedBy: 'checksum' | 'statements';
    /** Bytes of the largest statement: read, or from the sealed manifest (unknown in a backup older than that field). */
    readonly largestStatement: number | undefined;
  }
  | { readonly ok: false; readonly problem: string; readonly said: Message };

/** The statements of a backup, read as a stream (a backup can be larger than memory). */
export async function* backupStatements(file: string): AsyncGenerator<string> {
  for await (const { statement } of countedStatements(file)) yield statement;
}

/** How many statements the splitter finds in a piece of a dump that ends with the delimiter back to `;`. */
function statementsIn(text: string): number {
  const splitter = new StatementSplitter();
  return splitter.lines(text).length + splitter.end().length;
}

/** The header's checksum: the bytes after the header line, then the header without its checksum. */
function seal(body: number, manifest: BackupManifest): string {
  return crc32(JSON.stringify(manifest), body).toString(16).padStart(8, '0');
}

/** Whether the file is the one the dump sealed (header and all). */
async function sealed(file: string, bodyStart: number, manifest: BackupManifest): Promise<boolean> {
  const { crc32: expected, ...unsealed } = manifest;
  if (typeof expected !== 'string' || typeof manifest.statements !== 'number') return false;
  let body = 0;
  for await (const chunk of createReadStream(file, { start: bodyStart, highWaterMark: 1 << 20 })) body = crc32(chunk as Buffer, body);
  return seal(body, unsealed) === expected;
}

/** CR LF and a lone CR end lines as LF does. */
const lineFeeds = (text: string): string => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);

/** Each statement of a dump with the rows it inserts (an INSERT … VALUES; else undefined), in one pass. */
async function* countedStatements(file: string): AsyncGenerator<{ statement: string; rows: number | undefined }> {
  const splitter = new StatementSplitter();
  const counted = function* (statements: string[]) {
    for (let i = 0; i < statements.length; i++) yield { statement: statements[i], rows: splitter.lastRows[i] };
  };
  // Whole lines are handed over a large read at a time: an await per line costs more than the
  // splitting. They are cut after a line break byte, which no multi-byte UTF-8 character contains;
  // a CR at the end of a read may be half of a CR LF, so it waits for the next.
  const pending: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    let cut = (chunk as Buffer).lastIndexOf(10) + 1;
    const cr = (chunk as Buffer).lastIndexOf(13);
    if (cr >= cut && cr < (chunk as Buffer).length - 1) cut = cr + 1;
    pending.push(chunk as Buffer);
    if (cut === 0) continue;
    const bytes = pending.length > 1 ? Buffer.concat(pending) : chunk as Buffer;
    cut += bytes.length - (chunk as Buffer).length;
    pending.length = 0;
    if (cut < bytes.length) pending.push(bytes.subarray(cut));
    yield* counted(splitter.lines(lineFeeds(bytes.toString('utf8', 0, cut))));
  }
  const last = Buffer.concat(pending).toString('utf8');
  if (last) yield* counted(splitter.lines(lineFeeds(last.replace(/\r$/, ''))));
  yield* counted(splitter.end());
}

/** The first line (and where the next begins), and the last that is not blank (trimmed), read from the ends of the file only. */
async function endLines(file: string): Promise<{ firstLine: string; bodyStart: number; lastLine: string }> {
  // Opened without blocking: a FIFO given as the backup would wait for ever for a writer.
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    const reason = notRegular(stats);
    if (reason) throw new NotRegularFile(reason);
    const { size } = stats;
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      return buffer.subarray(0, bytesRead);
    };
    let head = Buffer.alloc(0);
    while (head.indexOf(10) === -1 && head.length < size) head = Buffer.concat([head, await read(head.length, 1 << 16)]);
    const end = head.indexOf(10);
    const firstLine = head.subarray(0, end === -1 ? head.length : end).toString('utf8').replace(/\r$/, '');
    // The marker is short: a tail of the file holds it, unless what follows it is not ours anyway.
    const tail = (await read(Math.max(0, size - (1 << 16)), 1 << 16)).toString('utf8').split(/\r?\n|\r/);
    const lastLine = tail.map((line) => line.trim()).filter(Boolean).pop() ?? '';
    return { firstLine, bodyStart: end === -1 ? size : end + 1, lastLine };
  } finally {
    await handle.close();
  }
}

function rowCountMismatch(file: string, found: number, table: string, expected: number): Message {
  return found === 1 ? message('backup.rowCountOne', file, table, expected) : message('backup.rowCount', file, found, table, expected);
}

function refused(said: Message): BackupCheck {
  return { ok: false, problem: english(said), said };
}

/**
 * Checks a backup before it is trusted: written to the end, every table's structure and row
 * count present. A file the dump sealed and nobody changed since is checked by its checksum
 * alone (the dump counted as it wrote); any other (an older backup, a file edited or converted
 * to CR LF) is read statement by statement, as `readAll` asks for every file.
 */
export async function verifyBackup(file: string, options: { readonly readAll?: boolean } = {}): Promise<BackupCheck> {
  let firstLine: string;
  let bodyStart: number;
  let lastLine: string;
  try {
    ({ firstLine, bodyStart, lastLine } = await endLines(file));
  } catch (error) {
    return refused(message('backup.unreadable', file, (error as Error).message));
  }
  if (!firstLine.startsWith(headerPrefix)) return refused(message('backup.notOurs', file));
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(firstLine.slice(headerPrefix.length)) as BackupManifest;
  } catch {
    return refused(message('backup.damagedHeader', file));
  }
  if (lastLine !== completeMarker) return refused(message('backup.incomplete', file));
  try {
    if (!options.readAll && await sealed(file, bodyStart, manifest)) {
      // Read from a file: a size that is not one is unknown, and measured by whoever needs it.
      const largest = manifest.largestStatement;
      return { ok: true, manifest, statements: manifest.statements!, checkedBy: 'checksum', largestStatement: Number.isSafeInteger(largest) && largest! >= 0 ? largest : undefined };
    }
  } catch (error) {
    return refused(message('backup.unreadable', file, (error as Error).message));
  }
  const rows = new Map<string, number>();
  const created = new Set<string>();
  const triggers = new Set<string>();
  let statements = 0;
  let largest = 0;
  for await (const { statement: s, rows: inserted } of countedStatements(file)) {
    statements++;
    // A UTF-16 unit is at most 3 bytes of UTF-8: most statements need not be measured.
    if (s.length * 3 > largest) largest = Math.max(largest, Buffer.byteLength(s));
    if (inserted !== undefined) {
      const table = insertTable(s);
      if (table !== undefined) rows.set(table, (rows.get(table) ?? 0) + inserted);
      continue;
    }
    const create = /^CREATE TABLE\s+(?:IF NOT EXISTS\s+)?`((?:[^`]|``)+)`/i.exec(s);
    if (create) created.add(create[1].replace(/``/g, '`'));
    const trigger = /^(?:\/\*!\d+\s*)?CREATE\b[\s\S]*?\bTRIGGER\s+(?:(?:`(?:[^`]|``)+`|\w+)\.)?(?:`((?:[^`]|``)+)`|(\w+))/i.exec(s);
    if (trigger) triggers.add(trigger[1]?.replace(/``/g, '`') ?? trigger[2]);
  }
  const lost = (manifest.triggers ?? []).filter((t) => !triggers.has(t));
  if (lost.length > 0) return refused(message(lost.length > 1 ? 'backup.lacksTriggers' : 'backup.lacksTrigger', file, tableList(lost)));
  for (const t of manifest.tables.filter((t) => t.existed)) {
    if (!created.has(t.name)) return refused(message('backup.lacksStructure', file, t.name));
    if ((rows.get(t.name) ?? 0) !== t.rows) return refused(rowCountMismatch(file, rows.get(t.name) ?? 0, t.name, t.rows));
  }
  if ((rows.get(manifest.migrationsTable) ?? 0) !== manifest.migrationRows) {
    return refused(rowCountMismatch(file, rows.get(manifest.migrationsTable) ?? 0, manifest.migrationsTable, manifest.migrationRows));
  }
  return { ok: true, manifest, statements, checkedBy: 'statements', largestStatement: largest };
}
