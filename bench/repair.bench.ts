// node out/bench/repair.bench.js [rows]
// The repair's backup on one table of many rows: the built-in streaming dump against
// mysqldump, the check, and the restore against the `mysql` client replaying the same
// file (the built-in replay is the one used when no client is installed), all in the same run. Also the peak memory while dumping (the dump streams).
// Prints figures; asserts nothing (not a timed test).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackup, verifyBackup } from '../src/core/repair/backup';
import { restoreBackup } from '../src/core/repair/restore';
import { createTestDatabase, testServer } from '../test/support/database';

const rows = Number(process.argv[2] ?? 200_000);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T; peakRssMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const started = performance.now();
  try {
    const value = await work();
    return { ms: performance.now() - started, value, peakRssMb: (Math.max(peak, process.memoryUsage().rss) - base) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'md-repair-bench-'));
  const test = await createTestDatabase('md_repair_bench');
  const db = await test.open();
  try {
    await db.execute(`CREATE TABLE bench_rows (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(255) NOT NULL,
      note text NULL, amount decimal(10,2) NOT NULL, payload longtext NULL, created_at timestamp NULL)`);
    await db.execute('CREATE TABLE migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)');
    // MariaDB's sequence engine fills the table server-side in one statement.
    await db.execute(`INSERT INTO bench_rows (name, note, amount, payload, created_at)
      SELECT CONCAT('row ', seq), CONCAT('it''s row ', seq, ';\\n-- not a comment'), seq / 100, CONCAT('{"n":', seq, '}'), '2025-09-23 01:15:32'
      FROM seq_1_to_${rows}`);
    const request = { directory: dir, tables: ['bench_rows'], migrationNames: [] as string[] };

    const builtIn = await timed(() => createBackup(db, { ...request, useMysqldump: false }));
    const dump = await timed(() => createBackup(db, { ...request, useMysqldump: true }));
    const check = await timed(() => verifyBackup(builtIn.value.file));
    const restore = await timed(() => restoreBackup(db, builtIn.value.file, { useClient: false }));
    if (!restore.value.ok) throw new Error(restore.value.message);

    const server = testServer();
    const access = [`--host=${server.host}`, `--port=${server.port}`, `--user=${server.user}`, ...(server.password ? [`--password=${server.password}`] : [])];
    const client = await timed(async () => execFileSync('mysql', [...access, test.name], { input: readFileSync(builtIn.value.file) }));

    const mb = (file: string) => statSync(file).size / 2 ** 20;
    const line = (label: string, ms: number, extra = '') => console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${(rows / (ms / 1000)).toFixed(0).padStart(9)} rows/s  ${extra}`);
    console.log(`repair backup of one table, ${rows} rows (MariaDB, same run)`);
    line('built-in streaming dump', builtIn.ms, `${mb(builtIn.value.file).toFixed(1)} MB, peak +${builtIn.peakRssMb.toFixed(0)} MB RSS`);
    line(`mysqldump (${dump.value.manifest.method})`, dump.ms, `${mb(dump.value.file).toFixed(1)} MB`);
    line('check (complete, row counts)', check.ms, check.value.ok ? 'ok' : check.value.problem);
    line('restore (built-in, check + replay)', restore.ms, `peak +${restore.peakRssMb.toFixed(0)} MB RSS`);
    line('mysql client, same file (baseline)', client.ms);
    console.log(`ratios: built-in dump / mysqldump = ${(builtIn.ms / dump.ms).toFixed(2)}, restore / mysql client = ${(restore.ms / client.ms).toFixed(2)}`);
  } finally {
    await db.close();
    await test.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
