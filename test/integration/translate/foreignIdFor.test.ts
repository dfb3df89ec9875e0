// foreignIdFor() instantiates the model it is given and makes its column from the model's key:
// each real Laravel runs migrations naming models of a small app (its composer.json PSR-4
// autoload, its app/Models), and the translation, told the models as the project facts read
// them, must equal what Laravel built. What the facts cannot read is unknown, with the model named.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMigrations } from '../../../src/core/analysis/load';
import { plainFiles } from '../../../src/core/project/files';
import { modelClassesOf, readModelFacts } from '../../../src/core/project/models';
import { translateMigrations } from '../../../src/core/translate';
import { createTestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { laravelRelease, type LaravelDriver, type LaravelVersion, laravelVersions, runLaravel, skipWithoutLaravel } from '../../support/laravelVersions';
import { runCli } from '../../support/cli';
import { buildWithLaravel, type LaravelRunner, laravelRunner, statusProblems, translationDifferences } from './laravelRun';

const model = (name: string, body = '', uses = '', parent = 'Model', imports = 'use Illuminate\\Database\\Eloquent\\Model;') => `<?php

namespace App\\Models;

${imports}
${uses}

class ${name} extends ${parent}
{
${body}
}
`;

/** The app's models: each a way foreignIdFor() reads a key. */
const models: Record<string, string> = {
  Author: model('Author', '    use HasFactory;', 'use Illuminate\\Database\\Eloquent\\Factories\\HasFactory;'),
  BlogPost: model('BlogPost'),
  // Imported by the migrations in a group use, as BlogPost.
  Publisher: model('Publisher'),
  Country: model('Country', "    protected $primaryKey = 'code';\n    protected $keyType = 'string';\n    public $incrementing = false;"),
  Person: model('Person', "    protected $table = 'legacy_people';\n    protected $primaryKey = 'person_id';"),
  // An int key that does not increment: foreignId() from 11.35 on, foreignUuid() before.
  Slot: model('Slot', '    public $incrementing = false;'),
  // A parent of the app's own, followed.
  Editor: model('Editor', '    use Concerns\\Audited;', '', 'Author', ''),
  Token: model('Token', '    use HasUuids;', 'use Illuminate\\Database\\Eloquent\\Concerns\\HasUuids;'),
  Ticket: model('Ticket', '    use HasUlids;', 'use Illuminate\\Database\\Eloquent\\Concerns\\HasUlids;'),
  // What cannot be read statically.
  Dynamic: model('Dynamic', '    public function getKeyName()\n    {\n        return config(\'keys.dynamic\');\n    }'),
  Vendored: model('Vendored', '    use \\Some\\Package\\HasKey;'),
};

function writeApp(history: Record<string, string>): { root: string; folder: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-foreign-id-for-'));
  fs.writeFileSync(path.join(root, 'composer.json'), JSON.stringify({ autoload: { 'psr-4': { 'App\\': 'app/' } } }));
  fs.mkdirSync(path.join(root, 'app', 'Models', 'Concerns'), { recursive: true });
  for (const [name, source] of Object.entries(models)) fs.writeFileSync(path.join(root, 'app', 'Models', `${name}.php`), source);
  fs.writeFileSync(path.join(root, 'app', 'Models', 'Concerns', 'Audited.php'), '<?php\n\nnamespace App\\Models\\Concerns;\n\ntrait Audited\n{\n    public function audits()\n    {\n        return [];\n    }\n}\n');
  const folder = path.join(root, 'database', 'migrations');
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, up] of Object.entries(history)) fs.writeFileSync(path.join(folder, `${name}.php`), migration(up));
  // The real Laravel finds the models as composer's autoload would: a file PHP loads first.
  fs.writeFileSync(path.join(root, 'autoload.php'), `<?php
spl_autoload_register(function ($class) {
    if (strncmp($class, 'App\\\\', 4) === 0 && is_file($file = ${JSON.stringify(root)}.'/app/'.str_replace('\\\\', '/', substr($class, 4)).'.php')) {
        require $file;
    }
});
`);
  fs.writeFileSync(path.join(root, 'autoload.ini'), `auto_prepend_file=${path.join(root, 'autoload.php')}\n`);
  return { root, folder };
}

