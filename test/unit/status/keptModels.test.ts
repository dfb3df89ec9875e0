// status through its analysis cache reads the models foreignIdFor() names from the kept status part
// of each migration, and keeps their reading keyed to those names and the model files' own stamps.
// Each test is one where a stale entry would give a wrong column.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AnalysisCache, analysisCachePath } from '../../../src/core/analysis/cache';
import { loadMigrations } from '../../../src/core/analysis/load';
import { modelClassesOf, projectFactsCachePath, readModelsNamed } from '../../../src/core/project';
import { cachedStatusInput } from '../../../src/core/status/inputs';

const laravel = { tablePrefix: '', laravel: { version: '12.0.0', driver: 'mysql' } } as const;

const model = (name: string, body = '', imports = '') => `<?php\n\nnamespace App\\Models;\n\nuse Illuminate\\Database\\Eloquent\\Model;\n${imports}\n\nclass ${name} extends Model\n{\n${body}\n}\n`;

const migration = (up: string) => `<?php\n\nuse App\\Models\\Author;\nuse App\\Models\\Country;\nuse Illuminate\\Database\\Migrations\\Migration;\n`
  + `use Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n`
  + `    public function up()\n    {\n        ${up}\n    }\n\n    public function down()\n    {\n    }\n};\n`;

const posts = (modelName: string) => `Schema::create('posts', function (Blueprint $t) { $t->id(); $t->foreignIdFor(${modelName}::class); });`;

describe('status/inputs: the models foreignIdFor() names, kept with the status part', () => {
  let root: string;
  let folder: string;
  const modelFile = (name: string) => path.join(root, 'app', 'Models', `${name}.php`);
  const postsFile = () => path.join(folder, '2020_01_01_000002_create_posts.php');
  const modelsFile = () => path.join(path.dirname(projectFactsCachePath(root)), 'models.json');

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'md-kept-models-'));
    folder = path.join(root, 'database', 'migrations');
    mkdirSync(folder, { recursive: true });
    mkdirSync(path.join(root, 'app', 'Models'), { recursive: true });
    writeFileSync(path.join(root, 'composer.json'), JSON.stringify({ autoload: { 'psr-4': { 'App\\': 'app/' } } }));
    writeFileSync(modelFile('Author'), model('Author'));
    writeFileSync(modelFile('Country'), model('Country', "    protected $primaryKey = 'code';\n    protected $keyType = 'string';\n    public $incrementing = false;"));
    writeFileSync(path.join(folder, '2020_01_01_000001_create_users.php'), migration(`Schema::create('users', function (Blueprint $t) { $t->id(); });`));
    writeFileSync(postsFile(), migration(posts('Author')));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** One CLI status run through the cache, the models read as the CLI reads them: posts' columns, as translated. */
  async function postsColumns(analyser = 'test-analyser 1'): Promise<string> {
    const cache = new AnalysisCache(analysisCachePath(root, [folder]), analyser);
    const kept = { file: projectFactsCachePath(root), analyser };
    const { input } = await cachedStatusInput([folder], laravel, [], cache, (names) => readModelsNamed(root, names, kept));
    assert.equal(cache.save(), undefined);
    assert.ok(typeof input.catalog === 'function');
    const catalog = input.catalog(new Set(input.migrations.map((m) => m.name)));
    const table = catalog.tables.get('posts');
    if (!table) return `unknown: ${catalog.unknown.get('posts')?.reason}`;
    return table.model.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  }

  /** A write the stamps tell apart even within the file system's time resolution (the size may stay). */
  function rewrite(file: string, text: string): void {
    writeFileSync(file, text);
    const later = new Date(statSync(file).mtimeMs + 5000);
    utimesSync(file, later, later);
  }

  it('a model given a uuid key: the next warm run makes the column a uuid, never the kept bigint', async () => {
    assert.match(await postsColumns(), /author_id bigint unsigned/);
    assert.match(await postsColumns(), /author_id bigint unsigned/);
    rewrite(modelFile('Author'), model('Author', '    use HasUuids;', 'use Illuminate\\Database\\Eloquent\\Concerns\\HasUuids;'));
    assert.match(await postsColumns(), /author_id char\(36\)/);
    // $keyType and $incrementing alone, back from uuid: a string key is a uuid column too, and an int one a bigint again.
    rewrite(modelFile('Author'), model('Author', "    protected $keyType = 'string';\n    public $incrementing = false;"));
    assert.match(await postsColumns(), /author_id char\(36\)/);
    rewrite(modelFile('Author'), model('Author'));
    assert.match(await postsColumns(), /author_id bigint unsigned/);
  });

  it('a migration edited to name another model: that model is read', async () => {
    assert.match(await postsColumns(), /author_id bigint unsigned/);
    rewrite(postsFile(), migration(posts('Country')));
    assert.match(await postsColumns(), /country_code char\(36\)/);
  });

  it('a damaged or implausible models.json is read again, not trusted', async () => {
    const expected = await postsColumns();
    assert.match(expected, /author_id bigint unsigned/);
    const kept = JSON.parse(readFileSync(modelsFile(), 'utf8')) as { value: Record<string, unknown> };
    const damaged = [
      readFileSync(modelsFile(), 'utf8').slice(0, 40),
      'null',
      JSON.stringify({ ...kept, value: { 'App\\Models\\Author': { key: {} } } }),
      JSON.stringify({ ...kept, value: {} }),
      JSON.stringify({ ...kept, observations: 'none' }),
    ];
    for (const text of damaged) {
      writeFileSync(modelsFile(), text);
      assert.equal(await postsColumns(), expected, text);
      assert.deepEqual(JSON.parse(readFileSync(modelsFile(), 'utf8')).value, kept.value, 'written again');
    }
  });

  it('another version or build of the tool reads the models again', async () => {
    assert.match(await postsColumns(), /author_id bigint unsigned/);
    // A wrong reading that looks right, as a file of another build could hold: trusted by no other build.
    const kept = JSON.parse(readFileSync(modelsFile(), 'utf8')) as { value: Record<string, { key: object }> };
    kept.value['App\\Models\\Author']!.key = { keyName: 'id', keyType: 'string', incrementing: false, ulids: false };
    writeFileSync(modelsFile(), JSON.stringify(kept));
    assert.match(await postsColumns('test-analyser 2'), /author_id bigint unsigned/);
  });

  it('the kept models depend on the model files, not on every migration (a warm run stamps those once, for the status part)', async () => {
    await postsColumns();
    const { observations } = JSON.parse(readFileSync(modelsFile(), 'utf8')) as { observations: { read?: string; list?: string }[] };
    const looked = observations.map((o) => o.read ?? o.list ?? '');
    assert.ok(looked.includes(modelFile('Author')), JSON.stringify(looked));
    assert.deepEqual(looked.filter((p) => p.startsWith(folder)), []);
  });

  it('the classes are read from the analyses: a class constant, a string, a named argument', async () => {
    writeFileSync(path.join(folder, '2020_01_01_000003_more.php'), migration(`Schema::table('posts', function (Blueprint $t) { $t->foreignIdFor(\\App\\Models\\Author::class, 'editor_id'); $t->foreignIdFor('App\\\\Models\\\\Country'); $t->foreignIdFor(model: Country::class); });`));
    const fromAnalyses = [...new Set((await loadMigrations([folder])).flatMap(modelClassesOf))].sort();
    assert.deepEqual(fromAnalyses, ['App\\Models\\Author', 'App\\Models\\Country']);
  });
});
