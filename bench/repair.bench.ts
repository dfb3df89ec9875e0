// node out/bench/repair.bench.js [rows] [rounds]
// The repair's backup on one table of many rows: the built-in streaming dump against
// mysqldump (through the backup, and alone), the check, and the built-in restore (the one used
// when no client is installed: check + replay) against the `mysql` client replaying the same
// file. Rounds interleave the contenders so load from elsewhere falls on all of them, and the two
// restores swap places every round (each one's table is dropped by the other, its pages flushed
// meanwhile); medians, and the load average. Also the peak memory while dumping (the dump
// streams). Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackup, verifyBackup } from '../src/core/repair/backup';
import { restoreBackup } from '../src/core/repair/restore';
import { createTestDatabase, testServer } from '../test/support/database';

const rows = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 3);

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
    const server = testServer();
    const access = ['--no-defaults', `--host=${server.host}`, `--port=${server.port}`, `--user=${server.user}`, ...(server.password ? [`--password=${server.password}`] : [])];
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');
    const runs: Record<string, number[]> = {};
    const note = (label: string, ms: number): void => { (runs[label] ??= []).push(ms); };
    let size = 0;
    let peak = 0;
    let restorePeak = 0;
    for (let round = 0; round < rounds; round++) {
      const builtIn = await timed(() => createBackup(db, { ...request, useMysqldump: false }));
      note('built-in dump', builtIn.ms);
      peak = Math.max(peak, builtIn.peakRssMb);
      size = statSync(builtIn.value.file).size / 2 ** 20;
      const dump = await timed(() => createBackup(db, { ...request, useMysqldump: true }));
      if (dump.value.manifest.method !== 'mysqldump') throw new Error(dump.value.manifest.note);
      note('backup through mysqldump', dump.ms);
      const bare = await timed(async () => execFileSync('mysqldump', [...access, '--single-transaction', '--hex-blob', `--result-file=${join(dir, 'bare.sql')}`, test.name, 'bench_rows']));
      note('mysqldump alone', bare.ms);
      const check = await timed(() => verifyBackup(builtIn.value.file));
      if (!check.value.ok) throw new Error(check.value.problem);
      note('check', check.ms);
      const restores = [
        async () => {
          const restore = await timed(() => restoreBackup(db, builtIn.value.file, { useClient: false }));
          if (!restore.value.ok) throw new Error(restore.value.message);
          note('built-in restore', restore.ms);
          restorePeak = Math.max(restorePeak, restore.peakRssMb);
        },
        async () => {
          const client = await timed(async () => execFileSync('mysql', [...access, test.name], { input: readFileSync(builtIn.value.file) }));
          note('mysql client', client.ms);
        },
      ];
      for (const restore of round % 2 === 0 ? restores : restores.reverse()) await restore();
      for (const f of [builtIn.value.file, dump.value.file, join(dir, 'bare.sql')]) rmSync(f, { force: true });
      const r = (a: string, b: string): string => (runs[a][round] / runs[b][round]).toFixed(2);
      console.log(`round ${round + 1} (load ${loadavg()[0].toFixed(1)}): dump/mysqldump ${r('built-in dump', 'backup through mysqldump')} (alone ${r('built-in dump', 'mysqldump alone')}), restore/client ${r('built-in restore', 'mysql client')}`);
    }

    const median = (label: string): number => { const v = [...runs[label]].sort((x, y) => x - y); return v[Math.floor(v.length / 2)]; };
    const line = (label: string, extra = ''): void => {
      const ms = median(label);
      console.log(`${label.padEnd(26)} ${ms.toFixed(0).padStart(7)} ms  ${(rows / (ms / 1000)).toFixed(0).padStart(9)} rows/s  ${extra}`);
    };
    console.log(`repair backup of one table, ${rows} rows, ${size.toFixed(1)} MB (MariaDB), medians of ${rounds} interleaved rounds, load average ${load} at the start, ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
    line('built-in dump', `peak +${peak.toFixed(0)} MB RSS`);
    line('backup through mysqldump', '(mysqldump, its rows counted, copied into the backup)');
    line('mysqldump alone');
    line('check', '(complete: the sealed file\'s checksum; part of every restore)');
    line('built-in restore', `(check + replay) peak +${restorePeak.toFixed(0)} MB RSS`);
    line('mysql client', '(same file)');
    const ratio = (a: string, b: string): string => (median(a) / median(b)).toFixed(2);
    console.log(`ratios of medians: built-in dump / backup through mysqldump = ${ratio('built-in dump', 'backup through mysqldump')}, / mysqldump alone = ${ratio('built-in dump', 'mysqldump alone')}; built-in restore / mysql client = ${ratio('built-in restore', 'mysql client')}`);
    // Each round's own ratio compares runs a few seconds apart: steadier than medians taken apart when the load moves.
    const perRound = (a: string, b: string): string => {
      const v = runs[a].map((ms, i) => ms / runs[b][i]).sort((x, y) => x - y);
      return v[Math.floor(v.length / 2)].toFixed(2);
    };
    console.log(`medians of the rounds' ratios: built-in dump / mysqldump alone = ${perRound('built-in dump', 'mysqldump alone')}; built-in restore / mysql client = ${perRound('built-in restore', 'mysql client')}`);
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
