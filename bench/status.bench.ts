// node out/bench/status.bench.js [sizes...]      (default: 300 10000; after `node scripts/build.mjs`;
// BENCH_CLI=/path/to/cli.js measures another build; BENCH_BEFORE=/path/to/cli.js measures an older
// build too, in the same runs, with a cache of its own; MD_BENCH_KEEP=1 keeps each project and
// its database, and prints the status command that measures them, for --cpu-prof; BENCH_APP=/path/to/app
// measures a warm status in a real app's folder instead: its own folders, composer files, config/app.php
// and providers read as a user's run reads them, against an empty database)
// For each size, a project of that many migration files and rows: a status snapshot in process,
// and `migration-doctor status` end to end (cold: --no-cache; warm: its analysis cache written
// by an earlier run), against the real `php artisan migrate:status` on the same database and
// folder, in the same run, interleaved. Wall time is what a user waits; CPU time (user + system
// of the child) is the cost without the other processes of a shared machine.
// NODE_EXTRA_CA_CERTS in the environment makes every Node process read and decode those certificates
// before running any JavaScript (Node 20 does it at start, whatever the program): with a system bundle
// of ~150 certificates that is most of `node -e 0`'s time, and artisan (PHP) pays nothing. When it is
// set, the CLI, `node -e 0` and the floor are also timed without it, in the same runs, and both rows printed.
// The floor (statusFloor.ts): Node, the same mysql2 bundle through the code cache, one connection, the
// queries the snapshot sent (recorded in this process), one printed line; what status costs above it is its own.
// Prints figures and the table of the targets; asserts nothing (not a timed test).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadMigrations } from '../src/core/analysis/load';
import { takeSnapshot } from '../src/core/status/engine';
import { recordedCatalog } from '../src/core/status/inputs';
import { structurePort } from '../src/core/status/structurePort';
import { createTestDatabase, testServer } from '../test/support/database';
import { artisan, oracleProblem } from '../test/support/laravel';

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [300, 10_000];
const tables = 100;
/** Targets: CLI / artisan medians, warm (analysis cache present) and cold (--no-cache). */
const targets = (count: number) => (count <= 1000 ? { warm: 1.0, cold: 1.5 } : { warm: 0.5, cold: 1.0 });

function migrationSource(i: number): string {
  const table = `bench_t${String(i % tables).padStart(3, '0')}`;
  const body = i < tables
    ? `Schema::create('${table}', function (Blueprint $table) {\n            $table->id();\n            $table->string('name');\n            $table->timestamps();\n        });`
    : `Schema::table('${table}', function (Blueprint $table) {\n            $table->string('c${i}', 20)->nullable();\n        });`;
  return `<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n    public function up()\n    {\n        ${body}\n    }\n\n    public function down()\n    {\n    }\n};\n`;
}

