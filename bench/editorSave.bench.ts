// node out/bench/editorSave.bench.js [migrations]      (default 10000)
// What the editor does after one migration file is saved, on a project of that many migrations
// and rows: the saved file parsed again, the status input put together (the catalog translated
// from the recorded migrations, through the editor's translation memory) and a status snapshot,
// as StatusModel does. Seven saves: a pending migration, a recorded one near the end, a recorded
// one near the start with a real change, one near the start whose down() only changed, and three
// near the start whose table is later renamed and back, guarded on, or changed by raw SQL (the
// history holds those late operations, which every early change crosses). Three sessions in the same run: before (every recorded migration translated
// again as soon as one of them changed, the database read again), incremental translation with
// the database read again, and what StatusModel shows at once after a save (incremental
// translation, the database as last read: no query). Beside them, the diagnostics' part of a save
// (the file set again in the editor's MigrationProject, every rule run) and, for comparison, the same
// migrations analysed from scratch (the whole timeline simulated again). Prints figures; asserts nothing.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AnalysisCache } from '../src/core/analysis/cache';
import { listMigrationPaths, readMigrations } from '../src/core/analysis/load';
import { MigrationProject, analyzeProject } from '../src/core/analysis/project';
import { builtInTables } from '../src/schema';
import type { MigrationFile } from '../src/core/analysis/types';
import type { Database } from '../src/core/db/database';
import { snapshotWithFiles, takeSnapshot, type ServerKind } from '../src/core/status/engine';
import type { StatusSnapshot } from '../src/core/status/types';
import type { ExpectedCatalog } from '../src/core/structure/expected';
import { loadStatusInput, translationMemory, type TranslationMemory } from '../src/core/status/inputs';
import { createTestDatabase } from '../test/support/database';

const count = Number(process.argv[2] ?? 10_000);
const tables = 100;
const rounds = 11;
const translate = { tablePrefix: '', laravel: { version: '8.83', driver: 'mysql' } } as const;

/**
 * Late in the history, a table renamed and renamed back (100 migrations later, in its own next
 * slots), a column added under a `Schema::hasTable` guard, and one added by raw SQL: the later
 * operations an early change must be replayed across.
 */
const late = { rename: count - 397, renameBack: count - 297, guard: count - 298, sql: count - 199 };
const tableOf = (i: number) => `bench_t${String(i % tables).padStart(3, '0')}`;

/** The column migration `i` adds to its table on the server (none for the renames). */
const columnAdded = (i: number): string | undefined => (i < tables || i === late.rename || i === late.renameBack ? undefined : `c${i}`);

/** Migration `i`: the first `tables` create a table each, the others add a column to one of them (`down`: its down()'s body). */
function migrationSource(i: number, length = 20, down = ''): string {
  const table = tableOf(i);
  const add = `Schema::table('${table}', function (Blueprint $table) {\n            $table->string('c${i}', ${length})->nullable();\n        });`;
  const body = i < tables
    ? `Schema::create('${table}', function (Blueprint $table) {\n            $table->id();\n            $table->string('name');\n            $table->timestamps();\n        });`
    : i === late.rename ? `Schema::rename('${table}', '${table}_archive');`
    : i === late.renameBack ? `Schema::rename('${table}_archive', '${table}');`
    : i === late.guard ? `if (Schema::hasTable('${table}')) {\n            ${add}\n        }`
    : i === late.sql ? `DB::statement('ALTER TABLE ${table} ADD COLUMN c${i} VARCHAR(${length}) NULL');`
    : add;
  return `<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\DB;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n    public function up()\n    {\n        ${body}\n    }\n\n    public function down()\n    {\n${down}    }\n};\n`;
}

