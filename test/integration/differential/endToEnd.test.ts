// The end-to-end differential test of status and repair, as a user runs them: seeded random
// histories (test/support/blueprintHistories.ts) are run by the real Laravel into a fresh
// database, where the built CLI (`node dist/cli.js`, password in DB_PASSWORD) must call every
// migration ran, lint must find no error and repair must plan nothing. The same histories are
// then deployed broken the ways databases really break (the incident's wrong table, a row
// deleted, a table, column or index dropped by hand, a row without a file, a file renamed after
// it ran, a migration not yet run),
// and status must name exactly the state the breakage caused on exactly its migration, computed
// here from the history's text and the breakage alone. What repair claims to fix it applies
// (with its backup); then the real Laravel's migrate:status must call everything ran, its
// migrate must succeed, and every table must equal the clean run's in information_schema.
//
// Each history is one breakage; the histories of a batch share one database (their tables carry
// a prefix of their own), so one Laravel run serves them all. The default (one history per kind
// of breakage, on Laravel 8.83 and 12) takes about 45 s; locally: MD_E2E_SEEDS=40 (a count, from
// 1000) or =1000-1039 (a range), MD_E2E_TARGETS=8.83,12,12-mariadb (any of 8.83, 11, 11-mariadb,
// 12, 12-mariadb), MD_E2E_BATCH=12 (histories per database), MD_E2E_REPORT=file.json (what was
// run and found, written after each Laravel).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateHistory, Random, type GeneratorTarget } from '../../support/blueprintHistories';
import { createTestDatabase, dumpTables, listTables, migrationRows, testServer, withServer, type TableDump, type TestDatabase } from '../../support/database';
import { repoRoot, requireOracle } from '../../support/laravel';
import { laravelRelease, runLaravel, skipWithoutLaravel, type LaravelRun } from '../../support/laravelVersions';
import { migrationSource } from '../../support/migrationHistory';

/** Every kind of breakage, in the order the fixed seeds take them. */
const breakageKinds = ['incident', 'row-deleted', 'table-dropped', 'column-dropped', 'orphan-row', 'not-yet-run', 'index-dropped', 'file-renamed'] as const;
type BreakageKind = (typeof breakageKinds)[number];

type State = 'ran' | 'pending' | 'ran-table-missing' | 'pending-table-exists' | 'orphan-record' | 'schema-drift';

/** A history to break, and how: a seed's kind is breakageKinds[seed % 8]. */
interface Draw {
  readonly seed: number;
  readonly kind: BreakageKind;
}

const drawOf = (seed: number): Draw => ({ seed, kind: breakageKinds[seed % breakageKinds.length]! });

/**
 * Every run checks one history per kind: seeds 1-7 for the seven other kinds, and for the incident
 * the first seed from 8 on whose history has a table to play it on (so that the generator may
 * gain constructs without the incident silently leaving the default run).
 */
function fixedDraws(target: GeneratorTarget): Draw[] {
  const draws = breakageKinds.slice(1).map((kind, i) => ({ seed: i + 1, kind }));
  for (let seed = breakageKinds.length; ; seed++) {
    const history = { ...generateHistory(seed, prefixOf(seed), 0, target).history };
    if (incidentOf({ seed, prefix: prefixOf(seed), history, kind: 'incident' }, {})) return [...draws, { seed, kind: 'incident' }];
  }
}

function drawsToRun(target: GeneratorTarget): Draw[] {
  const wanted = process.env.MD_E2E_SEEDS;
  if (!wanted) return fixedDraws(target);
  const range = /^(\d+)-(\d+)$/.exec(wanted);
  if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => drawOf(Number(range[1]) + i));
  return Array.from({ length: Number(wanted) }, (_, i) => drawOf(1000 + i));
}

type Target = GeneratorTarget & { readonly label: string };

function targetsToRun(): Target[] {
  const wanted = (process.env.MD_E2E_TARGETS || '8.83,12').split(',').map((t) => t.trim());
  return wanted.map((label) => {
    const [version, driver] = label.split('-');
    if (!['8.83', '11', '12', '13'].includes(version!) || (driver !== undefined && driver !== 'mariadb') || (version === '8.83' && driver)) {
      throw new Error(`MD_E2E_TARGETS: '${label}' is not one of 8.83, 11, 11-mariadb, 12, 12-mariadb, 13, 13-mariadb`);
    }
    return { label, version: version as Target['version'], driver: driver === 'mariadb' ? 'mariadb' : 'mysql' };
  });
}

const batchSize = Number(process.env.MD_E2E_BATCH || 12);

// ---------------------------------------------------------------------------------------------
// The truth, from the history's text: which migration's up() last made each table (a create or a
// rename's target; a drop unmakes it). The generator writes one Schema call per file.

