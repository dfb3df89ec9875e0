// node out/bench/tenants.bench.js [tenants] [migrations]      (default: 1000 300; after `node scripts/build.mjs`)
// One server with TENANTS databases of MIGRATIONS migrations each (20 tables created, the other
// migrations add a column to one of them), 10 tenants broken in different ways. Measured in the
// same run: `migration-doctor status --databases PATTERN` end to end (the built CLI, first run
// parsing the files and writing its cache, then warm runs), against the way such teams check
// today: `php artisan migrate:status` once per tenant database. The artisan loop is timed on a
// sample of tenants and extrapolated linearly to all of them (each call is independent: boot
// Laravel, read one migrations table). Prints figures; asserts only that the CLI finds exactly
// the broken tenants (not a timed test).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as mysql from 'mysql2/promise';
import { testServer, uniqueDatabaseName } from '../test/support/database';
import { artisan, oracleProblem } from '../test/support/laravel';
import { benchTables, createBenchTenants, writeBenchMigrations } from '../test/integration/tenants/benchTenants';

const tenantCount = Number(process.argv[2] ?? 1000);
const migrationCount = Number(process.argv[3] ?? 300);
const sample = Math.min(20, tenantCount);
const q = (name: string) => `\`${name}\``;

async function main(): Promise<void> {
  const problem = await oracleProblem();
  if (problem) throw new Error(problem);
  const server = testServer();
  // MD_BENCH_REUSE=PREFIX:PROJECT measures a set kept by an earlier run (MD_BENCH_KEEP=1) of the
  // same size instead of building one (about 1,000 databases a quarter of an hour on a busy machine).
  const reuse = process.env.MD_BENCH_REUSE?.split(':');
  const prefix = reuse?.[0] ?? uniqueDatabaseName('md_tenants_bench');
  const names = Array.from({ length: tenantCount }, (_, i) => `${prefix}_${String(i).padStart(4, '0')}`);
  const brokenAt = new Set(Array.from({ length: Math.min(10, tenantCount) }, (_, k) => Math.floor((k + 0.5) * tenantCount / 10)));
  const project = reuse?.[1] ?? mkdtempSync(join(tmpdir(), 'md-tenants-bench-'));
  const dir = join(project, 'database', 'migrations');
  if (!reuse) writeBenchMigrations(dir, migrationCount);
  const connection = await mysql.createConnection({ ...server, multipleStatements: true });
  try {
    const setupStart = performance.now();
    if (reuse) {
      const [rows] = await connection.query('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)', [names]);
      if ((rows as { n: number }[])[0]!.n !== tenantCount || !existsSync(dir)) throw new Error(`MD_BENCH_REUSE: ${prefix}_* does not hold ${tenantCount} databases, or ${dir} is missing`);
    } else {
      await createBenchTenants(connection, names, migrationCount, brokenAt);
    }
    console.log(`tenants bench: ${tenantCount} databases × ${migrationCount} migrations (${benchTables} tables each), ${brokenAt.size} broken; ${reuse ? 'reused the set kept by an earlier run' : `set up in ${((performance.now() - setupStart) / 1000).toFixed(0)} s`}`);
    console.log(`  load average: ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);

    const cli = resolve(__dirname, '../../dist/cli.js');
    const pattern = `${prefix}\\_%`;
    // Timed runs print the text a person reads (the broken tenants and a summary line); the
    // first run prints the JSON (every migration of every tenant) to check what was found.
    const ours = (...extra: string[]): { ms: number; out: string } => {
      const start = performance.now();
      const result = spawnSync(process.execPath, [cli, 'status', '--databases', pattern, ...extra, '--path', dir, '--laravel-version', '8.83', '--host', server.host, '--port', String(server.port), '--user', server.user],
        { cwd: project, env: { ...process.env, DB_PASSWORD: server.password }, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
      const ms = performance.now() - start;
      if (result.status !== 1) throw new Error(`status --databases exited ${result.status}: ${result.stderr}`);
      return { ms, out: result.stdout };
    };
    const firstRun = ours('--json');
    const first = { ms: firstRun.ms, json: JSON.parse(firstRun.out) as { databases: { database: string; summary: { broken: number } }[] } };
    const found = first.json.databases.filter((d) => d.summary.broken > 0).map((d) => d.database);
    const expected = [...brokenAt].map((i) => names[i]!);
    if (found.length !== expected.length || found.some((n, i) => n !== expected.sort()[i])) {
      throw new Error(`the CLI found ${found.join(', ')} broken, expected ${expected.join(', ')}`);
    }
    const warm: number[] = [];
    const loop: number[] = [];
    // Interleaved, so that a busy machine slows both alike.
    for (let round = 0; round < 3; round++) {
      const run = ours();
      warm.push(run.ms);
      if (!run.out.includes(`${tenantCount - brokenAt.size} fine, ${brokenAt.size} with problems`)) throw new Error(`unexpected summary: ${run.out.slice(-300)}`);
      const start = performance.now();
      for (let s = 0; s < sample; s++) {
        const name = names[Math.floor((s + 0.5) * tenantCount / sample)]!;
        const result = await artisan(name, ['migrate:status'], { migrationsPath: dir, timeoutMs: 300_000 });
        if (result.code !== 0) throw new Error(`artisan failed on ${name}: ${result.stderr.slice(0, 500)}`);
      }
      loop.push((performance.now() - start) / sample);
    }
    const med = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const perTenant = med(loop);
    const extrapolated = perTenant * tenantCount;
    const warmMs = med(warm);
    console.log(`  migration-doctor status --databases (end to end, node start to JSON): first run (--json; ${reuse ? 'the cache of the earlier run kept' : 'parses, writes the cache'}) ${(first.ms / 1000).toFixed(2)} s; warm, text output, median of 3 ${(warmMs / 1000).toFixed(2)} s (${warm.map((w) => (w / 1000).toFixed(2)).join(', ')}); found exactly the ${found.length} broken tenants`);
    console.log(`  php artisan migrate:status per tenant: ${(perTenant / 1000).toFixed(3)} s each (median of 3 loops over a sample of ${sample} tenants), extrapolated linearly × ${tenantCount} = ${(extrapolated / 1000).toFixed(0)} s`);
    console.log(`  ratio: ${(extrapolated / warmMs).toFixed(0)}× (warm), ${(extrapolated / first.ms).toFixed(0)}× (first run); targets: < 3 s, ≥ 50×; load average now ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
  } finally {
    if (!process.env.MD_BENCH_KEEP && !reuse) for (const name of names) await connection.query(`DROP DATABASE IF EXISTS ${q(name)}`);
    await connection.end();
    if (!process.env.MD_BENCH_KEEP && !reuse) rmSync(project, { recursive: true, force: true });
    else console.log(`  kept: MD_BENCH_REUSE=${prefix}:${project}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