const nameOf = (i: number) => `2020_01_01_${String(i).padStart(6, '0')}_bench_migration_${i}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** CPU time of the finished children of this process (Linux /proc: cutime + cstime, ticks of 10 ms). */
function childCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Timing { readonly wall: number[]; readonly cpu: number[] }
const timing = (): Timing => ({ wall: [], cpu: [] });
interface Figures {
  readonly count: number; readonly warm: Timing; readonly cold: Timing; readonly artisan: Timing; readonly problem?: string;
  readonly before?: { readonly warm: Timing; readonly cold: Timing };
  /** The same runs without NODE_EXTRA_CA_CERTS, when the environment sets it. */
  readonly withoutExtraCa?: { readonly warm: Timing; readonly cold: Timing; readonly floor: Timing };
  /** statusFloor.ts: Node, mysql2, one connection, the snapshot's queries. */
  readonly floor: Timing;
}

/** The environment without NODE_EXTRA_CA_CERTS, or undefined when it is not set. */
function withoutExtraCa(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv | undefined {
  if (!env.NODE_EXTRA_CA_CERTS) return undefined;
  const { NODE_EXTRA_CA_CERTS: _set, ...rest } = env;
  return rest;
}

async function measure(count: number, problem: string | undefined): Promise<Figures> {
  // A project folder: the CLI runs there, so its cache goes to <project>/.migration-doctor/cache.
  const project = mkdtempSync(join(tmpdir(), 'md-status-bench-'));
  const before = process.env.BENCH_BEFORE;
  // The older build keeps its cache elsewhere: the two formats would overwrite each other.
  const beforeCwd = before ? mkdtempSync(join(tmpdir(), 'md-status-bench-before-')) : project;
  const dir = join(project, 'database', 'migrations');
  mkdirSync(dir, { recursive: true });
  const test = await createTestDatabase('md_status_bench');
  const db = await test.open();
  try {
    for (let i = 0; i < count; i++) writeFileSync(join(dir, `${nameOf(i)}.php`), migrationSource(i));
    await db.execute('CREATE TABLE migrations (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci');
    // The live tables as the recorded migrations left them (every added column), so that the
    // snapshot reads every live column and finds no drift: a large, healthy project.
    for (let t = 0; t < Math.min(tables, count); t++) {
      const added: string[] = [];
      for (let i = tables + t; i < count - 10; i += tables) added.push(`c${i} VARCHAR(20) NULL`);
      await db.execute(`CREATE TABLE bench_t${String(t).padStart(3, '0')} (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(255) NOT NULL, created_at TIMESTAMP NULL, updated_at TIMESTAMP NULL${added.map((c) => `, ${c}`).join('')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    }
    // Every migration recorded, 1,000 per batch, except the last 10 (pending).
    const rows = Array.from({ length: count - 10 }, (_, i) => [nameOf(i), Math.floor(i / 1000) + 1]);
    for (let i = 0; i < rows.length; i += 2000) await db.execute('INSERT INTO migrations (migration, batch) VALUES ?', [rows.slice(i, i + 2000)]);

    const parseStart = performance.now();
    const migrations = await loadMigrations([dir]);
    const parseMs = performance.now() - parseStart;
    const input = { migrations, catalog: recordedCatalog(migrations, { tablePrefix: '', laravel: { version: '8.83', driver: 'mysql' } }, []), structure: structurePort() };
    const snapshots: number[] = [];
    let last;
    // The queries of a snapshot, as sent, for the floor (statusFloor.ts).
    const sent: { sql: string; params: readonly unknown[] }[] = [];
    const recording = { ...db, query: <Row>(sql: string, params: readonly unknown[] = []) => { sent.push({ sql, params }); return db.query<Row>(sql, params); } };
    for (let run = 0; run < 7; run++) {
      const start = performance.now();
      last = await takeSnapshot(run === 0 ? recording : db, input);
      snapshots.push(performance.now() - start);
    }
    // BENCH_CLI: another build to compare with (a copy of an older dist/, say).
    const cli = process.env.BENCH_CLI ?? resolve(__dirname, '../../dist/cli.js');
    const server = testServer();
    const floorQueries = join(project, 'floor-queries.json');
    writeFileSync(floorQueries, JSON.stringify({ connection: { host: server.host, port: server.port, user: server.user, database: test.name }, queries: sent }));
    const floorArgs = [resolve(__dirname, 'statusFloor.js'), floorQueries, join(project, 'floor-code-cache')];
    const plainEnv = withoutExtraCa(process.env);
    const timed = (args: string[], into?: Timing, cwd = project, env: NodeJS.ProcessEnv = process.env): string => {
      const cpu = childCpuMs();
      const start = performance.now();
      const result = spawnSync(process.execPath, args,
        { cwd, env: { ...env, DB_PASSWORD: server.password }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      into?.wall.push(performance.now() - start);
      into?.cpu.push(childCpuMs() - cpu);
      if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
      return result.stdout;
    };
    // The version of the artisan it is measured against: every table is translated and compared
    // (without a version, every structure would be unknown and nothing compared).
    // A loaded machine can take seconds to answer a connection: the bench times the work, not the default deadline.
    const statusOf = (build: string, cwd: string, env?: NodeJS.ProcessEnv) => (into: Timing | undefined, ...extra: string[]) =>
      timed([build, 'status', '--json', '--laravel-version', '8.83', '--path', dir, '--host', server.host, '--port', String(server.port), '--user', server.user,
        '--database', test.name, '--connect-timeout', '60000', ...extra], into, cwd, env);
    const status = statusOf(cli, project);
    // The same build and cache: only the environment differs.
    const plainStatus = plainEnv ? statusOf(cli, project, plainEnv) : undefined;
    const startup = { node: timing(), cli: timing(), plainNode: timing() };
    for (let run = 0; run < 5; run++) {
      timed(['-e', '0'], startup.node);
      timed([cli, '--version'], startup.cli);
      if (plainEnv) timed(['-e', '0'], startup.plainNode, project, plainEnv);
    }
    // Writes the floor's code cache.
    timed(floorArgs);
    // The first cached run parses everything and writes the cache; later ones read it.
    const firstStart = performance.now();
    const first = status(undefined);
    const firstMs = performance.now() - firstStart;
    const figures: Figures = { count, warm: timing(), cold: timing(), artisan: timing(), floor: timing(), problem, ...(before ? { before: { warm: timing(), cold: timing() } } : {}),
      ...(plainEnv ? { withoutExtraCa: { warm: timing(), cold: timing(), floor: timing() } } : {}) };
    const beforeStatus = before ? statusOf(before, beforeCwd) : undefined;
    beforeStatus?.(undefined);
    // Interleaved, so that a busy machine slows every contender alike.
    for (let run = 0; run < 5; run++) {
      const cold = status(figures.cold, '--no-cache');
      const warm = status(figures.warm);
      if (cold !== first || warm !== first) throw new Error('the CLI answered differently with and without its cache');
      if (beforeStatus && figures.before) {
        beforeStatus(figures.before.cold, '--no-cache');
        beforeStatus(figures.before.warm);
      }
      timed(floorArgs, figures.floor);
      if (plainStatus && figures.withoutExtraCa) {
        timed(floorArgs, figures.withoutExtraCa.floor, project, plainEnv);
        const plainCold = plainStatus(figures.withoutExtraCa.cold, '--no-cache');
        const plainWarm = plainStatus(figures.withoutExtraCa.warm);
        if (plainCold !== first || plainWarm !== first) throw new Error('the CLI answered differently without NODE_EXTRA_CA_CERTS');
      }
      if (!problem) {
        const cpu = childCpuMs();
        const start = performance.now();
        const result = await artisan(test.name, ['migrate:status'], { migrationsPath: dir, timeoutMs: 300_000 });
        figures.artisan.wall.push(performance.now() - start);
        figures.artisan.cpu.push(childCpuMs() - cpu);
        if (result.code !== 0) throw new Error(`artisan failed: ${result.stderr.slice(0, 500)}`);
      }
    }
    const snap = median(snapshots.slice(1));
    console.log(`status bench: ${count} migration files, ${count - 10} rows, ${Math.min(tables, count)} tables`);
    console.log(`  parse (input, not in the snapshot): ${parseMs.toFixed(0)} ms`);
    // The machine may be shared: the minimum is the cost without interference, the median what a run sees.
    console.log(`  load average: ${loadavg().map((n: number) => n.toFixed(1)).join(' ')}`);
    console.log(`  snapshot (takeSnapshot, 7 runs, first ${snapshots[0]!.toFixed(0)} ms incl. translating the catalog): min ${Math.min(...snapshots.slice(1)).toFixed(1)} ms, median ${snap.toFixed(1)} ms, ${last!.queries} queries, states ${JSON.stringify(Object.fromEntries(Object.entries(last!.counts.byState).filter(([, n]) => n > 0)))}`);
    console.log(`  start-up: node -e 0 ${describe(startup.node)}; migration-doctor --version ${describe(startup.cli)}`);
    if (plainEnv) console.log(`  start-up without NODE_EXTRA_CA_CERTS (${process.env.NODE_EXTRA_CA_CERTS}): node -e 0 ${describe(startup.plainNode)}`);
    console.log('  migration-doctor status end to end (node start, load, snapshot, JSON):');
    console.log(`    first run, parses and writes the cache: ${firstMs.toFixed(0)} ms`);
    console.log(`    cold, --no-cache (parses every file): ${describe(figures.cold)}`);
    console.log(`    warm, analysis cache:                 ${describe(figures.warm)}`);
    if (figures.before) {
      console.log(`    older build (${before}), cold:        ${describe(figures.before.cold)}`);
      console.log(`    older build, warm:                    ${describe(figures.before.warm)}`);
    }
    console.log(`  floor: node, mysql2 through the code cache, one connection, the snapshot's ${sent.length} queries, one line: ${describe(figures.floor)}`);
    if (figures.withoutExtraCa) {
      console.log(`    without NODE_EXTRA_CA_CERTS, cold:     ${describe(figures.withoutExtraCa.cold)}`);
      console.log(`    without NODE_EXTRA_CA_CERTS, warm:     ${describe(figures.withoutExtraCa.warm)}`);
      console.log(`    without NODE_EXTRA_CA_CERTS, floor:    ${describe(figures.withoutExtraCa.floor)}`);
    }
    if (!problem) console.log(`  php artisan migrate:status end to end:  ${describe(figures.artisan)}`);
    return figures;
  } finally {
    await db.close();
    if (process.env.MD_BENCH_KEEP) {
      console.log(`  kept: cd ${project} && node ${process.env.BENCH_CLI ?? resolve(__dirname, '../../dist/cli.js')} status --json --laravel-version 8.83 --path ${dir} --database ${test.name} (drop it yourself)`);
    } else {
      await test.drop();
      rmSync(project, { recursive: true, force: true });
    }
    if (beforeCwd !== project) rmSync(beforeCwd, { recursive: true, force: true });
  }
}

function describe(t: Timing): string {
  return `wall min ${Math.min(...t.wall).toFixed(0)} ms, median of ${t.wall.length} ${median(t.wall).toFixed(0)} ms; CPU median ${median(t.cpu).toFixed(0)} ms`;
}

/**
 * A warm status in a real app (BENCH_APP), this build and BENCH_BEFORE alternated; each build runs in
 * a copy of the app of its own (the cache is kept under the folder it runs in). The database is
 * empty but for the migrations table: a warm run's cost is what is measured, not the states.
 */
async function measureApp(app: string): Promise<void> {
  const test = await createTestDatabase('md_status_bench_app');
  const db = await test.open();
  const bulky = new Set(['public', 'resources', 'node_modules', 'storage', '.git', '.migration-doctor']);
  const copies: string[] = [];
  const copy = () => {
    const to = mkdtempSync(join(tmpdir(), 'md-status-bench-app-'));
    cpSync(app, to, { recursive: true, filter: (from) => !bulky.has(basename(from)) || resolve(from, '..') !== resolve(app) });
    copies.push(to);
    return to;
  };
  try {
    await db.execute('CREATE TABLE migrations (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NOT NULL)');
    const server = testServer();
    const builds = [['this build', process.env.BENCH_CLI ?? resolve(__dirname, '../../dist/cli.js')], ...(process.env.BENCH_BEFORE ? [['older build', process.env.BENCH_BEFORE]] : [])]
      .map(([name, cli]) => ({ name: name!, cli: cli!, cwd: copy(), figures: timing() }));
    const run = (build: (typeof builds)[number], into?: Timing) => {
      const cpu = childCpuMs();
      const start = performance.now();
      const result = spawnSync(process.execPath, [build.cli, 'status', '--json', '--host', server.host, '--port', String(server.port), '--user', server.user,
        '--database', test.name, '--connect-timeout', '60000'], { cwd: build.cwd, env: { ...process.env, DB_PASSWORD: server.password }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      into?.wall.push(performance.now() - start);
      into?.cpu.push(childCpuMs() - cpu);
      if (result.status !== 0 && result.status !== 1) throw new Error(`${build.cli} status in ${build.cwd} failed: ${result.stderr}`);
      return result.stdout;
    };
    const node = timing();
    for (const build of builds) run(build);
    for (let round = 0; round < 15; round++) {
      const cpu = childCpuMs();
      const start = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      node.wall.push(performance.now() - start);
      node.cpu.push(childCpuMs() - cpu);
      for (const build of round % 2 ? [...builds].reverse() : builds) run(build, build.figures);
    }
    const migrations = (JSON.parse(run(builds[0]!)) as { migrations: unknown[] }).migrations.length;
    console.log(`status bench, a real app: ${app} (${migrations} migrations), warm runs against an empty database, 15 rounds alternated`);
    console.log(`  load average: ${loadavg().map((n: number) => n.toFixed(1)).join(' ')}`);
    console.log(`  node -e 0: ${describe(node)}`);
    for (const build of builds) console.log(`  ${build.name} (${build.cli}): ${describe(build.figures)}`);
  } finally {
    await db.close();
    await test.drop();
    for (const to of copies) rmSync(to, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_APP) {
    await measureApp(resolve(process.env.BENCH_APP));
    return;
  }
  const problem = await oracleProblem();
  const all: Figures[] = [];
  for (const count of sizes) all.push(await measure(count, problem));
  if (problem) {
    console.log(`php artisan not run: ${problem}`);
    return;
  }
  const ratio = (a: Timing, b: Timing, kind: keyof Timing) => median(a[kind]) / median(b[kind]);
  const cell = (f: Figures, mode: 'warm' | 'cold', runs: { readonly warm: Timing; readonly cold: Timing } = f) => {
    const wall = ratio(runs[mode], f.artisan, 'wall');
    return `${median(runs[mode].wall).toFixed(0)} ms: ${wall.toFixed(2)}× (CPU ${ratio(runs[mode], f.artisan, 'cpu').toFixed(2)}×) ≤ ${targets(f.count)[mode].toFixed(1)}× ${wall <= targets(f.count)[mode] ? 'met' : 'NOT met'}`;
  };
  console.log(`\nmigration-doctor status / php artisan migrate:status, medians of wall time (of CPU time), load average ${loadavg()[0]!.toFixed(1)}:`);
  console.log('| size | artisan | warm (cache present) | cold (--no-cache) |');
  console.log('|---|---|---|---|');
  for (const f of all) {
    console.log(`| ${f.count.toLocaleString('en')} migrations | ${median(f.artisan.wall).toFixed(0)} ms | ${cell(f, 'warm')} | ${cell(f, 'cold')} |`);
    if (f.withoutExtraCa) console.log(`| ${f.count.toLocaleString('en')}, without NODE_EXTRA_CA_CERTS | (same runs) | ${cell(f, 'warm', f.withoutExtraCa)} | ${cell(f, 'cold', f.withoutExtraCa)} |`);
    const floor = (t: Timing) => `${median(t.wall).toFixed(0)} ms: ${ratio(t, f.artisan, 'wall').toFixed(2)}× (CPU ${ratio(t, f.artisan, 'cpu').toFixed(2)}×)`;
    console.log(`| ${f.count.toLocaleString('en')}, floor (statusFloor.ts) | (same runs) | ${floor(f.floor)}${f.withoutExtraCa ? `; without NODE_EXTRA_CA_CERTS ${floor(f.withoutExtraCa.floor)}` : ''} | |`);
    if (f.before) {
      const old = (mode: 'warm' | 'cold') => `${median(f.before![mode].wall).toFixed(0)} ms: ${ratio(f.before![mode], f.artisan, 'wall').toFixed(2)}× (CPU ${ratio(f.before![mode], f.artisan, 'cpu').toFixed(2)}×)`;
      console.log(`| ${f.count.toLocaleString('en')}, older build | (same runs) | ${old('warm')} | ${old('cold')} |`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