function tableMakers(history: Readonly<Record<string, string>>): Map<string, string> {
  const makerOf = new Map<string, string>();
  for (const [name, body] of Object.entries(history).sort(([a], [b]) => (a < b ? -1 : 1))) {
    let m: RegExpExecArray | null;
    if ((m = /Schema::create\('([^']+)'/.exec(body))) makerOf.set(m[1]!, name);
    else if ((m = /Schema::rename\('([^']+)', '([^']+)'\)/.exec(body)) || (m = /Schema::table\('([^']+)', function \(Blueprint \$t\) \{\s*\$t->rename\('([^']+)'\);/.exec(body))) {
      makerOf.delete(m[1]!);
      makerOf.set(m[2]!, name);
    } else if ((m = /Schema::drop(?:IfExists)?\('([^']+)'\)/.exec(body))) makerOf.delete(m[1]!);
  }
  return makerOf;
}

interface Breakage {
  readonly kind: BreakageKind;
  readonly seed: number;
  /** The migration the breakage concerns, and the state it is in afterwards. */
  readonly truth: readonly { readonly migration: string; readonly state: State; readonly table?: string }[];
  /** Migrations still pending after the breakage (not problems). */
  readonly pending: readonly string[];
  /** The steps a repair that fixes it plans (ids), and the table whose structure it may call unknown instead. */
  readonly repairSteps: readonly string[];
  readonly table?: string;
  /** What the broken deployment ran instead of the history's files, when not those (the incident's buggy file). */
  readonly deployed?: Readonly<Record<string, string>>;
  /** The files of the fixed history, when not the history's (the incident's later migration added, a file renamed). */
  readonly fixed?: Readonly<Record<string, string>>;
  /** The SQL done by hand on the deployed database. */
  readonly byHand: readonly string[];
  /** What a person does when repair says it cannot (the tables are empty: a table is taken from the clean run). */
  readonly handFix: (broken: string, clean: string) => Promise<void>;
  readonly description: string;
}

interface Planned {
  readonly seed: number;
  readonly prefix: string;
  readonly history: Record<string, string>;
  /** The breakage wanted; another when it does not fit the history. */
  kind: BreakageKind;
}

const prefixOf = (seed: number): string => `s${seed}_`;
const quoted = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/** The stem of a generated table name (`s1_t3` of `s1_t3_categories`): what a guessed foreign key's column starts with. */
const stemOf = (table: string): string => /^(.*?_[tr]\d+)/.exec(table)?.[1] ?? table;

/**
 * The stems of the tables a create's foreign keys reference: those named, and those constrained()
 * guesses from its column's name (every generated name on such a line that has a stem).
 */
function referencedStems(body: string): string[] {
  const lines = body.split('\n').filter((line) => /->constrained\(|->on\(/.test(line));
  return lines.flatMap((line) => [...line.matchAll(/'([^']+)'/g)].map((m) => m[1]!).filter((name) => /_[tr]\d+/.test(name)).map(stemOf));
}

/** Copies `table` from the clean database (its SHOW CREATE TABLE) over the broken one's: the tables are empty. */
async function restoreFromClean(broken: string, clean: string, table: string): Promise<void> {
  await withServer(async (c) => {
    const [rows] = await c.query(`SHOW CREATE TABLE ${quoted(clean)}.${quoted(table)}`);
    const create = (rows as Record<string, string>[])[0]!['Create Table']!;
    await c.query(`USE ${quoted(broken)}`);
    await c.query('SET FOREIGN_KEY_CHECKS = 0');
    await c.query(`DROP TABLE IF EXISTS ${quoted(table)}`);
    await c.query(create);
    await c.query('SET FOREIGN_KEY_CHECKS = 1');
  });
}

/**
 * The incident, when the history has a table to play it on: M's up() created another table X
 * (the one a later migration N creates); M is fixed afterwards and N added. M's table must be one
 * no later file names or guesses (a foreign key's column starts with its stem).
 */
function incidentOf(planned: Planned, historyFiles: Readonly<Record<string, string>>): Breakage | undefined {
  const { seed, prefix, history } = planned;
  const r = new Random(seed * 7919 + 17);
  const names = Object.keys(history).sort();
  const filesAfter = (maker: string) => names.filter((n) => n > maker).map((n) => history[n]!);
  const candidates = [...tableMakers(history)].filter(([table, maker]) => /Schema::create\(/.test(history[maker]!)
    && filesAfter(maker).every((body) => !body.includes(`${stemOf(table)}'`) && !body.includes(`${stemOf(table)}_`))
    // Run again after every file, its foreign keys must find their tables and columns as they were.
    && referencedStems(history[maker]!).every((stem) => filesAfter(maker).every((body) => !body.includes(`'${stem}'`) && !body.includes(`'${stem}_`))));
  if (candidates.length === 0) return undefined;
  const [table, maker] = r.pick(candidates);
  const wrong = `${prefix}w`;
  const buggy = history[maker]!.replace(`Schema::create('${table}'`, `Schema::create('${wrong}'`);
  const later = extraName(planned, 9, 'incident');
  return {
    kind: 'incident', seed, table, pending: [], byHand: [],
    deployed: { ...historyFiles, [maker]: migrationSource(buggy) },
    fixed: { ...historyFiles, [later]: migrationSource(buggy) },
    truth: [{ migration: maker, state: 'ran-table-missing', table }, { migration: later, state: 'pending-table-exists', table: wrong }],
    repairSteps: [`create-table:${maker}:${table}`, `record-as-ran:${later}`],
    handFix: async (broken, clean) => {
      await restoreFromClean(broken, clean, table);
      await withServer((c) => c.query(`INSERT INTO ${quoted(broken)}.migrations (migration, batch) VALUES (?, 2)`, [later]));
    },
    description: `${maker} created ${wrong} instead of ${table}; ${later} creates ${wrong}`,
  };
}

/**
 * A file renamed with its timestamp kept (as the name-table-mismatch quick fix does) after it ran:
 * its row has no file, and the renamed file is not recorded; pending-table-exists when a table its
 * up() makes is there at the end, else pending.
 */
function renamedFileOf(planned: Planned, historyFiles: Readonly<Record<string, string>>): Breakage {
  const { seed, history } = planned;
  const r = new Random(seed * 7919 + 17);
  const from = r.pick(Object.keys(history).sort());
  const to = from.replace(/_step$/, '_renamed');
  const made = [...tableMakers({ [from]: history[from]! }).keys()];
  const table = made.find((t) => tableMakers(history).has(t));
  const { [from]: source, ...rest } = historyFiles;
  return {
    kind: 'file-renamed', seed, pending: [], byHand: [],
    fixed: { ...rest, [to]: source! },
    truth: [{ migration: from, state: 'orphan-record' }, { migration: to, state: table ? 'pending-table-exists' : 'pending', ...(table ? { table } : {}) }],
    repairSteps: [`rename-record:${from}`],
    handFix: (broken) => withServer((c) => c.query(`UPDATE ${quoted(broken)}.migrations SET migration = ? WHERE migration = ?`, [to, from])).then(() => undefined),
    description: `${from} renamed ${to} after it ran`,
  };
}

/** A name after every file of the history (and before the next history's). */
function extraName(planned: Planned, n: number, what: string): string {
  const order = Object.keys(planned.history).sort().at(-1)!.slice(11, 15);
  return `2020_01_01_${order}99_${n}_${planned.prefix}${what}`;
}

/**
 * Any other breakage of one history, drawn from its seed: `planned.kind` first, else the next
 * kind that fits it. `clean`: the tables of the clean run (to find a column or a table no key holds).
 */
function breakageOf(planned: Planned, clean: readonly TableDump[]): Breakage {
  const { seed, prefix, history } = planned;
  const r = new Random(seed * 7919 + 17);
  const names = Object.keys(history).sort();
  const makers = tableMakers(history);
  const tables = clean.filter((t) => t.table.startsWith(prefix));
  const referenced = new Set(clean.flatMap((t) => t.foreignKeys.filter((k) => k.referencedTable !== t.table).map((k) => k.referencedTable)));
  const existing = [...makers].filter(([table]) => tables.some((t) => t.table === table));
  const lastFile = names.at(-1)!;
  // The deployed files are written before this is drawn: a kind that does not fit falls back on
  // one that changes no file, and a row without a file fits every history.
  const fallbacks: readonly BreakageKind[] = ['row-deleted', 'table-dropped', 'column-dropped', 'index-dropped', 'orphan-row'];
  const order = planned.kind === 'not-yet-run' ? [planned.kind] : [planned.kind, ...fallbacks.slice(fallbacks.indexOf(planned.kind) + 1)];
  for (const kind of order) {
    const base = { kind, seed, pending: [] as string[], byHand: [] as string[] };
    switch (kind) {
      case 'incident': case 'file-renamed':
        continue;
      case 'row-deleted': {
        if (existing.length === 0) continue;
        const [table, maker] = r.pick(existing);
        return {
          ...base, table,
          byHand: [`DELETE FROM migrations WHERE migration = '${maker}'`],
          truth: [{ migration: maker, state: 'pending-table-exists', table }],
          repairSteps: [`record-as-ran:${maker}`],
          handFix: (broken) => withServer((c) => c.query(`INSERT INTO ${quoted(broken)}.migrations (migration, batch) VALUES (?, 2)`, [maker])).then(() => undefined),
          description: `the row of ${maker} deleted; its table ${table} kept`,
        };
      }
      case 'table-dropped': {
        const free = existing.filter(([table]) => !referenced.has(table));
        if (free.length === 0) continue;
        const [table, maker] = r.pick(free);
        return {
          ...base, table,
          byHand: [`DROP TABLE ${quoted(table)}`],
          truth: [{ migration: maker, state: 'ran-table-missing', table }],
          repairSteps: [`create-table:${maker}:${table}`],
          handFix: (broken, cleanDb) => restoreFromClean(broken, cleanDb, table),
          description: `${table} (of ${maker}) dropped by hand`,
        };
      }
      case 'column-dropped': {
        // A column no key, foreign key, generated column or composite index needs; the table keeps one.
        const choices = existing.flatMap(([table, maker]) => {
          const dump = tables.find((t) => t.table === table)!;
          if (dump.columns.length < 2) return [];
          const inKey = new Set([
            ...dump.foreignKeys.flatMap((k) => k.columns),
            ...clean.flatMap((t) => t.foreignKeys.filter((k) => k.referencedTable === table).flatMap((k) => k.referencedColumns)),
            ...dump.indexes.filter((x) => x.name === 'PRIMARY' || x.columns.length > 1).flatMap((x) => x.columns),
          ]);
          return dump.columns
            .filter((c) => !inKey.has(c.name) && !/auto_increment/i.test(c.extra)
              && !dump.columns.some((o) => /GENERATED/i.test(o.extra) && o.name !== c.name))
            .map((c) => [table, maker, c.name] as const);
        });
        if (choices.length === 0) continue;
        const [table, maker, column] = r.pick(choices);
        return {
          ...base, table,
          byHand: [`ALTER TABLE ${quoted(table)} DROP COLUMN ${quoted(column)}`],
          truth: [{ migration: maker, state: 'schema-drift', table }],
          repairSteps: [`alter-table:${maker}:${table}`],
          handFix: (broken, cleanDb) => restoreFromClean(broken, cleanDb, table),
          description: `column ${table}.${column} (of ${maker}) dropped by hand`,
        };
      }
      case 'index-dropped': {
        // An index no foreign key of its table may need (the server refuses to drop that one, 1553).
        const choices = existing.flatMap(([table, maker]) => {
          const dump = tables.find((t) => t.table === table)!;
          const keyed = new Set(dump.foreignKeys.flatMap((k) => k.columns));
          return dump.indexes.filter((x) => x.name !== 'PRIMARY' && !x.columns.some((c) => keyed.has(c))).map((x) => [table, maker, x.name] as const);
        });
        if (choices.length === 0) continue;
        const [table, maker, index] = r.pick(choices);
        return {
          ...base, table,
          byHand: [`ALTER TABLE ${quoted(table)} DROP INDEX ${quoted(index)}`],
          truth: [{ migration: maker, state: 'schema-drift', table }],
          repairSteps: [`alter-table:${maker}:${table}`],
          handFix: (broken, cleanDb) => restoreFromClean(broken, cleanDb, table),
          description: `index ${table}.${index} (of ${maker}) dropped by hand`,
        };
      }
      case 'orphan-row': {
        const ghost = extraName(planned, 7, 'gone');
        return {
          ...base,
          byHand: [`INSERT INTO migrations (migration, batch) VALUES ('${ghost}', 1)`],
          truth: [{ migration: ghost, state: 'orphan-record' }],
          repairSteps: [`delete-record:${ghost}`],
          handFix: (broken) => withServer((c) => c.query(`DELETE FROM ${quoted(broken)}.migrations WHERE migration = ?`, [ghost])).then(() => undefined),
          description: `a row ${ghost} without a file`,
        };
      }
      case 'not-yet-run': {
        return {
          ...base, pending: [lastFile], truth: [], repairSteps: [],
          handFix: async () => undefined,
          description: `${lastFile} not run yet`,
        };
      }
    }
  }
  throw new Error(`seed ${seed}: no breakage fits`);
}

// ---------------------------------------------------------------------------------------------
// The user's side: a Laravel project folder (composer.lock, .env, database/migrations) and the CLI.

interface CliRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

const cliPath = path.join(repoRoot, 'dist', 'cli.js');

/** `node dist/cli.js ARGS` in the project folder; `database`: the connection flags to it (the password in DB_PASSWORD). */
function runCli(project: string, args: readonly string[], database?: string): Promise<CliRun> {
  const server = testServer();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DB_PASSWORD: server.password };
  const connection = database === undefined ? [] : ['--host', server.host, '--port', String(server.port), '--user', server.user, '--database', database];
  const full = [cliPath, ...args, ...connection];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, full, { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

interface StatusJson {
  readonly migrations: readonly {
    name: string; state: State; batch: number | null; tables: string[];
    problems: { kind: string; table?: string; message: string; repairs: string[] }[];
    unchecked?: { table: string; reason: string }[];
  }[];
}

interface PlanJson {
  readonly plan: { steps: { id: string; migration: string; action: string; table?: string; lossy: boolean }[]; notes: { migration: string; table?: string; message: string }[]; choices: { migration: string }[] };
}

async function statusOf(project: string, database: string): Promise<{ run: CliRun; json: StatusJson }> {
  const run = await runCli(project, ['status', '--json'], database);
  try {
    return { run, json: JSON.parse(run.out) as StatusJson };
  } catch {
    throw new Error(`status --json printed no JSON (exit ${run.code}): ${run.out.slice(0, 500)} ${run.err.slice(0, 1500)}`);
  }
}

async function planOf(project: string, database: string): Promise<{ run: CliRun; json: PlanJson }> {
  const run = await runCli(project, ['repair', '--json'], database);
  try {
    return { run, json: JSON.parse(run.out) as PlanJson };
  } catch {
    throw new Error(`repair --json printed no JSON (exit ${run.code}): ${run.out.slice(0, 500)} ${run.err.slice(0, 1500)}`);
  }
}

function writeProject(target: Target): string {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-e2e-'));
  fs.mkdirSync(path.join(project, 'database', 'migrations'), { recursive: true });
  const version = laravelRelease(target.version);
  const lock = { packages: [{ name: 'laravel/framework', version: version === '8.83' ? 'v8.83.27' : version }] };
  fs.writeFileSync(path.join(project, 'composer.lock'), JSON.stringify(lock));
  fs.writeFileSync(path.join(project, '.env'), `DB_CONNECTION=${target.driver}\n`);
  return project;
}

function writeFolder(dir: string, files: Readonly<Record<string, string>>): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.php`), source);
}

function migrate(target: Target, database: string, dir: string): Promise<LaravelRun> {
  return runLaravel(target.version, 'migrate', { database, migrationsPath: dir, driver: target.driver, timeoutMs: 600_000 });
}

// ---------------------------------------------------------------------------------------------

interface Finding {
  readonly target: string;
  /** The history and breakage it concerns; none when it concerns the whole run. */
  readonly seed?: number;
  readonly kind?: BreakageKind;
  readonly problem: string;
}

interface Tally {
  histories: number;
  breakages: Record<string, number>;
  repaired: number;
  /** Breakages repair said it could not fix (an unknown structure): a person fixed them. */
  declined: string[];
  /** Breakages status could not see (an unknown structure, said as unchecked). */
  unseen: Set<string>;
  findings: Finding[];
  refused: string[];
}

const tally: Tally = { histories: 0, breakages: {}, repaired: 0, declined: [], unseen: new Set(), findings: [], refused: [] };

/**
 * Checks that status names exactly the states of `broken`'s truths, each on its migration and
 * table, `pending` as pending, and every other migration ran without a problem.
 */
function checkStatus(json: StatusJson, fileNames: readonly string[], broken: readonly Breakage[], pending: readonly Breakage[], found: (b: Breakage | undefined, problem: string) => void, stage: string): void {
  const expected = new Map<string, { state: State; table?: string; breakage?: Breakage }>();
  for (const name of fileNames) expected.set(name, { state: 'ran' });
  for (const b of pending) for (const p of b.pending) expected.set(p, { state: 'pending', breakage: b });
  for (const b of broken) for (const t of b.truth) expected.set(t.migration, { state: t.state, ...(t.table ? { table: t.table } : {}), breakage: b });
  const breakages = [...broken, ...pending];
  const seen = new Set<string>();
  for (const m of json.migrations) {
    seen.add(m.name);
    const want = expected.get(m.name);
    const owner = want?.breakage ?? breakages.find((b) => m.name.includes(`_${prefixOf(b.seed)}`));
    if (!want) {
      found(owner, `${stage}: ${m.name} is ${m.state}, but no such migration or row exists`);
      continue;
    }
    if (m.state !== want.state) {
      // A drift status cannot see, when it says it cannot check that table: unknown, not wrong.
      const unchecked = want.state === 'schema-drift' && m.state === 'ran' && m.problems.length === 0 && m.unchecked?.some((u) => u.table === want.table && u.reason.trim());
      if (unchecked && owner) tally.unseen.add(`${owner.seed} ${owner.kind}: ${m.unchecked!.find((u) => u.table === want.table)!.reason}`);
      else found(owner, `${stage}: ${m.name} is ${m.state}, expected ${want.state}${m.problems.length ? ` (${m.problems.map((p) => p.message).join('; ')})` : ''}`);
      continue;
    }
    const problemTables = m.problems.map((p) => p.table).filter((t) => t !== undefined);
    if (want.table && !problemTables.every((t) => t === want.table)) found(owner, `${stage}: ${m.name} names ${problemTables.join(', ')}, expected ${want.table}`);
    if ((want.state === 'ran' || want.state === 'pending') && m.problems.length > 0) found(owner, `${stage}: ${m.name} is ${m.state} with problems: ${m.problems.map((p) => p.message).join('; ')}`);
  }
  for (const [name, want] of expected) if (!seen.has(name)) found(want.breakage, `${stage}: ${name} (${want.state}) missing from status`);
}

async function checkBatch(target: Target, draws: readonly Draw[], project: string): Promise<void> {
  const migrations = path.join(project, 'database', 'migrations');
  let planned: Planned[] = draws.map(({ seed, kind }, i) => ({
    seed, prefix: prefixOf(seed), kind,
    history: { ...generateHistory(seed, prefixOf(seed), i, target).history },
  }));
  const findings: Finding[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const historyFiles = (p: Planned) => Object.fromEntries(Object.entries(p.history).map(([n, up]) => [n, migrationSource(up)]));
    // The breakages that change files first: the clean run must run the fixed files.
    const incidents = new Map<Planned, Breakage>();
    for (const p of planned) {
      const incident = p.kind === 'incident' ? incidentOf(p, historyFiles(p)) : p.kind === 'file-renamed' ? renamedFileOf(p, historyFiles(p)) : undefined;
      if (incident) incidents.set(p, incident);
      else if (p.kind === 'incident') p.kind = breakageKinds[1]!;
    }
    // The reference: the fixed histories run by Laravel into a fresh database (what a repair must
    // give back), and beside it the deployed ones into another. A history Laravel refuses is the
    // generator's fault: it is left out, and counted.
    const deployedOf = (p: Planned): Record<string, string> => {
      const files = historyFiles(p);
      if (incidents.get(p)?.deployed) return { ...incidents.get(p)!.deployed };
      if (p.kind === 'not-yet-run') delete files[Object.keys(files).sort().at(-1)!];
      return files;
    };
    const deployedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-e2e-deployed-'));
    cleanups.push(async () => fs.rmSync(deployedDir, { recursive: true, force: true }));
    let reference: TestDatabase;
    let broken: TestDatabase;
    let fixed: Record<string, string>;
    for (;;) {
      fixed = Object.assign({}, ...planned.map((p) => incidents.get(p)?.fixed ?? historyFiles(p)));
      writeFolder(migrations, fixed);
      writeFolder(deployedDir, Object.assign({}, ...planned.map(deployedOf)));
      const [ref, dep] = [await createTestDatabase('md_e2e_ref'), await createTestDatabase('md_e2e_broken')];
      cleanups.push(() => ref.drop(), () => dep.drop());
      const runs = await Promise.all([migrate(target, ref.name, migrations), migrate(target, dep.name, deployedDir)]);
      if (runs.every((run) => run.ok)) {
        [reference, broken] = [ref, dep];
        break;
      }
      const run = runs.find((r) => !r.ok)!;
      const failed = planned.find((p) => run.error?.migration?.includes(`_${p.prefix}`));
      if (!failed) throw new Error(`Laravel ${target.label} failed outside any history: ${run.error?.message ?? run.output.slice(0, 2000)}`);
      tally.refused.push(`${target.label} seed ${failed.seed}: ${run.error?.migration}: ${run.error?.message}`);
      planned = planned.filter((p) => p !== failed);
    }
    const referenceTables = (await listTables(reference.name)).filter((t) => t !== 'migrations');
    const cleanDump = await dumpTables(reference.name, referenceTables);
    const breakages = planned.map((p) => incidents.get(p) ?? breakageOf(p, cleanDump));
    const found = (b: Breakage | undefined, problem: string) => findings.push(b ? { target: target.label, seed: b.seed, kind: b.kind, problem: `${problem} [${b.description}]` } : { target: target.label, problem });
    const fileNames = Object.keys(fixed).sort();

    // 1. Healthy: status, lint and repair on the reference.
    const healthy = await statusOf(project, reference.name);
    checkStatus(healthy.json, fileNames, [], [], found, 'healthy');
    if (healthy.run.code !== 0) found(undefined, `healthy: status exited ${healthy.run.code}: ${healthy.run.err.slice(0, 500)}`);
    const lint = await runCli(project, ['lint', '--format', 'json']).catch((e: Error) => ({ code: -1, out: '', err: e.message }));
    // Histories Laravel runs cleanly, files named by timestamp only: nothing to say, not even a hint.
    if (lint.code !== 0 || lint.out.trim() !== '[]') found(undefined, `healthy: lint exited ${lint.code}: ${lint.out.slice(0, 1500)} ${lint.err.slice(0, 500)}`);
    const healthyPlan = await planOf(project, reference.name);
    if (healthyPlan.run.code !== 0 || healthyPlan.json.plan.steps.length > 0) {
      found(undefined, `healthy: repair plans ${healthyPlan.json.plan.steps.map((s) => s.id).join(', ')} (exit ${healthyPlan.run.code})`);
    }

    // 2. Broken: the deployed files run by Laravel (above), then the breakages done by hand.
    await withServer(async (c) => {
      await c.query(`USE ${quoted(broken.name)}`);
      for (const b of breakages) for (const sql of b.byHand) await c.query(sql);
    });
    for (const b of breakages) tally.breakages[b.kind] = (tally.breakages[b.kind] ?? 0) + 1;

    const before = await statusOf(project, broken.name);
    checkStatus(before.json, fileNames, breakages, breakages, found, 'broken');
    const anyProblem = breakages.some((b) => b.truth.length > 0);
    if (before.run.code !== (anyProblem ? 1 : 0)) found(undefined, `broken: status exited ${before.run.code}`);

    // 3. Repair: what it plans must be exactly what fixes each breakage, or nothing with a note
    // saying why (an unknown structure); a breakage status could not see is not planned either.
    const { json: plan } = await planOf(project, broken.name);
    const claimed = new Set<Breakage>();
    for (const b of breakages) {
      const mine = new Set(b.truth.map((t) => t.migration));
      const steps = plan.plan.steps.filter((s) => mine.has(s.migration)).map((s) => s.id).sort();
      const notes = plan.plan.notes.filter((n) => mine.has(n.migration)).map((n) => n.message);
      const seen = b.truth.every((t) => before.json.migrations.some((m) => m.name === t.migration && m.state === t.state));
      if (steps.join() === [...b.repairSteps].sort().join() && notes.length === 0) claimed.add(b);
      else if (steps.length === 0 && (notes.length > 0 || !seen)) tally.declined.push(`${target.label} seed ${b.seed} ${b.kind}: ${notes.join(' ') || 'not seen'}`);
      else found(b, `repair plans [${steps.join(', ')}]${notes.length ? ` with notes: ${notes.join(' ')}` : ''}, expected [${b.repairSteps.join(', ')}]`);
    }
    const others = plan.plan.steps.filter((s) => !breakages.some((b) => b.truth.some((t) => t.migration === s.migration)));
    for (const s of others) found(undefined, `repair plans ${s.id}, which no breakage needs`);
    if (plan.plan.steps.some((s) => s.lossy)) found(undefined, `repair plans lossy steps: ${plan.plan.steps.filter((s) => s.lossy).map((s) => s.id).join(', ')}`);

    const backups = fs.mkdtempSync(path.join(os.tmpdir(), 'md-e2e-backups-'));
    cleanups.push(async () => fs.rmSync(backups, { recursive: true, force: true }));
    if (plan.plan.steps.length > 0) {
      const applied = await runCli(project, ['repair', '--apply', '--yes', '--backup-dir', backups], broken.name);
      const everyStepOk = applied.code === 0 || (applied.code === 1 && claimed.size < breakages.filter((b) => b.truth.length > 0).length && !/^FAIL /m.test(applied.out));
      if (!everyStepOk) found(undefined, `repair --apply exited ${applied.code}: ${applied.out.split('\n').filter((l) => /^(FAIL|Repair|Error)|failed|refused/i.test(l)).join('\n').slice(0, 3000)} ${applied.err.slice(0, 500)}`);
      const backup = /^Backup: (\S+)/m.exec(applied.out)?.[1];
      if (!backup || !fs.existsSync(backup)) found(undefined, `repair --apply named no backup that exists: ${applied.out.slice(0, 500)}`);
    }
    const afterRepair = await statusOf(project, broken.name);
    const left = breakages.filter((b) => b.truth.length > 0 && !claimed.has(b));
    checkStatus(afterRepair.json, fileNames, left, breakages, found, 'after repair');
    tally.repaired += claimed.size;

    // 4. What the product did not claim, a person fixes; then Laravel has the last word.
    for (const b of left) await b.handFix(broken.name, reference.name);
    const laravelStatus = await runLaravel(target.version, 'status', { database: broken.name, migrationsPath: migrations, driver: target.driver });
    const pendingNow = new Set(breakages.flatMap((b) => b.pending));
    for (const row of laravelStatus.status ?? []) {
      if (row.ran === pendingNow.has(row.name)) found(breakages.find((b) => row.name.includes(`_${prefixOf(b.seed)}`)), `Laravel's migrate:status after the repair: ${row.name} ${row.ran ? 'Ran' : 'Pending'}`);
    }
    if (!laravelStatus.ok) found(undefined, `Laravel's migrate:status failed after the repair: ${laravelStatus.error?.message}`);
    const after = await migrate(target, broken.name, migrations);
    if (!after.ok) found(breakages.find((b) => after.error?.migration?.includes(`_${prefixOf(b.seed)}`)), `Laravel's migrate after the repair failed: ${after.error?.migration}: ${after.error?.message}`);
    else if ([...after.migrations].sort().join() !== [...pendingNow].sort().join()) found(undefined, `Laravel's migrate after the repair ran ${after.migrations.join(', ')}`);

    // The same tables, column for column, as the clean run of the fixed history.
    const brokenTables = (await listTables(broken.name)).filter((t) => t !== 'migrations');
    if (brokenTables.join() !== referenceTables.join()) found(undefined, `tables after the repair: [${brokenTables.filter((t) => !referenceTables.includes(t))}] extra, [${referenceTables.filter((t) => !brokenTables.includes(t))}] missing`);
    const want = cleanDump;
    const got = await dumpTables(broken.name, referenceTables);
    for (const table of want) {
      const mine = got.find((t) => t.table === table.table);
      const owner = breakages.find((b) => table.table.startsWith(prefixOf(b.seed)));
      try {
        assert.deepEqual(mine, table);
      } catch (error) {
        found(owner, `${table.table} differs from the clean run after the repair: ${(error as Error).message.slice(0, 1500)}`);
      }
    }
    const rows = (await migrationRows(broken.name)).map((r) => r.migration).sort();
    const referenceRows = (await migrationRows(reference.name)).map((r) => r.migration).sort();
    if (rows.join() !== referenceRows.join()) found(undefined, `migrations rows after the repair: [${rows.filter((r) => !referenceRows.includes(r))}] extra, [${referenceRows.filter((r) => !rows.includes(r))}] missing`);
    const final = await statusOf(project, broken.name);
    checkStatus(final.json, fileNames, [], [], found, 'final');
    if (final.run.code !== 0) found(undefined, `final status exited ${final.run.code}`);
    tally.histories += planned.length;
  } finally {
    for (const done of cleanups.reverse()) await done().catch(() => undefined);
    tally.findings.push(...findings);
  }
}

describe('differential end to end: status and repair against the real Laravel (seeded random histories and breakages)', function () {
  this.timeout(3_600_000);

  before(async () => {
    await requireOracle();
    assert.ok(fs.existsSync(cliPath), `${cliPath} is missing: run node scripts/build.mjs`);
  });

  afterEach(() => {
    const report = process.env.MD_E2E_REPORT;
    if (report) fs.writeFileSync(report, JSON.stringify({ ...tally, unseen: [...tally.unseen] }, null, 2));
  });

  for (const target of targetsToRun()) {
    const which = process.env.MD_E2E_SEEDS ? `seeds ${process.env.MD_E2E_SEEDS}` : 'one history per kind of breakage';
    it(`Laravel ${target.label}: ${which}, healthy then broken then repaired`, async function () {
      skipWithoutLaravel(this, target.version);
      const before = tally.findings.length;
      const [historiesBefore, repairedBefore, declinedBefore, refusedBefore] = [tally.histories, tally.repaired, tally.declined.length, tally.refused.length];
      const project = writeProject(target);
      try {
        const draws = drawsToRun(target);
        for (let i = 0; i < draws.length; i += batchSize) await checkBatch(target, draws.slice(i, i + batchSize), project);
      } finally {
        fs.rmSync(project, { recursive: true, force: true });
      }
      console.log(`      ${target.label}: ${tally.histories - historiesBefore} histories, ${tally.repaired - repairedBefore} breakages repaired by the product, `
        + `${tally.declined.length - declinedBefore} declined with a reason, ${tally.refused.length - refusedBefore} histories Laravel refused, ${tally.findings.length - before} wrong claims`);
      assert.deepEqual(tally.findings.slice(before).map((f) => (f.seed === undefined ? f.problem : `seed ${f.seed} (${f.kind}): ${f.problem}`)), [], 'no wrong claim');
    });
  }
});
