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
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as mysql from 'mysql2/promise';
import { testServer, uniqueDatabaseName } from '../test/support/database';
import { artisan, oracleProblem } from '../test/support/laravel';

const tenantCount = Number(process.argv[2] ?? 1000);
const migrationCount = Number(process.argv[3] ?? 300);
const tables = 20;
const sample = Math.min(20, tenantCount);

const tableOf = (i: number) => `bench_t${String(i % tables).padStart(2, '0')}`;
const nameOf = (i: number) => `2020_01_01_${String(i).padStart(6, '0')}_bench_migration_${i}`;

function migrationSource(i: number): string {
  const body = i < tables
    ? `Schema::create('${tableOf(i)}', function (Blueprint $table) {\n            $table->id();\n            $table->string('name');\n            $table->timestamps();\n        });`
    : `Schema::table('${tableOf(i)}', function (Blueprint $table) {\n            $table->string('c${i}', 20)->nullable();\n        });`;
  return `<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n    public function up()\n    {\n        ${body}\n    }\n\n    public function down()\n    {\n    }\n};\n`;
}

/** The table as the recorded migrations left it (what `php artisan migrate` creates on MariaDB). */
function tableDdl(t: number): string {
  const added: string[] = [];
  for (let i = tables + t; i < migrationCount; i += tables) added.push(`, c${i} VARCHAR(20) COLLATE utf8mb4_unicode_ci NULL`);
  return `CREATE TABLE ${tableOf(t)} (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(255) COLLATE utf8mb4_unicode_ci NOT NULL, created_at TIMESTAMP NULL, updated_at TIMESTAMP NULL${added.join('')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;
}

const q = (name: string) => `\`${name}\``;

/** Ten ways a tenant breaks; `undefined` for the healthy ones. */
function breakage(k: number, db: string): string[] {
  const t = tableOf(k % tables);
  switch (k % 5) {
    case 0: return [`DROP TABLE ${q(db)}.${t}`]; // ran-table-missing
    case 1: return [`DELETE FROM ${q(db)}.migrations WHERE migration = '${nameOf(k % tables)}'`]; // pending-table-exists
    case 2: return [`INSERT INTO ${q(db)}.migrations (migration, batch) VALUES ('2021_01_01_000000_deleted_file', 2)`]; // orphan-record
    case 3: return [`ALTER TABLE ${q(db)}.${t} MODIFY name VARCHAR(100) COLLATE utf8mb4_unicode_ci NOT NULL`]; // schema-drift
    default: return [`ALTER TABLE ${q(db)}.${t} DROP COLUMN updated_at`]; // schema-drift (column missing)
  }
}

async function main(): Promise<void> {
  const problem = await oracleProblem();
  if (problem) throw new Error(problem);
  const server = testServer();
  const prefix = uniqueDatabaseName('md_tenants_bench');
  const names = Array.from({ length: tenantCount }, (_, i) => `${prefix}_${String(i).padStart(4, '0')}`);
  const brokenAt = new Set(Array.from({ length: Math.min(10, tenantCount) }, (_, k) => Math.floor((k + 0.5) * tenantCount / 10)));
  const project = mkdtempSync(join(tmpdir(), 'md-tenants-bench-'));
  const dir = join(project, 'database', 'migrations');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < migrationCount; i++) writeFileSync(join(dir, `${nameOf(i)}.php`), migrationSource(i));
  const connection = await mysql.createConnection({ ...server, multipleStatements: true });
  try {
    const setupStart = performance.now();
    const template = names[0]!;
    const rows = Array.from({ length: migrationCount }, (_, i) => [nameOf(i), Math.floor(i / 100) + 1]);
    await connection.query(`CREATE DATABASE ${q(template)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await connection.query(`USE ${q(template)}`);
    await connection.query('CREATE TABLE migrations (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) COLLATE utf8mb4_unicode_ci NOT NULL, batch INT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci');
    for (let t = 0; t < tables; t++) await connection.query(tableDdl(t));
    await connection.query('INSERT INTO migrations (migration, batch) VALUES ?', [rows]);
    for (const name of names.slice(1)) {
      const copy = ['migrations', ...Array.from({ length: tables }, (_, t) => tableOf(t))]
        .map((table) => `CREATE TABLE ${q(name)}.${table} LIKE ${q(template)}.${table};`).join('');
      await connection.query(`CREATE DATABASE ${q(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;${copy}INSERT INTO ${q(name)}.migrations SELECT * FROM ${q(template)}.migrations;`);
    }
    let k = 0;
    for (const at of brokenAt) for (const statement of breakage(k++, names[at]!)) await connection.query(statement);
    console.log(`tenants bench: ${tenantCount} databases × ${migrationCount} migrations (${tables} tables each), ${brokenAt.size} broken; set up in ${((performance.now() - setupStart) / 1000).toFixed(0)} s`);
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
    console.log(`  migration-doctor status --databases (end to end, node start to JSON): first run (--json; parses, writes the cache) ${(first.ms / 1000).toFixed(2)} s; warm, text output, median of 3 ${(warmMs / 1000).toFixed(2)} s (${warm.map((w) => (w / 1000).toFixed(2)).join(', ')}); found exactly the ${found.length} broken tenants`);
    console.log(`  php artisan migrate:status per tenant: ${(perTenant / 1000).toFixed(3)} s each (median of 3 loops over a sample of ${sample} tenants), extrapolated linearly × ${tenantCount} = ${(extrapolated / 1000).toFixed(0)} s`);
    console.log(`  ratio: ${(extrapolated / warmMs).toFixed(0)}× (warm), ${(extrapolated / first.ms).toFixed(0)}× (first run); targets: < 3 s, ≥ 50×; load average now ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
  } finally {
    if (!process.env.MD_BENCH_KEEP) for (const name of names) await connection.query(`DROP DATABASE IF EXISTS ${q(name)}`);
    await connection.end();
    if (!process.env.MD_BENCH_KEEP) rmSync(project, { recursive: true, force: true });
    else console.log(`  kept: ${prefix}_*, ${project}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
