// How the realApps harness has Laravel build an app's database: the history without the files
// set aside, run by one Laravel. For an automatic app each file Laravel refuses is set aside, and
// the run goes on from the database as it is when the refused file left nothing behind; the
// result is the database a from-scratch run of the history without those files builds.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { quoteIdentifier } from '../../src/core/structure/normalise';
import { createTestDatabase, withServer, type TestDatabase } from './database';
import { runLaravel, type LaravelRun } from './laravelVersions';
import { appServicesEnv, extractAppConfig, extractMigrations, type ExtractedMigrations, type RealApp } from './realApps';

/** Laravel 8.83 (mysql driver), Laravel 12 and 13 with the mysql driver, and with their own mariadb driver. */
export type Oracle = '8.83' | '12' | '12 mariadb' | '13' | '13 mariadb';

export function driverOf(oracle: Oracle): 'mysql' | 'mariadb' {
  return oracle.endsWith(' mariadb') ? 'mariadb' : 'mysql';
}

/** The Laravel an oracle runs. */
export function versionOf(oracle: Oracle): '8.83' | '12' | '13' {
  return oracle === '8.83' ? '8.83' : oracle.startsWith('13') ? '13' : '12';
}

/** How long one run of a history may take: a large one (200 files and more) on a loaded machine needs minutes. */
export const runLimitMs = 600_000;

function migrate(oracle: Oracle, migrations: ExtractedMigrations, test: TestDatabase, writeLog: string, appConfig: string | undefined): Promise<LaravelRun> {
  const options = { database: test.name, migrationsPath: migrations.dir, timeoutMs: runLimitMs };
  // Both Laravels read the app's own config files, in the environment the fixture's artisan has
  // (APP_ENV=local), on a default connection named as a stock app's config/database.php names the
  // one of that driver ('mysql' as the fixture's, 'mariadb'): a migration that asks
  // config('database.default') == 'mysql' takes the path it takes in the app.
  const run = oracle === '8.83'
    ? runLaravel('8.83', 'migrate', { ...options, env: { ...appServicesEnv(), MD_WRITE_LOG: writeLog, ...(appConfig ? { MD_APP_CONFIG: appConfig } : {}) } })
    : runLaravel(versionOf(oracle), 'migrate', {
      ...options, driver: driverOf(oracle), defaultConnection: driverOf(oracle), ...(appConfig ? { appConfig } : {}), env: { MD_WRITE_LOG: writeLog, APP_ENV: 'local' },
    });
  // A PHP fatal error (a trait of the app's own, say) ends the migrator before it answers: a
  // refusal like any other, whose message names the file it stopped in.
  return run.catch((error: Error) => {
    if (!/without an answer/.test(error.message)) throw error;
    const message = error.message.replace(/^.*?without an answer: /s, '');
    return { version: versionOf(oracle), command: 'migrate', ok: false, migrations: [], error: { message }, output: message } satisfies LaravelRun;
  });
}

/** Laravel's own words for a refused migration, on one line. */
function failureReason(run: LaravelRun): string {
  let text = run.error?.message ?? '';
  if (run.version === '8.83' && !text.startsWith('SQLSTATE')) {
    // Artisan prints `Migrating: name` lines, then the exception; keep the exception's lines.
    const after = run.output.split(/^Migrating: \S+$/m).at(-1) ?? run.output;
    text = after.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/^(In \S+ line \d+:|Migrated: |Migration table created successfully\.$|at |\d+\s+\S+\.php)/.test(line)).slice(0, 2).join(' ');
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line || `exit without a message: ${run.output.trim().slice(0, 300)}`;
}

/** The file a refused `migrate` stopped at: the one Laravel names, else the one the error's trace names. */
function failedFile(run: LaravelRun, migrations: ExtractedMigrations): string | undefined {
  if (run.error?.migration) return run.error.migration;
  const named = migrations.names.filter((name) => run.output.includes(`${migrations.dir}/${name}.php`));
  if (named.length === 1) return named[0];
  // Artisan 8.83 names the file an exception was thrown in by its base name (`In x.php line 2:`):
  // a file that fails to load, before any `Migrating:` line.
  const names = new Set(migrations.names);
  const thrownIn = [...run.output.matchAll(/^In (\S+) line \d+:$/gm)].map((m) => m[1].replaceAll('.php', '')).filter((name) => names.has(name));
  return thrownIn[0];
}

