// Schema calls whose table name is a loop variable, run by the real Laravel 8.83 on MariaDB:
// over a literal array each table is translated exactly; over anything else every table that
// exists then is unknown, and nothing is reported as drift.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMigrations } from '../../../src/core/analysis/load';
import { requireOracle } from '../../support/laravel';
import { createTestDatabase } from '../../support/database';
import { type Built, laravel8, migrationSource, statusProblems, translationDifferences } from '../translate/laravelRun';

const createAb = `Schema::create('a', function (Blueprint $table) { $table->increments('id'); });
        Schema::create('b', function (Blueprint $table) { $table->increments('id'); });
        Schema::create('c', function (Blueprint $table) { $table->increments('id'); });`;

/** A class with members besides up(): the history's files are written whole. */
function withMembers(members: string, up: string): string {
  return migrationSource(up).replace('return new class extends Migration\n{\n', `return new class extends Migration\n{\n${members}\n`);
}

/** Runs whole migration files (name -> source) with the real Laravel 8.83; `check` gets what was built. */
async function withLaravel(files: Record<string, string>, check: (built: Built) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-analysis-loops-'));
  const db = await createTestDatabase('md_analysis_loops');
  try {
    for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.php`), source);
    await laravel8.migrate(db.name, dir);
    const migrations = await loadMigrations([dir]);
    await check({ db, migrations, options: { tablePrefix: '', laravel: laravel8.target() } });
  } finally {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function assertExact(files: Record<string, string>): Promise<void> {
  await withLaravel(files, async (built) => {
    assert.deepStrictEqual(await translationDifferences(built), [], 'the translation equals what Laravel built');
    assert.deepStrictEqual(await statusProblems(built), [], 'status calls every migration ran');
  });
}

describe('analysis: Schema calls in loops, against the real Laravel 8.83', function () {
  this.timeout(180_000);
  before(requireOracle);

  it('foreach over a literal array (values, and keys with values)', () => assertExact({
    '2020_01_01_000001_create_abc': migrationSource(createAb),
    '2020_01_01_000002_loop_add': migrationSource(`foreach (['a', 'b'] as $name) {
            Schema::table($name, function (Blueprint $table) { $table->string('x', 50)->nullable(); });
        }
        foreach (['b' => 'y', 'c' => 'z'] as $name => $column) {
            Schema::table($name, function (Blueprint $table) { $table->date('d')->nullable(); });
        }`),
  }));

  it('foreach over a variable holding a literal array, a table of it guarded by hasTable()', () => assertExact({
    '2020_01_01_000001_create_abc': migrationSource(createAb),
    '2020_01_01_000002_loop_add': migrationSource(`$names = ['a', 'missing', 'c'];
        foreach ($names as $name) {
            if (Schema::hasTable($name)) {
                Schema::table($name, function (Blueprint $table) { $table->boolean('flag')->default(false); });
            }
        }`),
  }));

  it('foreach over a class constant, and a table named by a constant', () => assertExact({
    '2020_01_01_000001_create_abc': migrationSource(createAb),
    '2020_01_01_000002_constants': withMembers(`    const TABLES = ['a', 'b'];
    private const LAST = 'c';`, `foreach (static::TABLES as $name) {
            Schema::table($name, function (Blueprint $table) { $table->boolean('flag')->default(false); });
        }
        Schema::table(self::LAST, function (Blueprint $table) { $table->string('note', 20)->nullable(); });`),
  }));

  it('a variable holding an array changed before the loop: its tables are unknown, never wrong', () => withLaravel({
    '2020_01_01_000001_create_abc': migrationSource(createAb),
    '2020_01_01_000002_loop_add': migrationSource(`$names = ['a'];
        $names[] = 'b';
        foreach ($names as $name) {
            Schema::table($name, function (Blueprint $table) { $table->boolean('flag')->default(false); });
        }`),
  }, async (built) => {
    const wrong = (await translationDifferences(built)).filter((p) => !/^\w+: unknown \(|^tables: /.test(p));
    assert.deepStrictEqual(wrong, []);
    assert.ok((await translationDifferences(built)).some((p) => p.startsWith('b: unknown')), 'b is not claimed unchanged');
    assert.deepStrictEqual(await statusProblems(built), []);
  }));

  it('collect([...])->each() with an arrow function and with a closure', () => assertExact({
    '2020_01_01_000001_create_abc': migrationSource(createAb),
    '2020_01_01_000002_each_add': migrationSource(`collect(['a', 'c'])->each(fn (string $name) => Schema::table($name, function (Blueprint $table) {
            $table->unsignedInteger('n')->default(0);
        }));
        collect(['b'])->each(function ($name) { Schema::drop($name); });`),
  }));

  it('an index named by sprintf() or interpolation over the loop variable a Blueprint closure captures', () => assertExact({
    '2020_01_01_000001_create_abc': migrationSource(createAb),
    '2020_01_01_000002_named_keys': withMembers(`    private array $tables = ['a', 'b'];`, `foreach ($this->tables as $name) {
            Schema::table($name, static function (Blueprint $table) use ($name): void {
                $table->unsignedInteger('c_id')->nullable();
                $table->foreign('c_id', sprintf('%s_to_c', $name))->references('id')->on('c');
                $table->index(['id', 'c_id'], "{$name}_pair_$name");
            });
        }`),
  }));

  it('$this->tables set by the constructor, and a property default', () => assertExact({
    '2020_01_01_000001_create_abc': migrationSource(createAb),
    '2020_01_01_000002_property_add': withMembers(`    private array $tables;
    protected $gone = ['c'];

    public function __construct()
    {
        $this->tables = ['a' => ['starts_at'], 'b' => ['ends_at']];
    }
`, `foreach ($this->tables as $name => $columns) {
            Schema::table($name, function (Blueprint $table) { $table->string('tz', 50)->nullable(); });
        }
        foreach ($this->gone as $name) { Schema::dropIfExists($name); }`),
  }));

  it('a loop over what the file does not say: every table existing then is unknown, never drift', () => withLaravel({
    '2020_01_01_000001_create_abc': migrationSource(createAb),
    '2020_01_01_000002_loop_add': migrationSource(`foreach (array_merge(['a'], ['b']) as $name) {
            Schema::table($name, function (Blueprint $table) { $table->string('x', 50)->nullable(); });
        }`),
  }, async (built) => {
    const reason = '2020_01_01_000002_loop_add: Schema::table() with a table name that is not a literal';
    assert.deepStrictEqual(await translationDifferences(built),
      [...['a', 'b', 'c'].map((t) => `${t}: unknown (${reason})`), 'tables: expected ; Laravel built a, b, c']);
    assert.deepStrictEqual(await statusProblems(built), []);
  }));
});
