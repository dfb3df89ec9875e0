// node out/bench/preflight.bench.js [rows]     (default 1000000)
// Preflight on a table of that many rows with 20 pending migrations, the checks that read rows
// included (duplicates for a unique index, NULLs for NOT NULL, longer values, enum values in use,
// orphans for a foreign key), and the structural ones. Prints the median of 5 runs and the
// queries sent; the target is under 2 s for 1,000,000 rows. The baseline, measured in the same
// run (interleaved, same load), is one read of the whole table without an index (the cost of a
// single check that scans it): the ratio says how many such reads the preflight costs.
// Asserts nothing (not a timed test).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadMigrations } from '../src/core/analysis/load';
import { openDatabase } from '../src/core/db/database';
import { preflightDatabase } from '../src/core/preflight';
import { structurePort } from '../src/core/status/structurePort';
import { dropDatabase, recreateDatabase, rootConnectionOptions, uniqueDatabaseName, withServer } from '../test/support/database';

const rows = Number(process.argv[2] ?? 1_000_000);

const bodies = [
  "Schema::table('big', function (Blueprint $table) { $table->unique('email'); });",
  "Schema::table('big', function (Blueprint $table) { $table->string('name', 100)->nullable(false)->change(); });",
  "Schema::table('big', function (Blueprint $table) { $table->string('name', 60)->change(); });",
  "Schema::table('big', function (Blueprint $table) { $table->foreign('parent_id')->references('id')->on('parents'); });",
  "Schema::table('big', function (Blueprint $table) { $table->index('score'); });",
  ...Array.from({ length: 10 }, (_, i) => `Schema::table('big', function (Blueprint $table) { $table->string('extra_${i}')->nullable(); });`),
  ...Array.from({ length: 5 }, (_, i) => `Schema::create('side_${i}', function (Blueprint $table) { $table->id(); $table->foreignId('big_id')->constrained('big'); $table->string('label')->unique(); });`),
];

function file(body: string): string {
  return `<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\n`
    + `return new class extends Migration\n{\n    public function up()\n    {\n        ${body}\n    }\n\n    public function down()\n    {\n    }\n};\n`;
}

async function main(): Promise<void> {
  const database = uniqueDatabaseName('md_preflight_bench');
  const dir = mkdtempSync(join(tmpdir(), 'md-preflight-bench-'));
  try {
    bodies.forEach((body, i) => writeFileSync(join(dir, `2024_03_01_${String(i).padStart(6, '0')}_pending_${i}.php`), file(body)));
    await recreateDatabase(database);
    const setupStart = performance.now();
    await withServer(async (c) => {
      await c.query(`USE \`${database}\``);
      await c.query('CREATE TABLE migrations (id int unsigned AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)');
      await c.query('CREATE TABLE parents (id bigint unsigned AUTO_INCREMENT PRIMARY KEY, label varchar(50) NOT NULL)');
      await c.query('INSERT INTO parents (label) SELECT CONCAT(\'p\', seq) FROM seq_1_to_1000');
      await c.query(`CREATE TABLE big (id bigint unsigned AUTO_INCREMENT PRIMARY KEY, email varchar(191) NOT NULL, name varchar(100) NULL,
        status enum('a','b','c') NOT NULL DEFAULT 'a', parent_id bigint unsigned NOT NULL, score int NOT NULL,
        KEY big_email_index (email), KEY big_parent_id_index (parent_id)) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await c.query(`INSERT INTO big (email, name, status, parent_id, score)
        SELECT CONCAT('user', seq, '@example.com'), CONCAT('name ', seq), 'a', 1 + seq % 1000, seq % 97 FROM seq_1_to_${rows}`);
    });
    console.log(`setup: ${rows} rows in ${((performance.now() - setupStart) / 1000).toFixed(1)} s; load ${loadavg()[0].toFixed(2)}`);
    const migrations = await loadMigrations([dir]);
    const times: number[] = [];
    const scans: number[] = [];
    let last: Awaited<ReturnType<typeof preflightDatabase>> | undefined;
    for (let run = 0; run < 5; run++) {
      const opened = await openDatabase(rootConnectionOptions(database));
      const slow: string[] = [];
      const db = { ...opened, options: opened.options, close: () => opened.close(), execute: opened.execute.bind(opened),
        query: async <R>(sql: string, params?: readonly unknown[]) => {
          const start = performance.now();
          try { return await opened.query<R>(sql, params); } finally {
            const ms = performance.now() - start;
            if (ms > 200) slow.push(`${ms.toFixed(0)} ms ${sql.replace(/\s+/g, ' ').slice(0, 140)}`);
          }
        } };
      try {
        const start = performance.now();
        last = await preflightDatabase(db, { migrations, catalog: { tables: new Map(), unknown: new Map() }, structure: structurePort() },
          { tablePrefix: '', laravel: { version: '8.83', driver: 'mysql' } }, { strict: true });
        times.push(performance.now() - start);
        if (run === 0 && process.env.BENCH_VERBOSE) console.log(slow.join('\n'));
        const scanStart = performance.now();
        await opened.query('SELECT COUNT(*) AS n FROM big WHERE CHAR_LENGTH(name) > 1000');
        scans.push(performance.now() - scanStart);
      } finally {
        await db.close();
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    const scan = [...scans].sort((a, b) => a - b)[2];
    const counts = new Map<string, number>();
    for (const m of last!.migrations) counts.set(m.prediction, (counts.get(m.prediction) ?? 0) + 1);
    console.log(`preflight of ${last!.migrations.length} pending migrations over ${rows} rows: median ${(sorted[2] / 1000).toFixed(3)} s `
      + `(min ${(sorted[0] / 1000).toFixed(3)}, max ${(sorted[4] / 1000).toFixed(3)}); ${last!.queries} data queries; `
      + `${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}; target < 2 s`);
    console.log(`baseline: one scan of the table, median ${(scan / 1000).toFixed(3)} s; preflight = ${(sorted[2] / scan).toFixed(2)} scans; load ${loadavg()[0].toFixed(2)}`);
  } finally {
    await dropDatabase(database);
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