/** What writeLog.php wrote at the end of a run. */
export interface WriteLog {
  /** The statements the default connection ran successfully since the last migration started or ended. */
  readonly statements: readonly string[];
  /** The server's count of the statements that session was sent meanwhile, by Com_* counter; null when unreadable. */
  readonly commands: Readonly<Record<string, number>> | null;
}

/** Statements that change nothing lasting: reads, and the session's own settings and transactions. */
const readOnlyStatement = /^\s*\(?\s*(select|show|describe|desc|explain|set|begin|start\s+transaction|commit|rollback|savepoint|release|use)\b/i;
/** The same, by the server's counters: their Com_* names. */
const readOnlyCommand = /^Com_(select|show_\w+|set_option|stmt_\w+|begin|commit|rollback|rollback_to_savepoint|savepoint|release_savepoint|change_db|empty_query|admin_commands)$/;

/** The table a statement Laravel's grammar writes acts on (backquoted, unqualified), and whether it creates it. */
function statementTable(sql: string): { table: string; creates: boolean } | undefined {
  const name = '`((?:[^`]|``)+)`';
  const create = new RegExp(`^\\s*create\\s+table\\s+${name}`, 'i').exec(sql);
  if (create) return { table: create[1].replaceAll('``', '`'), creates: true };
  const other = new RegExp(`^\\s*(?:alter\\s+table|insert\\s+into|create\\s+(?:unique\\s+|fulltext\\s+|spatial\\s+)?index\\s+${name}\\s+on)\\s+${name}(?:\\s|\\(|$)`, 'i').exec(sql);
  if (other) return { table: (other[2] ?? other[1]).replaceAll('``', '`'), creates: false };
  return undefined;
}

/**
 * The server's counter of a write statement (`Com_alter_table`…), for the statements Laravel's
 * grammar and migrations send; undefined for any other, which then cannot be accounted for.
 */
function commandOf(sql: string): string | undefined {
  const words = sql.trim().toLowerCase().split(/[\s(`]+/);
  const [first, second, third] = words;
  if (first === 'create' && ['table', 'view', 'trigger', 'procedure', 'function', 'event'].includes(second)) return `Com_create_${second}`;
  if (first === 'create' && (second === 'index' || (['unique', 'fulltext', 'spatial'].includes(second) && third === 'index'))) return 'Com_create_index';
  if (['alter', 'drop', 'rename'].includes(first) && second === 'table') return `Com_${first}_table`;
  if (first === 'drop' && ['index', 'view', 'trigger', 'procedure', 'function', 'event'].includes(second)) return `Com_drop_${second}`;
  if (['insert', 'replace'].includes(first)) return /\bselect\b/i.test(sql) ? undefined : `Com_${first}`;
  if (['update', 'delete', 'truncate'].includes(first)) return `Com_${first}`;
  return undefined;
}

/**
 * What the refused migration left in the database, from the write log of its run: nothing; only
 * tables it created itself (a create whose later alter failed), which dropping undoes exactly,
 * since no table that was there before was touched; or something else, and then only a fresh
 * run of the history gives the database without it.
 *
 * Sound because every statement the session ran is counted by the server, kind by kind, so the
 * writes Laravel reports done plus the one it reports refused must be all of them (a write sent
 * past Laravel's events, or the second half of a multi-statement that failed, breaks the count;
 * the one blind spot: a write sent past the events of the same kind as a refused statement the
 * server rejected before running it), and a single refused statement leaves nothing: InnoDB rolls a failed statement back and MariaDB's
 * DDL is atomic (10.6 and later). Writes to the migrations table are Laravel's own record (its
 * table, the row of the migration before), which a from-scratch run makes too.
 */
export function leftBehind(log: WriteLog | undefined, run: LaravelRun, migrationsTable = 'migrations'):
  { readonly nothing: true } | { readonly ownTables: readonly string[] } | { readonly unknown: string } {
  if (!log) return { unknown: 'the run wrote no write log' };
  if (!log.commands) return { unknown: "the session's status counters could not be read" };
  const writes = log.statements.filter((sql) => !readOnlyStatement.test(sql));
  // Laravel's error names the refused statement (`… (SQL: alter table …)`, 12: `(Connection: …, SQL: …)`).
  const refused = /\bSQL: ([\s\S]*)/.exec(run.error?.message ?? '')?.[1];
  const refusedWrite = refused !== undefined && !readOnlyStatement.test(refused) ? refused : undefined;
  // Each kind of write the server counted must be one Laravel ran, or the one it refused (which the
  // server counts unless it rejected it before running it, as a syntax error).
  const expected = new Map<string, number>();
  for (const sql of refusedWrite === undefined ? writes : [...writes, refusedWrite]) {
    const command = commandOf(sql);
    if (!command) return { unknown: `no server counter is known for ${sql.replace(/\s+/g, ' ').slice(0, 100)}` };
    expected.set(command, (expected.get(command) ?? 0) + 1);
  }
  const refusedCommand = refusedWrite === undefined ? undefined : commandOf(refusedWrite);
  for (const [name, count] of Object.entries(log.commands)) {
    if (readOnlyCommand.test(name)) continue;
    const wanted = expected.get(name) ?? 0;
    if (count !== wanted && !(name === refusedCommand && count === wanted - 1)) {
      return { unknown: `the server counted ${count} of ${name}, Laravel ran ${wanted - (name === refusedCommand ? 1 : 0)}${name === refusedCommand ? ' and refused 1' : ''}` };
    }
  }
  for (const [name, wanted] of expected) {
    if (!(name in log.commands) && !(name === refusedCommand && wanted === 1)) return { unknown: `the server counted no ${name}, Laravel ran ${wanted}` };
  }
  const own = writes.filter((sql) => statementTable(sql)?.table !== migrationsTable);
  if (own.length === 0) return { nothing: true };
  const created: string[] = [];
  for (const sql of own) {
    const target = statementTable(sql);
    if (target?.creates && !created.includes(target.table)) created.push(target.table);
    else if (!target || !created.includes(target.table)) return { unknown: `it ran ${sql.replace(/\s+/g, ' ').slice(0, 200)}` };
  }
  return { ownTables: created };
}

export interface Migrated {
  /** The files Laravel was given (the set-aside files left out), for the product to read. */
  readonly migrations: ExtractedMigrations;
  readonly test: TestDatabase;
  /** The files set aside, each with why (by hand in apps.ts, or as Laravel refused them). */
  readonly setAside: Readonly<Record<string, string>>;
  /** Set when the history was cut short: the file from which on nothing was run, how many files that left out, and why. */
  readonly cutAt?: { readonly name: string; readonly files: number; readonly why: string };
  /** How it went: runs of Laravel, fresh databases, tables a refused file created and that were dropped. */
  readonly effort: { readonly runs: number; readonly databases: number; readonly droppedTables: number };
}

export interface MigrateAppOptions {
  /** Files set aside besides the app's own (the oracle's, in apps.ts). */
  readonly alsoAside?: Readonly<Record<string, string>>;
  /** How many files an automatic app may have set aside before its history is cut. */
  readonly bound: number;
  /** Told each new database and folder, so that a failing caller can still drop them. */
  readonly track?: (m: Partial<Pick<Migrated, 'migrations' | 'test'>>) => void;
  /** Where each file set aside and each fresh start is said (at once: a long run may never end). */
  readonly say?: (line: string) => void;
  readonly databasePrefix?: string;
}

async function dropTables(test: TestDatabase, tables: readonly string[]): Promise<void> {
  await withServer(async (connection) => {
    // A table the refused file created may be referenced by another one it created.
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    await connection.query(`DROP TABLE ${tables.map((table) => `${quoteIdentifier(test.name)}.${quoteIdentifier(table)}`).join(', ')}`);
  });
}

/** Every run on one database gets batch 1, as one run of the whole history gives. */
async function oneBatch(test: TestDatabase): Promise<void> {
  await withServer((connection) => connection.query(`UPDATE ${quoteIdentifier(test.name)}.\`migrations\` SET \`batch\` = 1`));
}

function readWriteLog(file: string): WriteLog | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as WriteLog;
  } catch {
    return undefined;
  }
}