/** The models the migrations of `folder` name, read as status reads them: the classes from their analyses. */
async function modelsOf(root: string, folder: string) {
  return readModelFacts(root, (await loadMigrations([folder])).flatMap(modelClassesOf), plainFiles);
}

function migration(up: string): string {
  return `<?php

use App\\Models\\Author;
use App\\Models\\Country;
use App\\Models\\Dynamic;
use App\\Models\\Editor;
use App\\Models\\Person;
use App\\Models\\{BlogPost, Publisher};
use App\\Models\\Slot;
use App\\Models\\Ticket;
use App\\Models\\Token;
use App\\Models\\Vendored;
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up()
    {
${up}
    }

    public function down()
    {
    }
};
`;
}

const parents = {
  '2020_01_01_000001_create_parents': `Schema::create('authors', function (Blueprint $t) { $t->id(); });
Schema::create('blog_posts', function (Blueprint $t) { $t->id(); });
Schema::create('countries', function (Blueprint $t) { $t->uuid('code')->primary(); });
Schema::create('legacy_people', function (Blueprint $t) { $t->id('person_id'); });
Schema::create('publishers', function (Blueprint $t) { $t->id(); });`,
};

/** What every version builds alike; 8.x's constrained() guesses the table from the column, so it is named. */
const everyVersion = {
  ...parents,
  '2020_01_01_000002_create_books': `Schema::create('books', function (Blueprint $t) {
    $t->id();
    $t->foreignIdFor(Author::class)->constrained()->cascadeOnDelete();
    $t->foreignIdFor(\\App\\Models\\Author::class, 'reviewer_id')->nullable()->constrained('authors')->nullOnDelete();
    $t->foreignIdFor(BlogPost::class)->nullable()->constrained();
    $t->foreignIdFor(Country::class)->constrained('countries', 'code');
    $t->foreignIdFor(Person::class)->constrained('legacy_people', 'person_id');
    $t->foreignIdFor(Editor::class, 'editor_id')->nullable();
    $t->foreignIdFor(Slot::class);
    $t->foreignIdFor(Publisher::class)->nullable();
});`,
};

/** 11.31+: constrained() references the model's own table and key. */
const modelTables = {
  ...parents,
  '2020_01_01_000002_create_tokens': `Schema::create('tokens', function (Blueprint $t) { $t->uuid('id')->primary(); });
Schema::create('tickets', function (Blueprint $t) { $t->ulid('id')->primary(); });`,
  '2020_01_01_000003_create_loans': `Schema::create('loans', function (Blueprint $t) {
    $t->id();
    $t->foreignIdFor(Country::class)->constrained();
    $t->foreignIdFor(Person::class)->constrained()->cascadeOnDelete();
    $t->foreignIdFor(Token::class)->constrained();
    $t->foreignIdFor(Ticket::class)->nullable()->constrained();
});`,
  '2020_01_01_000004_add_to_loans': `Schema::table('loans', function (Blueprint $t) {
    $t->foreignIdFor(Author::class)->after('id')->constrained();
});`,
};

/** 13.9+: foreignUuidFor() and (13.25+) foreignUlidFor() make that column whatever the model's key, named and referenced from the model. */
const uuidFor = {
  ...modelTables,
  '2020_01_01_000005_create_reviews': `Schema::create('reviews', function (Blueprint $t) {
    $t->id();
    $t->foreignUuidFor(Token::class)->constrained();
    $t->foreignUlidFor(Ticket::class)->nullable()->constrained()->cascadeOnDelete();
    $t->foreignUuidFor(Country::class, 'origin_code')->constrained();
    $t->foreignUlidFor(Author::class);
    $t->foreignUuidFor(Person::class)->index();
    $t->foreignUuidFor('App\\Models\\BlogPost', '')->nullable();
});`,
  '2020_01_01_000006_add_to_reviews': `Schema::table('reviews', function (Blueprint $t) {
    $t->foreignUuidFor(Token::class, 'spare_token_id')->after('id')->nullable()->constrained()->nullOnDelete();
});`,
};

