// node out/bench/status.bench.js [migrations]
// A status snapshot of 10,000 migration files and rows, and `migration-doctor status` end to
// end (cold: --no-cache; warm: its analysis cache written by an earlier run), against the real
// `php artisan migrate:status` on the same database and folder, in the same run, interleaved.
// Prints figures; asserts nothing (not a timed test).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadMigrations } from '../src/core/analysis/load';
import { takeSnapshot } from '../src/core/status/engine';
import { recordedCatalog } from '../src/core/status/inputs';
import { structurePort } from '../src/core/status/structurePort';
import { createTestDatabase, testServer } from '../test/support/database';
import { artisan, oracleProblem } from '../test/support/laravel';

const count = Number(process.argv[2] ?? 10_000);
const tables = 100;

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

async function main(): Promise<void> {
  const problem = await oracleProblem();
  // A project folder: the CLI runs there, so its cache goes to <project>/.migration-doctor/cache.
  const project = mkdtempSync(join(tmpdir(), 'md-status-bench-'));
  const dir = join(project, 'database', 'migrations');
  mkdirSync(dir, { recursive: true });
  const test = await createTestDatabase('md_status_bench');
  const db = await test.open();
  try {
    for (let i = 0; i < count; i++) writeFileSync(join(dir, `${nameOf(i)}.php`), migrationSource(i));
    await db.execute('CREATE TABLE migrations (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci');
    // The live tables as the recorded migrations left them (every added column), so that the
    // snapshot reads ~10,000 live columns and finds no drift: a large, healthy project.
    for (let t = 0; t < tables; t++) {
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
    for (let run = 0; run < 7; run++) {
      const start = performance.now();
      last = await takeSnapshot(db, input);
      snapshots.push(performance.now() - start);
    }
    const cli = resolve(__dirname, '../../dist/cli.js');
    const server = testServer();
    const timed = (args: string[]): { ms: number; out: string } => {
      const start = performance.now();
      const result = spawnSync(process.execPath, args,
        { cwd: project, env: { ...process.env, DB_PASSWORD: server.password }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const ms = performance.now() - start;
      if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
      return { ms, out: result.stdout };
    };
    const status = (...extra: string[]) => timed([cli, 'status', '--json', '--path', dir, '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', test.name, ...extra]);
    const startup = { node: [] as number[], cli: [] as number[] };
    for (let run = 0; run < 5; run++) {
      startup.node.push(timed(['-e', '0']).ms);
      startup.cli.push(timed([cli, '--version']).ms);
    }
    // The first cached run parses everything and writes the cache; later ones read it.
    const first = status();
    const runs = { cold: [] as number[], warm: [] as number[], artisan: [] as number[] };
    // Interleaved, so that a busy machine slows every contender alike.
    for (let run = 0; run < 5; run++) {
      const cold = status('--no-cache');
      const warm = status();
      if (cold.out !== first.out || warm.out !== first.out) throw new Error('the CLI answered differently with and without its cache');
      runs.cold.push(cold.ms);
      runs.warm.push(warm.ms);
      if (!problem) {
        const start = performance.now();
        const result = await artisan(test.name, ['migrate:status'], { migrationsPath: dir, timeoutMs: 300_000 });
        runs.artisan.push(performance.now() - start);
        if (result.code !== 0) throw new Error(`artisan failed: ${result.stderr.slice(0, 500)}`);
      }
    }
    const snap = median(snapshots.slice(1));
    console.log(`status bench: ${count} migration files, ${count - 10} rows, ${tables} tables`);
    console.log(`  parse (input, not in the snapshot): ${parseMs.toFixed(0)} ms`);
    // The machine may be shared: the minimum is the cost without interference, the median what a run sees.
    console.log(`  load average: ${loadavg().map((n: number) => n.toFixed(1)).join(' ')}`);
    console.log(`  snapshot (takeSnapshot, 7 runs, first ${snapshots[0]!.toFixed(0)} ms incl. translating the catalog): min ${Math.min(...snapshots.slice(1)).toFixed(1)} ms, median ${snap.toFixed(1)} ms, ${last!.queries} queries, states ${JSON.stringify(Object.fromEntries(Object.entries(last!.counts.byState).filter(([, n]) => n > 0)))}`);
    const figures = (values: number[]) => `min ${Math.min(...values).toFixed(0)} ms, median of ${values.length} ${median(values).toFixed(0)} ms`;
    console.log(`  start-up: node -e 0 ${figures(startup.node)}; migration-doctor --version ${figures(startup.cli)}`);
    console.log(`  migration-doctor status end to end (node start, load, snapshot, JSON):`);
    console.log(`    first run, parses and writes the cache: ${first.ms.toFixed(0)} ms`);
    console.log(`    cold, --no-cache (parses every file): ${figures(runs.cold)}`);
    console.log(`    warm, analysis cache:                 ${figures(runs.warm)}`);
    if (runs.artisan.length > 0) {
      const php = median(runs.artisan);
      console.log(`  php artisan migrate:status end to end: ${figures(runs.artisan)}`);
      console.log(`  ratio snapshot / artisan: ${(snap / php).toFixed(3)}; CLI / artisan: warm ${(median(runs.warm) / php).toFixed(2)}, cold ${(median(runs.cold) / php).toFixed(2)}`);
      console.log(`  target: CLI no slower than artisan -> warm ${median(runs.warm) <= php ? 'met' : 'NOT met'}, cold ${median(runs.cold) <= php ? 'met' : 'NOT met'}`);
    } else {
      console.log(`  php artisan not run: ${problem}`);
    }
    console.log(`  target: snapshot < 300 ms -> ${snap < 300 ? 'met' : 'NOT met'}`);
  } finally {
    await db.close();
    await test.drop();
    rmSync(project, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