const nameOf = (i: number) => `2020_01_01_${String(i).padStart(6, '0')}_bench_migration_${i}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The memory before incremental translation: the same recorded objects or a full translation. */
function fullTranslationMemory(): Pick<AnalysisCache, 'derived'> {
  let last: { migrations: readonly MigrationFile[]; parameters: string; value: unknown } | undefined;
  return {
    derived<T>(_name: string, migrations: readonly MigrationFile[], parameters: string, _codec: unknown, compute: () => T): T {
      const same = last !== undefined && last.parameters === parameters && last.migrations.length === migrations.length
        && last.migrations.every((m, i) => m === migrations[i]);
      if (same) return last!.value as T;
      const value = compute();
      last = { migrations: [...migrations], parameters, value };
      return value;
    },
  };
}

/** One editor session: each file parsed once, a save parses its file again (StatusModel's path). */
class Session {
  private readonly parsed = new Map<string, MigrationFile>();
  private last: StatusSnapshot | undefined;
  /** StatusModel keeps its listing while files are only changed. */
  private listing: readonly string[] | undefined;
  /** `lastRead`: after the first snapshot, the database as last read (StatusModel after a save). */
  constructor(private readonly dir: string, private readonly db: Database, private readonly memory: TranslationMemory, private readonly lastRead = false) {}

  /** The whole update (wall and this process's CPU time) and the catalog's part of it (translating). */
  async update(): Promise<{ wall: number; cpu: number; files: number; catalog: number; queries: number }> {
    const start = performance.now();
    const cpu = process.cpuUsage();
    let files = 0;
    const input = await loadStatusInput([this.dir], translate, [], async (folders) => {
      const begin = performance.now();
      const paths = this.lastRead && this.listing ? this.listing : (await listMigrationPaths(folders)).paths;
      this.listing = paths;
      const missing = paths.filter((p) => !this.parsed.has(p));
      readMigrations(missing).forEach((m, i) => this.parsed.set(missing[i]!, m));
      files = performance.now() - begin;
      return paths.map((p) => this.parsed.get(p)!);
    }, this.memory);
    let catalog = 0;
    const resolve = input.catalog as (recorded: ReadonlySet<string>, server?: ServerKind) => ExpectedCatalog;
    const timed = (recorded: ReadonlySet<string>, server?: ServerKind) => {
      const begin = performance.now();
      const resolved = resolve(recorded, server);
      catalog += performance.now() - begin;
      return resolved;
    };
    const snapshot = this.last && this.lastRead ? snapshotWithFiles(this.last, { ...input, catalog: timed }) : await takeSnapshot(this.db, { ...input, catalog: timed });
    this.last = snapshot;
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000, files, catalog, queries: snapshot.queries };
  }

  saved(file: string): void {
    this.parsed.delete(file);
  }
}

async function main(): Promise<void> {
  const project = mkdtempSync(join(tmpdir(), 'md-editor-save-bench-'));
  const dir = join(project, 'database', 'migrations');
  mkdirSync(dir, { recursive: true });
  const test = await createTestDatabase('md_h2_editor_save');
  const db = await test.open();
  try {
    for (let i = 0; i < count; i++) writeFileSync(join(dir, `${nameOf(i)}.php`), migrationSource(i));
    await db.execute('CREATE TABLE migrations (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci');
    for (let t = 0; t < tables; t++) {
      const added: string[] = [];
      for (let i = tables + t; i < count - 10; i += tables) if (columnAdded(i)) added.push(`${columnAdded(i)} VARCHAR(20) NULL`);
      await db.execute(`CREATE TABLE bench_t${String(t).padStart(3, '0')} (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(255) NOT NULL, created_at TIMESTAMP NULL, updated_at TIMESTAMP NULL${added.map((c) => `, ${c}`).join('')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    }
    // Every migration recorded, 1,000 per batch, except the last 10 (pending).
    const rows = Array.from({ length: count - 10 }, (_, i) => [nameOf(i), Math.floor(i / 1000) + 1]);
    for (let i = 0; i < rows.length; i += 2000) await db.execute('INSERT INTO migrations (migration, batch) VALUES ?', [rows.slice(i, i + 2000)]);

    const cases = [
      { label: 'pending migration saved', index: count - 3 },
      { label: 'recorded migration near the end saved', index: count - 30 },
      { label: 'recorded migration near the start saved', index: tables + 50 },
      { label: 'recorded migration near the start saved, only its down() changed', index: tables + 60, downOnly: true },
      { label: 'recorded migration near the start saved, its table renamed and back later', index: tables + (late.rename % tables) },
      { label: 'recorded migration near the start saved, its table guarded on later', index: tables + (late.guard % tables) },
      { label: 'recorded migration near the start saved, its table changed by raw SQL later', index: tables + (late.sql % tables) },
    ];
    const sessions = {
      before: new Session(dir, db, fullTranslationMemory()),
      incremental: new Session(dir, db, translationMemory()),
      after: new Session(dir, db, translationMemory(), true),
    };
    const diagnostics = new MigrationProject();
    for (const file of (await listMigrationPaths([dir])).paths) diagnostics.setFile(file, readFileSync(file, 'utf8'));
    const analyze = () => diagnostics.analyze({ drizzle: builtInTables, laravel: translate.laravel });
    analyze();
    const first = { before: (await sessions.before.update()).wall, incremental: (await sessions.incremental.update()).wall, after: (await sessions.after.update()).wall };
    type Runs = { wall: number[]; cpu: number[]; files: number[]; catalog: number[]; queries: number };
    const runs = (): Runs => ({ wall: [], cpu: [], files: [], catalog: [], queries: 0 });
    const figures = cases.map(() => ({ before: runs(), incremental: runs(), after: runs(), diagnostics: [] as number[], fromScratch: [] as number[] }));
    // Interleaved, so that a busy machine slows both alike; each save changes the file (a column's length).
    for (let round = 0; round < rounds; round++) {
      for (const [c, { index, downOnly }] of cases.entries()) {
        const file = join(dir, `${nameOf(index)}.php`);
        const edited = round % 2 === 0;
        writeFileSync(file, downOnly ? migrationSource(index, 20, edited ? `        // ${round}\n` : '') : migrationSource(index, edited ? 25 : 20));
        for (const which of ['before', 'incremental', 'after'] as const) {
          sessions[which].saved(file);
          const result = await sessions[which].update();
          for (const key of ['wall', 'cpu', 'files', 'catalog'] as const) figures[c]![which][key].push(result[key]);
          figures[c]![which].queries = result.queries;
        }
        const start = performance.now();
        diagnostics.setFile(file, readFileSync(file, 'utf8'));
        analyze();
        figures[c]!.diagnostics.push(performance.now() - start);
        const begin = performance.now();
        analyzeProject(diagnostics.migrations(), { drizzle: builtInTables, laravel: translate.laravel });
        figures[c]!.fromScratch.push(performance.now() - begin);
      }
    }
    const show = (r: Runs) => `${median(r.wall).toFixed(1).padStart(6)} ms (CPU ${median(r.cpu).toFixed(1).padStart(5)}; listing and parsing ${median(r.files).toFixed(1).padStart(5)}, catalog ${median(r.catalog).toFixed(1).padStart(5)}; ${r.queries} queries)`;
    console.log(`editor save bench: ${count} migration files, ${count - 10} recorded, ${tables} tables; load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
    console.log(`  first snapshot (parses and translates everything): ${first.before.toFixed(0)}, ${first.incremental.toFixed(0)}, ${first.after.toFixed(0)} ms`);
    console.log(`  after one save, medians of ${rounds}: the whole update's wall time (this process's CPU time; the files' and the catalog's parts; queries):`);
    const ratio = (a: Runs, b: Runs) => `${(median(a.wall) / median(b.wall)).toFixed(2)}× wall, ${(median(a.cpu) / median(b.cpu)).toFixed(2)}× CPU`;
    for (const [c, { label }] of cases.entries()) {
      const f = figures[c]!;
      console.log(`    ${label}:`);
      console.log(`      before (full translation, database read)      ${show(f.before)}`);
      console.log(`      incremental translation, database read        ${show(f.incremental)}: ${ratio(f.incremental, f.before)}`);
      console.log(`      after (incremental, the database as last read) ${show(f.after)}: ${ratio(f.after, f.before)}`);
      console.log(`      diagnostics (the file set again, every rule)  ${median(f.diagnostics).toFixed(1).padStart(6)} ms (the same migrations analysed from scratch: ${median(f.fromScratch).toFixed(1)} ms)`);
    }
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