/** Before 13.9 Blueprint has no foreignUuidFor(): PHP refuses the call, so no structure is claimed. */
const uuidForTooEarly = {
  ...parents,
  '2020_01_01_000002_create_reviews': `Schema::create('reviews', function (Blueprint $t) { $t->id(); $t->foreignUuidFor(Author::class); });`,
};

async function assertRefusedAndUnknown(runner: LaravelRunner, history: Record<string, string>, method: string): Promise<void> {
  const { root, folder } = writeApp(history);
  const db = await createTestDatabase('md_translate_fidf');
  try {
    const env = { PHP_INI_SCAN_DIR: `${path.delimiter}${root}` };
    const run = await runLaravel(runner.version, 'migrate', { database: db.name, migrationsPath: folder, driver: runner.driver, env });
    assert.ok(!run.ok, `Laravel ${runner.version} refuses the migration`);
    assert.match(`${run.error?.message ?? ''}\n${run.output}`, new RegExp(`Blueprint::${method} does not exist`));
    const laravel = { ...runner.target(), models: await modelsOf(root, folder) };
    const { tables, unknown } = translateMigrations(await loadMigrations([folder]), { tablePrefix: '', laravel });
    assert.ok(!tables.has('reviews'), 'no structure is claimed for the table');
    assert.match(unknown.get('reviews')?.reason ?? '', new RegExp(`has no ${method}\\(\\) \\(it arrived in 13\\.9\\)`));
  } finally {
    await db.drop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function assertExactWithModels(runner: LaravelRunner, history: Record<string, string>): Promise<void> {
  const { root, folder } = writeApp(history);
  try {
    const env = { PHP_INI_SCAN_DIR: `${path.delimiter}${root}` };
    const withModels: LaravelRunner = { ...runner, migrate: (database, dir) => runner.migrate(database, dir, env) };
    const built = await buildWithLaravel(withModels, history, 'md_translate_fidf', folder);
    try {
      const facts = await modelsOf(root, folder);
      const options = { ...built.options, laravel: { ...built.options.laravel, models: facts } };
      const withFacts = { ...built, options };
      assert.deepStrictEqual(await translationDifferences(withFacts), [], 'the translation equals what Laravel built');
      assert.deepStrictEqual(await statusProblems(withFacts), [], 'status calls every migration ran');
      await assertCliStatusChecks(root, built, runner, Object.keys(history).length);
    } finally {
      await built.db.drop();
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The CLI, which reads the models itself (cold: from the analyses it keeps of each file; warm: from
 * its cache), checks every table the history makes and finds nothing, three runs alike.
 */
async function assertCliStatusChecks(root: string, built: Awaited<ReturnType<typeof buildWithLaravel>>, runner: LaravelRunner, migrations: number): Promise<void> {
  const { version, driver } = runner.target();
  const { host, port, user, password } = built.db.options as { host: string; port: number; user: string; password?: string };
  const args = ['status', '--json', '--laravel-version', version, '--host', host, '--port', String(port), '--user', user, '--database', built.db.name];
  const outputs: string[] = [];
  for (const extra of [['--no-cache'], [], []]) {
    const { code, out, err } = await runCli(root, [...args, ...extra], { DB_PASSWORD: password ?? '', DB_CONNECTION: driver });
    assert.equal(code, 0, `status ${extra.join(' ')}: ${err}${out}`);
    const report = JSON.parse(out) as { migrations: { state: string }[]; unknownTables?: unknown[] };
    assert.equal(report.migrations.filter((m) => m.state === 'ran').length, migrations);
    outputs.push(out);
  }
  assert.equal(outputs[1], outputs[0], 'a first cached run answers as --no-cache does');
  assert.equal(outputs[2], outputs[0], 'a warm run answers as --no-cache does');
  assert.doesNotMatch(outputs[0], /foreignIdFor/, 'no table is left unknown for want of its models');
  // The other commands learn which models to read as status does, from the migrations' analyses.
  const connection = args.slice(args.indexOf('--laravel-version'));
  const repair = await runCli(root, ['repair', '--plan', '--json', ...connection], { DB_PASSWORD: password ?? '', DB_CONNECTION: driver });
  assert.equal(repair.code, 0, `repair --plan: ${repair.err}${repair.out}`);
  assert.doesNotMatch(repair.out + repair.err, /foreignIdFor/, 'repair leaves no table unknown for want of its models');
  if (built.migrations.some((m) => m.name === '2020_01_01_000002_create_books')) {
    // A column the models decide, drifted: repair knows the table, so it plans to put the column back.
    const db = await built.db.open();
    try {
      await db.execute('ALTER TABLE `books` MODIFY `publisher_id` int NULL');
    } finally {
      await db.close();
    }
    const drifted = await runCli(root, ['repair', '--plan', '--json', ...connection], { DB_PASSWORD: password ?? '', DB_CONNECTION: driver });
    assert.match(drifted.out, /ALTER TABLE `books` MODIFY (COLUMN )?`publisher_id` bigint unsigned/i, `repair --plan: ${drifted.err}${drifted.out}`);
  }
  const schemaOut = fs.mkdtempSync(path.join(os.tmpdir(), 'md-foreign-id-for-schema-'));
  try {
    const schema = await runCli(root, ['schema', '--laravel-version', version, '--out', schemaOut, '--force'], { DB_CONNECTION: driver });
    assert.equal(schema.code, 0, `schema: ${schema.err}${schema.out}`);
    assert.doesNotMatch(schema.out + schema.err, /foreignIdFor|Not generated/, 'schema generates every table the models decide');
  } finally {
    fs.rmSync(schemaOut, { recursive: true, force: true });
  }
}

function drivers(version: LaravelVersion): LaravelDriver[] {
  return version === '8.83' ? ['mysql'] : ['mysql', 'mariadb'];
}

for (const version of laravelVersions) {
  for (const driver of drivers(version)) {
    describe(`translate: foreignIdFor() on Laravel ${version} (${driver}), the model read from the app`, function () {
      const runner = laravelRunner(version, driver);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      it('plain, string-keyed, custom table and key, parent class, explicit column, not incrementing', () => assertExactWithModels(runner, everyVersion));
      if (version !== '8.83') it('HasUuids, HasUlids, constrained() on the model\'s table and key', () => assertExactWithModels(runner, modelTables));
      if (version === '13') it('foreignUuidFor() and foreignUlidFor(): the model\'s key name and table, a uuid or ulid column', () => assertExactWithModels(runner, uuidFor));
      else it('foreignUuidFor() does not exist yet: Laravel refuses it, the table is unknown', () => assertRefusedAndUnknown(runner, uuidForTooEarly, 'foreignUuidFor'));
    });
  }
}

describe('translate: foreignIdFor() of a model that cannot be read is unknown, with the model named', () => {
  const cases: [string, RegExp][] = [
    ['Dynamic', /App\\Models\\Dynamic::getKeyName\(\)/],
    ['Vendored', /Some\\Package\\HasKey/],
    ['Missing', /file of App\\Models\\Missing was not found/],
  ];
  for (const [name, reason] of cases) {
    it(name, async () => {
      const { root, folder } = writeApp({
        '2020_01_01_000001_create_posts': `Schema::create('posts', function (Blueprint $t) { $t->id(); $t->foreignIdFor(\\App\\Models\\${name}::class); });`,
      });
      try {
        const migrations = await loadMigrations([folder]);
        const laravel = { version: laravelRelease('12'), driver: 'mysql' as const, models: await modelsOf(root, folder) };
        const { tables, unknown } = translateMigrations(migrations, { tablePrefix: '', laravel });
        assert.ok(!tables.has('posts'));
        assert.match(unknown.get('posts')?.reason ?? '', reason);
        // Without the facts, as before: unknown.
        const without = translateMigrations(migrations, { tablePrefix: '', laravel: { version: laravelRelease('12'), driver: 'mysql' } });
        assert.match(without.unknown.get('posts')?.reason ?? '', /models this project names were not read/);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }

  it('a trait of an installed package is read through vendor/composer/installed.json, as composer autoloads it', async () => {
    const { root, folder } = writeApp({
      '2020_01_01_000001_create_posts': `Schema::create('posts', function (Blueprint $t) { $t->id(); $t->foreignIdFor(Vendored::class)->constrained(); });`,
    });
    try {
      const read = async () => (await modelsOf(root, folder))['App\\Models\\Vendored'];
      assert.match(JSON.stringify(await read()), /Some\\\\Package\\\\HasKey/);
      const pkg = path.join(root, 'vendor', 'some', 'package');
      fs.mkdirSync(path.join(pkg, 'src'), { recursive: true });
      fs.mkdirSync(path.join(root, 'vendor', 'composer'), { recursive: true });
      fs.writeFileSync(path.join(root, 'vendor', 'composer', 'installed.json'), JSON.stringify({ packages: [
        { name: 'some/package', 'install-path': '../some/package', autoload: { 'psr-4': { 'Some\\Package\\': 'src/' } } },
      ] }));
      fs.writeFileSync(path.join(pkg, 'src', 'HasKey.php'), '<?php\n\nnamespace Some\\Package;\n\ntrait HasKey\n{\n    public function audits()\n    {\n        return [];\n    }\n}\n');
      assert.deepStrictEqual(await read(), { key: { keyName: 'id', keyType: 'int', incrementing: true, ulids: false } });
      // One that answers for the key is not followed further.
      fs.writeFileSync(path.join(pkg, 'src', 'HasKey.php'), '<?php\n\nnamespace Some\\Package;\n\ntrait HasKey\n{\n    public function getKeyName()\n    {\n        return \'uid\';\n    }\n}\n');
      assert.match(JSON.stringify(await read()), /Some\\\\Package\\\\HasKey::getKeyName/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('an 11.x whose minor is not known: a non-incrementing int key is unknown, an incrementing one is not', async () => {
    const { root, folder } = writeApp({
      '2020_01_01_000001_create_posts': `Schema::create('posts', function (Blueprint $t) { $t->id(); $t->foreignIdFor(Slot::class); });
Schema::create('notes', function (Blueprint $t) { $t->id(); $t->foreignIdFor(Author::class); });`,
    });
    try {
      const laravel = { version: '11.x', driver: 'mysql' as const, models: await modelsOf(root, folder) };
      const { tables, unknown } = translateMigrations(await loadMigrations([folder]), { tablePrefix: '', laravel });
      assert.match(unknown.get('posts')?.reason ?? '', /changed within Laravel 11\.x/);
      assert.ok(tables.has('notes'));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('translate: foreignIdFor() facts are read again when a model changes', () => {
  it('a model file changed: the kept facts are not reused', async () => {
    const { root } = writeApp({ '2020_01_01_000001_create_posts': `Schema::create('posts', function (Blueprint $t) { $t->id(); $t->foreignIdFor(Author::class); });` });
    try {
      const { readModelsNamed } = await import('../../../src/core/project');
      const kept = { file: path.join(root, '.migration-doctor', 'cache', 'project.json'), analyser: 'test' };
      const read = () => readModelsNamed(root, ['App\\Models\\Author'], kept);
      assert.deepStrictEqual((await read())['App\\Models\\Author'], { key: { keyName: 'id', keyType: 'int', incrementing: true, ulids: false } });
      const file = path.join(root, 'app', 'Models', 'Author.php');
      fs.writeFileSync(file, models.Author!.replace('use HasFactory;', "use HasFactory;\n    protected $primaryKey = 'author_no';"));
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(file, later, later);
      assert.strictEqual(((await read())['App\\Models\\Author'] as { key: { keyName: string } }).key.keyName, 'author_no');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
