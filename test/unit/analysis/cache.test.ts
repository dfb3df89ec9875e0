// The CLI's persistent analysis cache: reuses what is unchanged, never what changed.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AnalysisCache, analyserIdentity, analysisCachePath } from '../../../src/core/analysis/cache';
import { loadMigrations } from '../../../src/core/analysis/load';
import { computeStatus } from '../../../src/core/status/engine';
import { migrationsToJson } from '../../../src/core/status/format';
import { cachedStatusInput, recordedCatalog } from '../../../src/core/status/inputs';
import { structurePort } from '../../../src/core/status/structurePort';
import type { MigrationStatus, StatusCatalog, StatusFile } from '../../../src/core/status/types';
import { withDrizzleTables } from '../../../src/core/structure/expected';
import { translateMigrations, type TranslateOptions } from '../../../src/core/translate';

function migration(table: string, column = 'name'): string {
  return `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\n`
    + `return new class extends Migration {\n    public function up()\n    {\n        Schema::create('${table}', function (Blueprint $table) {\n`
    + `            $table->id();\n            $table->string('${column}'); // migration-doctor-ignore some-rule\n        });\n    }\n\n`
    + `    public function down()\n    {\n        Schema::dropIfExists('${table}');\n    }\n};\n`;
}

describe('analysis/cache', () => {
  let root: string;
  let folder: string;
  let cacheFile: string;
  const analyser = 'test-analyser 1';
  const file = (name: string) => path.join(folder, `${name}.php`);

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'md-cache-'));
    folder = path.join(root, 'database', 'migrations');
    mkdirSync(folder, { recursive: true });
    writeFileSync(file('2024_01_01_000000_create_users_table'), migration('users'));
    writeFileSync(file('2024_01_02_000000_create_posts_table'), migration('posts'));
    writeFileSync(file('2024_01_03_000000_create_tags_table'), migration('tags'));
    cacheFile = analysisCachePath(root, [folder]);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** One CLI run: a fresh cache object over the file, loaded, then saved. */
  async function run(identity = analyser) {
    const cache = new AnalysisCache(cacheFile, identity);
    const result = await cache.loadMigrations([folder]);
    assert.equal(cache.save(), undefined);
    return result;
  }

  it('parses everything once, then reuses it, with the same analysis loadMigrations gives', async () => {
    const cold = await run();
    assert.deepEqual(cold.statistics, { reused: 0, parsed: 3 });
    assert.ok(statSync(cacheFile).isFile());
    const warm = await run();
    assert.deepEqual(warm.statistics, { reused: 3, parsed: 0 });
    const direct = await loadMigrations([folder]);
    assert.deepEqual(warm.migrations, direct);
    assert.deepEqual(cold.migrations, direct);
    // The ignore comments survive the round trip as a Map.
    assert.deepEqual([...warm.migrations[0].ignores], [[10, ['some-rule']]]);
  });

  it('does not rewrite the file when nothing changed', async () => {
    await run();
    const written = statSync(cacheFile).mtimeMs;
    const before = readFileSync(cacheFile, 'utf8');
    await run();
    assert.equal(statSync(cacheFile).mtimeMs, written);
    assert.equal(readFileSync(cacheFile, 'utf8'), before);
  });

  it('parses a changed file again, even one whose size and modification time were put back', async () => {
    const target = file('2024_01_02_000000_create_posts_table');
    // Whole seconds, which utimes puts back exactly.
    utimesSync(target, 1_700_000_000, 1_700_000_000);
    await run();
    const { size, mtimeMs } = statSync(target);
    // Same length, other table, modification time put back: only the change time (set by the kernel) tells.
    writeFileSync(target, migration('pists'));
    utimesSync(target, 1_700_000_000, 1_700_000_000);
    assert.equal(statSync(target).size, size);
    assert.equal(statSync(target).mtimeMs, mtimeMs);
    const after = await run();
    assert.deepEqual(after.statistics, { reused: 2, parsed: 1 });
    assert.equal(after.migrations[1].up.operations[0].table.name, 'pists');
    const again = await run();
    assert.deepEqual(again.statistics, { reused: 3, parsed: 0 });
    assert.equal(again.migrations[1].up.operations[0].table.name, 'pists');
  });

  it('parses an added file, forgets a removed one', async () => {
    await run();
    writeFileSync(file('2024_01_04_000000_create_likes_table'), migration('likes'));
    unlinkSync(file('2024_01_01_000000_create_users_table'));
    const after = await run();
    assert.deepEqual(after.statistics, { reused: 2, parsed: 1 });
    assert.deepEqual(after.migrations.map((m) => m.up.operations[0].table.name), ['posts', 'tags', 'likes']);
    const entries = Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')).entries).map((p) => path.basename(p));
    assert.deepEqual(entries.sort(), ['2024_01_02_000000_create_posts_table.php', '2024_01_03_000000_create_tags_table.php', '2024_01_04_000000_create_likes_table.php']);
  });

  it('ignores a corrupt, truncated or foreign cache file and writes a good one', async () => {
    await run();
    const good = readFileSync(cacheFile, 'utf8');
    for (const damaged of [good.slice(0, good.length / 2), 'not json', 'null', '[]', '{"format":1}']) {
      writeFileSync(cacheFile, damaged);
      const result = await run();
      assert.deepEqual(result.statistics, { reused: 0, parsed: 3 }, damaged.slice(0, 20));
      assert.deepEqual(result.migrations, await loadMigrations([folder]));
    }
    assert.deepEqual((await run()).statistics, { reused: 3, parsed: 0 });
  });

  it('parses again an entry whose content is not an analysis', async () => {
    await run();
    const content = JSON.parse(readFileSync(cacheFile, 'utf8'));
    const users = file('2024_01_01_000000_create_users_table');
    content.entries[users].migration.up = { operations: 'broken' };
    writeFileSync(cacheFile, JSON.stringify(content));
    const result = await run();
    assert.deepEqual(result.statistics, { reused: 2, parsed: 1 });
    assert.equal(result.migrations[0].up.operations[0].table.name, 'users');
  });

  it('reuses nothing written by another version or build of the analyser', async () => {
    await run('migration-doctor 0.1.0 cli.js:1000:1');
    assert.deepEqual((await run('migration-doctor 0.1.0 cli.js:1001:2')).statistics, { reused: 0, parsed: 3 });
    assert.match(analyserIdentity('9.9.9'), /^9\.9\.9 cache\.js:\d+:[\d.]+ parse\.js:\d+:[\d.]+ load\.js:\d+:[\d.]+$/);
  });

  it('returns the error when the cache cannot be written; the analysis is unaffected', async () => {
    // A file where the cache folder should be.
    writeFileSync(path.join(root, '.migration-doctor'), '');
    const cache = new AnalysisCache(cacheFile, analyser);
    const { migrations } = await cache.loadMigrations([folder]);
    assert.equal(migrations.length, 3);
    assert.ok(cache.save() instanceof Error);
  });

  it('keeps one file per set of folders', () => {
    assert.notEqual(analysisCachePath(root, [folder]), analysisCachePath(root, [folder, path.join(root, 'other')]));
    assert.equal(path.dirname(analysisCachePath(root, [folder])), path.join(root, '.migration-doctor', 'cache'));
  });

  describe('the translated structures kept beside the analyses', () => {
    const laravel8: TranslateOptions = { tablePrefix: '', laravel: { version: '8.83', driver: 'mysql' } };
    /** One status run: the catalog of every migration, translated through the cache. */
    async function catalogRun(options = laravel8) {
      const cache = new AnalysisCache(cacheFile, analyser);
      const { migrations } = await cache.loadMigrations([folder]);
      const catalog = recordedCatalog(migrations, options, [], cache)(new Set(migrations.map((m) => m.name)));
      return { catalog, direct: withDrizzleTables(translateMigrations(migrations, options), []) };
    }
    const columns = (c: Awaited<ReturnType<typeof catalogRun>>['catalog'], table: string) => c.tables.get(table)?.model.columns.map((col) => col.name);
    // As data: JSON leaves out the properties set to undefined, which no reader tells from absent ones.
    const same = (a: Awaited<ReturnType<typeof catalogRun>>['catalog'], b: typeof a) =>
      assert.equal(JSON.stringify([[...a.tables], [...a.unknown]]), JSON.stringify([[...b.tables], [...b.unknown]]));
    const translationFile = () => cacheFile.replace(/\.json$/, '.translation.json');

    it('gives the catalog the translation gives, written once and then read', async () => {
      const first = await catalogRun();
      same(first.catalog, first.direct);
      const written = statSync(translationFile()).mtimeMs;
      const second = await catalogRun();
      same(second.catalog, second.direct);
      assert.deepEqual(columns(second.catalog, 'users'), ['id', 'name']);
      assert.equal(statSync(translationFile()).mtimeMs, written);
    });

    it('a recorded migration edited (same size, same mtime) is translated again, never its old structure', async () => {
      await catalogRun();
      const users = file('2024_01_01_000000_create_users_table');
      const { mtime } = statSync(users);
      writeFileSync(users, migration('users', 'mail'));
      utimesSync(users, mtime, mtime);
      const { catalog } = await catalogRun();
      assert.deepEqual(columns(catalog, 'users'), ['id', 'mail']);
    });

    /** One status run through the status part of the analyses: the files it reads, and the catalog of them all. */
    async function statusRun(options = laravel8) {
      const cache = new AnalysisCache(cacheFile, analyser);
      const { input } = await cachedStatusInput([folder], options, [], cache);
      assert.equal(cache.save(), undefined);
      const catalog = typeof input.catalog === 'function' ? input.catalog(new Set(input.migrations.map((m) => m.name))) : input.catalog;
      return { files: input.migrations, catalog };
    }
    const statusFile = () => cacheFile.replace(/\.json$/, '.status.json');

    it('the status part of the analyses: what the engine reads of each file, kept and then read alone', async () => {
      const first = await statusRun();
      const direct = await loadMigrations([folder]);
      assert.deepEqual(first.files.map((f) => [f.name, f.up.operations.map((op) => [op.kind, op.table.name])]), direct.map((m) => [m.name, m.up.operations.map((op) => [op.kind, op.table.name])]));
      // What status compares: each table's model, and why the others cannot be known.
      const compared = (c: typeof first.catalog) => JSON.stringify([[...c.tables].map(([n, t]) => [n, t.model]), [...c.unknown].map(([n, u]) => [n, u.reason])]);
      assert.equal(compared(first.catalog), compared(withDrizzleTables(translateMigrations(direct, laravel8), [])));
      const written = statSync(statusFile()).mtimeMs;
      // Read alone: the analyses are not needed while no file changed (a damaged analysis file is not even read).
      writeFileSync(cacheFile, 'damaged');
      const second = await statusRun();
      assert.deepEqual(second.files, first.files);
      assert.equal(compared(second.catalog), compared(first.catalog));
      assert.equal(statSync(statusFile()).mtimeMs, written);
      assert.equal(readFileSync(cacheFile, 'utf8'), 'damaged');
    });

    it('a migration edited with the same size and mtime gives its new tables, never the kept ones', async () => {
      const posts = file('2024_01_02_000000_create_posts_table');
      utimesSync(posts, 1_700_000_000, 1_700_000_000);
      assert.deepEqual((await statusRun()).files[1].up.operations.map((op) => op.table.name), ['posts']);
      const { size } = statSync(posts);
      writeFileSync(posts, migration('pists'));
      utimesSync(posts, 1_700_000_000, 1_700_000_000);
      assert.equal(statSync(posts).size, size);
      const after = await statusRun();
      assert.deepEqual(after.files[1].up.operations.map((op) => op.table.name), ['pists']);
      assert.deepEqual([...after.catalog.tables.keys()].sort(), ['pists', 'tags', 'users']);
    });

    it('a file added or removed, or a damaged status file, is read again', async () => {
      await statusRun();
      writeFileSync(file('2024_01_04_000000_create_likes_table'), migration('likes'));
      unlinkSync(file('2024_01_01_000000_create_users_table'));
      assert.deepEqual((await statusRun()).files.map((f) => f.up.operations[0].table.name), ['posts', 'tags', 'likes']);
      const good = readFileSync(statusFile(), 'utf8');
      const stored = JSON.parse(good) as { key: string; value: unknown[][] };
      const damagedFirst = (entry: unknown) => JSON.stringify({ key: stored.key, value: stored.value.map((f, i) => (i === 0 ? entry : f)) });
      for (const damaged of [good.slice(0, 50), JSON.stringify({ key: stored.key, value: stored.value.slice(1) }),
        damagedFirst({ name: stored.value[0]![0] }), damagedFirst([42]), damagedFirst([stored.value[0]![0], [], 'broken'])]) {
        writeFileSync(statusFile(), damaged);
        assert.deepEqual((await statusRun()).files.map((f) => f.up.operations[0].table.name), ['posts', 'tags', 'likes']);
      }
    });

    it('the status part leaves out only what the engine does not read: the same statuses as the whole analyses', async () => {
      const body = (up: string) => `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\n`
        + `use Illuminate\\Support\\Facades\\DB;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration {\n    public function up()\n    {\n${up}\n    }\n};\n`;
      writeFileSync(file('2024_01_04_000000_add_title_to_posts'), body(`        Schema::table('posts', function (Blueprint $table) { $table->string('title'); });`));
      writeFileSync(file('2024_01_05_000000_rename_tags'), body(`        Schema::rename('tags', 'labels');`));
      writeFileSync(file('2024_01_06_000000_raw_things'), body(`        DB::statement('CREATE TABLE raw_things (id int)');\n        DB::statement('UPDATE posts SET title = name');`));
      writeFileSync(file('2024_01_07_000000_maybe_audits'), body(`        if (config('app.audits')) {\n            Schema::create('audits', function (Blueprint $table) { $table->id(); });\n        }`));
      writeFileSync(file('2024_01_08_000000_drop_users'), body(`        Schema::drop('users');`));
      writeFileSync(file('2024_01_09_000000_create_users_again'), body(`        Schema::create('users', function (Blueprint $table) { $table->id(); });`));
      const direct = await loadMigrations([folder]);
      // Recorded up to the raw statements; labels missing, audits there, users there before the pending drop and create.
      const rows = direct.slice(0, 7).map((m) => ({ migration: m.name, batch: 1 }));
      const facts = { rows, liveTables: new Set(['users', 'posts', 'raw_things', 'audits']), liveStructures: new Map() };
      const names = new Set(rows.map((r) => r.migration));
      const statuses = (files: readonly StatusFile[], catalog: StatusCatalog) =>
        JSON.stringify(migrationsToJson(computeStatus({ migrations: files, catalog, structure: structurePort() }, facts, '').migrations as MigrationStatus[]));
      await statusRun();
      const cached = await statusRun();
      const input = (await cachedStatusInput([folder], laravel8, [], new AnalysisCache(cacheFile, analyser))).input;
      assert.ok(typeof input.catalog === 'function');
      assert.equal(statuses(cached.files, input.catalog(names)), statuses(direct, recordedCatalog(direct, laravel8, [])(names)));
      assert.deepEqual(cached.files.map((f) => f.up.operations.map((op) => op.kind)), [['create'], ['create'], ['create'], [], ['rename'], [], ['create'], ['drop'], ['create']]);
      assert.deepEqual(cached.files[5]!.up.unknown.map((u) => u.sqlCreates), [['raw_things']]);
    });

    it('the translation read while the server answers (prefetch) is used only under its key: another recorded set is translated', async () => {
      await statusRun();
      const cache = new AnalysisCache(cacheFile, analyser);
      const { input } = await cachedStatusInput([folder], laravel8, [], cache);
      assert.ok(input.whileQuerying && typeof input.catalog === 'function');
      // The kept translation, of all three recorded, is read now; only users turns out to be recorded.
      input.whileQuerying();
      const users = input.catalog(new Set(['2024_01_01_000000_create_users_table']));
      assert.deepEqual([...users.tables.keys()], ['users']);
      // Read again from the file, which now holds the translation of users alone: all three are translated again.
      const all = input.catalog(new Set(input.migrations.map((m) => m.name)));
      assert.deepEqual([...all.tables.keys()].sort(), ['posts', 'tags', 'users']);
    });

    it('another prefix or Laravel version is another translation; a damaged file is translated again', async () => {
      await catalogRun();
      const prefixed = await catalogRun({ ...laravel8, tablePrefix: 'app_' });
      assert.deepEqual([...prefixed.catalog.tables.keys()].sort(), ['app_posts', 'app_tags', 'app_users']);
      writeFileSync(translationFile(), readFileSync(translationFile(), 'utf8').slice(0, 100));
      const repaired = await catalogRun();
      same(repaired.catalog, repaired.direct);
      writeFileSync(translationFile(), JSON.stringify({ key: JSON.parse(readFileSync(translationFile(), 'utf8')).key, value: { tables: 'x' } }));
      const reshaped = await catalogRun();
      same(reshaped.catalog, reshaped.direct);
    });
  });
});