/**
 * An app of apps.ts: its history without the files set aside by hand, which Laravel must run.
 * An automatic app: each file Laravel refuses is set aside with Laravel's error as the reason (a
 * later file that needs it is refused in turn), and Laravel goes on with the files after it in
 * the same database when the refused file left nothing there (or only tables of its own, which
 * are dropped); else the history is run again into a fresh database. Past the bound, the history
 * is cut before the file refused last and what Laravel ran up to it is measured: an app that
 * needs its own code for most files still says what it can. A file before the cut refused after
 * it is set aside too, up to the bound again; past that, the cut moves before it.
 */
export async function migrateApp(app: RealApp, oracle: Oracle, options: MigrateAppOptions): Promise<Migrated> {
  const setAside: Record<string, string> = { ...app.setAside, ...options.alsoAside };
  const cutOff: Record<string, string> = {};
  const say = options.say ?? ((line: string) => console.log(line));
  const effort = { runs: 0, databases: 0, droppedTables: 0 };
  let cutAt: Migrated['cutAt'];
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-realapp-log-'));
  const appConfig = extractAppConfig(app);
  const newDatabase = async () => {
    effort.databases++;
    // The prefix: several runs sharing one server can tell their databases apart.
    const test = await createTestDatabase(`${options.databasePrefix ?? ''}md_realapps_${oracle.replace(/\W/g, '')}`);
    options.track?.({ test });
    return test;
  };
  try {
    let test = await newDatabase();
    let runsHere = 0;
    // The files this database has been through: those after it are what the next run is given.
    let after: string | undefined;
    for (;;) {
      const done: Record<string, string> = {};
      const all = extractMigrations(app, { ...setAside, ...cutOff });
      all.remove();
      if (all.staleSetAside.length > 0) throw new Error(`${app.repo}: set-aside files missing at the pinned commit: ${all.staleSetAside.join(', ')}`);
      for (const name of all.names) if (after !== undefined && name <= after) done[name] = 'ran before';
      const migrations = extractMigrations(app, { ...setAside, ...cutOff, ...done });
      const logFile = path.join(logDir, `run${effort.runs}.json`);
      let run: LaravelRun;
      try {
        run = await migrate(oracle, migrations, test, logFile, appConfig?.dir);
      } finally {
        migrations.remove();
      }
      effort.runs++;
      runsHere++;
      if (run.ok) break;
      const failed = failedFile(run, migrations);
      const why = `Laravel ${oracle} refused ${failed ?? 'the history'}: ${failureReason(run)}`;
      if (!app.automatic || failed === undefined || failed in setAside) throw new Error(`${app.repo}: ${why}`);
      // Laravel requires every pending file before it runs one: the file the cut is before may have
      // been refused loading while the files ahead of it had not run, and one of those may be
      // refused now. It is set aside like any other, up to the bound again; past that, the cut
      // moves before it (each turn sets a file aside or moves the cut earlier: the loop ends).
      if (Object.keys(setAside).length >= (cutAt ? 2 : 1) * options.bound) {
        const beyond = all.names.filter((name) => name >= failed);
        for (const name of beyond) cutOff[name] = `after the cut at ${failed}`;
        const files = Object.keys(cutOff).length;
        const limit = cutAt ? `${2 * options.bound} files set aside (MD_REAL_APPS_MAX_SET_ASIDE, and as many again after the cut)` : `${options.bound} files set aside (MD_REAL_APPS_MAX_SET_ASIDE)`;
        cutAt = { name: failed, files, why: `more than ${limit}, then ${why}` };
        say(`        ${app.repo} on Laravel ${oracle}: history cut before ${failed} (${files} files not run): ${cutAt.why}`);
      } else {
        setAside[failed] = failureReason(run);
        say(`        ${app.repo} on Laravel ${oracle}: set aside ${failed} (${Object.keys(setAside).length}): ${setAside[failed]}`);
      }
      const left = leftBehind(readWriteLog(logFile), run);
      // A run that ran nothing may have stopped while Laravel required the files, before the
      // first one ran: the files before the refused one are still to be run (one whose
      // shouldRun() said no is asked again, in the same database).
      const through = run.migrations.length > 0 ? failed : after;
      if ('nothing' in left) {
        after = through;
      } else if ('ownTables' in left) {
        await dropTables(test, left.ownTables);
        effort.droppedTables += left.ownTables.length;
        after = through;
      } else {
        say(`        ${app.repo} on Laravel ${oracle}: ${failed} may have left something behind (${left.unknown}): the history runs again into a fresh database`);
        await test.drop();
        test = await newDatabase();
        runsHere = 0;
        after = undefined;
      }
    }
    if (runsHere > 1) await oneBatch(test);
    const migrations = extractMigrations(app, { ...setAside, ...cutOff });
    options.track?.({ migrations, test });
    return { migrations, test, setAside, ...(cutAt ? { cutAt } : {}), effort };
  } finally {
    fs.rmSync(logDir, { recursive: true, force: true });
    appConfig?.remove();
  }
}
