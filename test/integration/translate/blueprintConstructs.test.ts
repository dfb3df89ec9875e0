// Blueprint constructs real applications use that the translation once left unknown, each
// run by every real Laravel on a fresh MariaDB database: the translation must equal what
// Laravel built (and status call every migration ran), or say the table is unknown and why.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { blueprintParameters, methodsWithParameters } from '../../../src/core/translate/blueprintParameters';
import { grammarOf, type LaravelGrammar } from '../../../src/core/translate/laravelTarget';
import { translateMigrations } from '../../../src/core/translate';
import { loadMigrations } from '../../../src/core/analysis/load';
import { createTestDatabase, dumpTables } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { frameworkDir, laravelRelease, type LaravelVersion, laravelVersions, runLaravel, skipWithoutLaravel } from '../../support/laravelVersions';
import { buildWithLaravel, type History, type LaravelRunner, laravelRunner, statusProblems, translationDifferences, writeHistory } from './laravelRun';

const prefix = 'md_translate_constructs';

async function assertExact(runner: LaravelRunner, history: History): Promise<void> {
  const built = await buildWithLaravel(runner, history, prefix);
  try {
    assert.deepStrictEqual(await translationDifferences(built), [], 'the translation equals what Laravel built');
    assert.deepStrictEqual(await statusProblems(built), [], 'status calls every migration ran');
  } finally {
    await built.db.drop();
  }
}

/** Every table but `table` equals what Laravel built; that one is unknown, for `reason`. */
async function assertUnknown(runner: LaravelRunner, history: History, table: string, reason: RegExp): Promise<void> {
  const built = await buildWithLaravel(runner, history, prefix);
  try {
    const problems = (await translationDifferences(built)).filter((p) => !p.startsWith('tables: '));
    assert.strictEqual(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, new RegExp(`^${table}: unknown \\(`));
    assert.match(problems[0]!, reason);
  } finally {
    await built.db.drop();
  }
}

/** Raw and Expression defaults whose value MariaDB keeps in a spelling of its own (or folds into a literal). */
const rawDefaults: History = {
  '2020_01_01_000001_create_tokens_table': `Schema::create('tokens', function (Blueprint $t) {
    $t->increments('id');
    $t->char('a', 36)->default(DB::raw('(uuid())'));
    $t->string('b', 36)->default(DB::raw('UUID()'));
    $t->uuid('c')->default(new \\Illuminate\\Database\\Query\\Expression('(UUID())'));
    $t->date('d')->default(DB::raw('(CURRENT_DATE)'));
    $t->date('e')->nullable()->default(DB::raw('CURDATE()'));
    $t->json('f')->default(new \\Illuminate\\Database\\Query\\Expression('(JSON_ARRAY())'));
    $t->json('g')->default(DB::raw('(json_object())'));
    $t->bigInteger('h')->default(DB::raw('(uuid_short())'));
    $t->integer('i')->default(DB::raw('(0)'));
    $t->string('j', 10)->default(DB::raw("('x')"));
    $t->timestamp('k')->nullable()->default(DB::raw('(CURRENT_TIMESTAMP)'));
    $t->date('l')->default(DB::raw('(current_date())'));
});`,
};

/**
 * Columns with a function default renamed: doctrine/dbal (8–10) writes `uuid()` back as a
 * string (a literal of the char column) and keeps `curdate()` on a date; RENAME COLUMN (11+) keeps both.
 */
const rawDefaultRenamed: History = {
  ...rawDefaults,
  '2020_01_01_000002_rename_tokens_a': `Schema::table('tokens', function (Blueprint $t) {
    $t->renameColumn('a', 'token');
    $t->renameColumn('d', 'day');
});`,
};

/** uuid_short() on a bigint: doctrine/dbal (8–10) would write it back quoted, which is not translated. */
const rawDefaultRenamedBigint: History = {
  ...rawDefaults,
  '2020_01_01_000002_rename_tokens_h': `Schema::table('tokens', function (Blueprint $t) { $t->renameColumn('h', 'short'); });`,
};

/** Named arguments of Blueprint's own methods, bound by name as PHP does. */
const namedArguments = (version: string): History => ({
  '2020_01_01_000001_create_articles_table': `Schema::create('articles', function (Blueprint $t) {
    $t->id(column: 'article_id');
    $t->string('title', length: 100);
    $t->text(column: 'body');
    $t->integer('views', unsigned: true)->default(0);
    $t->char(length: 2, column: 'lang');
    $t->decimal('price', places: 3);
    ${version === '8.83' ? "$t->float('ratio', total: 10, places: 4);" : "$t->float('ratio', precision: 20);"}
    $t->timestamp('published_at', precision: 3)->nullable();
    $t->enum('state', allowed: ['draft', 'live']);
    $t->unsignedBigInteger('author_id', autoIncrement: false);
    $t->unique(columns: ['lang', 'title'], name: 'articles_lang_title');
    $t->index('views', name: 'by_views');
    $t->softDeletes(precision: 0);
    $t->timestamps(precision: 2);
});`,
  '2020_01_01_000002_change_articles': `Schema::table('articles', function (Blueprint $t) {
    $t->renameColumn(from: 'body', to: 'content');
    $t->dropIndex(index: 'by_views');
    $t->string(column: 'slug', length: 120)->nullable();
});`,
});

/** 9+: uuid(), ipAddress(), macAddress() and ulid() without a column name. */
const defaultColumnNames: History = {
  '2020_01_01_000001_create_visits_table': `Schema::create('visits', function (Blueprint $t) {
    $t->increments('id');
    $t->uuid()->unique();
    $t->ipAddress()->nullable();
    $t->macAddress()->nullable();
    $t->ulid();
});`,
};

/** Full-text indexes: fullText(), the fluent fulltext()/fullText(), language() (PostgreSQL's), dropFullText(), a dropped column's. */
const fullText: History = {
  '2020_01_01_000001_create_songs_table': `Schema::create('songs', function (Blueprint $t) {
    $t->increments('id');
    $t->string('title');
    $t->text('lyrics')->nullable();
    $t->string('artist', 100)->fulltext();
    $t->string('album', 100)->fullText('songs_album_ft');
    $t->fullText(['title', 'artist']);
});`,
  '2020_01_01_000002_change_songs': `Schema::table('songs', function (Blueprint $t) {
    $t->fullText('lyrics')->language('simple');
    $t->dropFullText(['title', 'artist']);
    $t->fullText(['title', 'album'], 'songs_search');
});`,
  '2020_01_01_000003_drop_songs_album': `Schema::table('songs', function (Blueprint $t) { $t->dropColumn('artist'); });`,
};

/** 11+: change() to an auto-increment column that already leads an index (a primary key, a unique key). */
const changeToAutoIncrement: History = {
  '2020_01_01_000001_create_counters_table': `Schema::create('counters', function (Blueprint $t) {
    $t->unsignedBigInteger('id');
    $t->primary('id');
    $t->string('name', 40);
});
Schema::create('tickets', function (Blueprint $t) {
    $t->integer('number');
    $t->unique('number');
    $t->string('title', 40)->nullable();
});`,
  '2020_01_01_000002_auto_increment': `Schema::table('counters', function (Blueprint $t) { $t->bigIncrements('id')->change(); });
Schema::table('tickets', function (Blueprint $t) { $t->increments('number')->change(); });`,
};

/** virtualAs()/storedAs() over names, numbers, strings, + - * / and concat/coalesce/upper: MariaDB's spelling is known. */
const generated = (version: string): History => ({
  '2020_01_01_000001_create_lines_table': `Schema::create('lines', function (Blueprint $t) {
    $t->increments('id');
    $t->integer('a');
    $t->integer('b')->nullable();
    $t->string('n', 20);
    $t->integer('total')->virtualAs('a + b * 2');
    $t->integer('diff')->storedAs('a - b - 1');
    $t->string('label', 60)->virtualAs("CONCAT(n, 'y', UPPER(n))");
    $t->integer('safe')->storedAs('COALESCE(b, 0)')->index();
    $t->decimal('third', 8, 2)->virtualAs('\`a\` / 3');
});`,
  '2020_01_01_000002_change_lines': `Schema::table('lines', function (Blueprint $t) {
    $t->integer('triple')->virtualAs('a * 3')->nullable();
    ${version === '8.83' ? '' : "$t->renameColumn('total', 'sum');"}
});`,
});

/** Parentheses of its own: MariaDB drops those it does not need, so the spelling is not known. */
const generatedUnknown: History = {
  '2020_01_01_000001_create_lines_table': `Schema::create('lines', function (Blueprint $t) {
    $t->increments('id');
    $t->integer('a');
    $t->integer('twice')->virtualAs('(a + 1) * 2');
});`,
};

/**
 * 8–10: change() to json and renameColumn() of a json column go through doctrine/dbal, whose
 * MariaDB platform writes json as LONGTEXT (the table's collation, no json_valid check) and
 * keeps the type in the comment, which it reads back at the next change() or renameColumn().
 */
const doctrineJson: History = {
  '2020_01_01_000001_create_docs_table': `Schema::create('docs', function (Blueprint $t) {
    $t->increments('id');
    $t->json('a');
    $t->json('g')->nullable();
    $t->string('h');
    $t->json('r');
    $t->text('s')->comment('x');
    $t->string('u', 20)->default('[]');
    $t->json('v')->comment('keep');
    $t->json('j')->default('[]');
    $t->text('k');
    $t->text('m');
});`,
  '2020_01_01_000002_make_docs_fields_json': `Schema::table('docs', function (Blueprint $t) {
    $t->json('a')->nullable()->change();
    $t->string('h', 50)->change();
    $t->json('s')->change();
    $t->json('u')->change();
    $t->json('v')->nullable()->change();
    $t->json('k')->collation('utf8mb4_bin')->change();
    $t->json('m')->charset('utf8mb4')->collation('utf8mb4_unicode_520_ci')->change();
});`,
  '2020_01_01_000003_rename_docs_fields': `Schema::table('docs', function (Blueprint $t) {
    $t->renameColumn('r', 'r2');
    $t->renameColumn('s', 's2');
    $t->renameColumn('j', 'j2');
});`,
  '2020_01_01_000004_change_docs_again': `Schema::table('docs', function (Blueprint $t) {
    $t->text('a')->change();
    $t->json('v')->comment('kept')->change();
});`,
};

/** morphs() and its kin with a third argument, `after` (12.23+; before, PHP drops it). */
const morphsAfter = (version: string): History => ({
  '2020_01_01_000001_create_notes_table': `Schema::create('notes', function (Blueprint $t) {
    $t->id();
    $t->string('title', 40);
    $t->string('body', 40);
});`,
  '2020_01_01_000002_add_notes_morphs': `Schema::table('notes', function (Blueprint $t) {
    $t->morphs('owner', null, 'id');
    $t->nullableMorphs('subject', 'notes_subject_idx', 'title');
    ${version === '12' ? "$t->uuidMorphs('thing', after: 'body');" : "$t->uuidMorphs('thing');"}
});`,
});

/** The translation's column order of `table` equals the server's. */
async function assertColumnOrder(runner: LaravelRunner, history: History, table: string): Promise<void> {
  const built = await buildWithLaravel(runner, history, prefix);
  try {
    assert.deepStrictEqual(await translationDifferences(built), [], 'the translation equals what Laravel built');
    const expected = translateMigrations(built.migrations, built.options).tables.get(table)!.model.columns.map((c) => c.name);
    const live = (await dumpTables(built.db.name, [table]))[0]!.columns.map((c) => c.name);
    assert.deepStrictEqual(expected, live);
  } finally {
    await built.db.drop();
  }
}

/** after() or first() on a column of Schema::create: MySqlGrammar puts them in the CREATE TABLE. */
const placedInCreate = (version: string): History => ({
  '2020_01_01_000001_create_docs_table': `Schema::create('docs', function (Blueprint $t) {
    $t->increments('id');
    $t->string('a', 20);
    $t->string('b', 20)->after('id');
});`,
  '2020_01_01_000002_create_notes_table': `Schema::create('notes', function (Blueprint $t) {
    $t->increments('id');
    $t->string('c', 20)->first();
});`,
  ...(version === '12' ? {
    '2020_01_01_000003_create_tags_table': `Schema::create('tags', function (Blueprint $t) {
    $t->increments('id');
    $t->morphs('owner', null, 'id');
});`,
  } : {}),
});

/** Laravel refuses each file of `history`, run alone, with the server's `code`; the translation says the table it creates is unknown for `reason`. */
async function assertRefused(runner: LaravelRunner, history: History, code: number, reason: RegExp): Promise<void> {
  for (const [name, up] of Object.entries(history)) {
    const dir = writeHistory({ [name]: up });
    const db = await createTestDatabase(prefix);
    try {
      const run = await runLaravel(runner.version, 'migrate', { database: db.name, migrationsPath: dir, driver: runner.driver });
      assert.strictEqual(run.ok ? 'ran' : run.error?.code, code, name);
      const { tables, unknown } = translateMigrations(await loadMigrations([dir]), { tablePrefix: '', laravel: runner.target() });
      const table = /create_(\w+)_table$/.exec(name)![1]!;
      assert.ok(!tables.has(table), table);
      assert.match(unknown.get(table)?.reason ?? '', reason, table);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  }
}

/** The parameter names of each public method of the Blueprint.php the oracle of `version` runs. */
function blueprintSignatures(version: LaravelVersion): Map<string, string[]> {
  const file = version === '8.83'
    ? '/usr/share/php/Illuminate/Database/Schema/Blueprint.php'
    : path.join(frameworkDir(version), 'src', 'Illuminate', 'Database', 'Schema', 'Blueprint.php');
  const source = fs.readFileSync(file, 'utf8');
  return new Map([...source.matchAll(/public function (\w+)\(([^)]*)\)/g)].map((m) => [m[1]!, [...m[2]!.matchAll(/\$(\w+)/g)].map((p) => p[1]!)]));
}

// BookStack's drop_entity_restricted_field: one arrow function in a variable, passed to Schema::table() of each table.
const heldCallback: History = {
  '2020_01_01_000001_create_pages_table': `foreach (['pages', 'books'] as $name) {
    Schema::create($name, function (Blueprint $table) { $table->increments('id'); $table->boolean('restricted')->index()->default(0); });
}`,
  '2020_01_01_000002_drop_restricted': `$dropRestricted = fn (Blueprint $table) => $table->dropColumn('restricted');
$addSlug = static function (Blueprint $table): void {
    $table->string('slug', 40)->nullable();
};
Schema::table('pages', $dropRestricted);
Schema::table('books', $dropRestricted);
Schema::table('books', $addSlug);`,
};

// invoiceninja's expenses: `->default()` without an argument is Fluent's default of true, which the grammar writes '1'.
const defaultWithoutValue: History = {
  '2020_01_01_000001_create_expenses_table': `Schema::create('expenses', function (Blueprint $table) {
    $table->increments('id');
    $table->boolean('invoice_documents')->default();
    $table->decimal('tax_amount1', 20, 6)->default();
    $table->string('note', 20)->nullable()->default();
});`,
  '2020_01_01_000002_add_to_expenses': `Schema::table('expenses', function (Blueprint $table) { $table->unsignedInteger('count')->default(); });`,
};

// DaybydayCRM's remove_qualified_from_leads: removeColumn() only takes columns out of the Blueprint's
// own list (`!=`), with their fluent indexes; no SQL, so a column it did not add stays.
const removeColumn: History = {
  '2020_01_01_000001_create_leads_table': `Schema::create('leads', function (Blueprint $table) {
    $table->increments('id');
    $table->boolean('qualified')->default(false);
    $table->string('draft')->unique();
    $table->removeColumn('draft');
    $table->string('title', 40);
});`,
  '2020_01_01_000002_remove_qualified_from_leads': `Schema::table('leads', function (Blueprint $table) {
    $table->removeColumn('qualified');
    $table->string('code', 20)->unique();
    $table->REMOVECOLUMN('code');
    $table->string('code', 10)->nullable();
    $table->string('note', 30)->nullable();
    $table->removeColumn('Note');
    $table->string('title', 80)->change();
    $table->removeColumn('title');
});`,
};

// Xboard's v2_order: a modifier's named argument is Fluent::__call's first parameter (9.32+; 8.83 fails, "Undefined array key 0").
const namedModifierArguments: History = {
  '2020_01_01_000001_create_orders_table': `Schema::create('orders', function (Blueprint $t) {
    $t->increments('id');
    $t->integer('commission_status')->default(value: 0);
    $t->string('note', 20)->nullable(value: true)->comment(comment: 'Note');
    $t->string('code', 10)->default('x', other: 'y');
});`,
};

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`translate: Blueprint constructs of real applications, on Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      const runner = laravelRunner(version, driver);

      it("the parameter names named arguments are bound by are this version's Blueprint's", () => {
        const grammar = grammarOf({ version: laravelRelease(version), driver }) as LaravelGrammar;
        const signatures = blueprintSignatures(version);
        let checked = 0;
        for (const method of methodsWithParameters) {
          const ours = blueprintParameters(method, grammar);
          const real = signatures.get(method);
          if (!ours || !real) continue;
          // A prefix is enough: a name past it is not read (12's morphs() `after`).
          assert.deepStrictEqual(ours, real.slice(0, ours.length), method);
          checked++;
        }
        assert.ok(checked >= 60, `${checked} methods checked`);
      });

      it('raw and Expression defaults: uuid(), uuid_short(), CURRENT_DATE, JSON_ARRAY(), parenthesised constants', () => assertExact(runner, rawDefaults));
      it('renameColumn() of columns with uuid() and CURRENT_DATE defaults', () => assertExact(runner, rawDefaultRenamed));
      if (version === '8.83') {
        it('change() to json and renameColumn() of json columns through doctrine/dbal', () => assertExact(runner, doctrineJson));
        it('renameColumn() of a bigint with a uuid_short() default: unknown (doctrine/dbal quotes it)', () => assertUnknown(runner, rawDefaultRenamedBigint, 'tokens', /doctrine\/dbal writes that default back/));
      } else {
        it('renameColumn() of a bigint with a uuid_short() default keeps it', () => assertExact(runner, rawDefaultRenamedBigint));
        it('uuid(), ipAddress(), macAddress(), ulid() without a column name', () => assertExact(runner, defaultColumnNames));
        it('change() to an auto-increment column that leads a primary or unique key', () => assertExact(runner, changeToAutoIncrement));
      }
      it('full-text indexes: created, fluent, dropped, with their column', () => assertExact(runner, fullText));
      it('a Blueprint callback held in a variable, used on several tables', () => assertExact(runner, heldCallback));
      it('->default() without a value: the default is true, written 1', () => assertExact(runner, defaultWithoutValue));
      it('removeColumn(): a column this Blueprint added or changed is not, one it did not add stays', () => assertExact(runner, removeColumn));
      if (version !== '8.83') it("a modifier's named arguments: the first one is its value", () => assertExact(runner, namedModifierArguments));
      it('virtualAs() and storedAs() columns', () => assertExact(runner, generated(version)));
      it('a generated column with parentheses of its own: unknown', () => assertUnknown(runner, generatedUnknown, 'lines', /expression `\(a \+ 1\) \* 2`/));
      it('named arguments of column types, indexes, renameColumn() and dropIndex()', () => assertExact(runner, namedArguments(version)));
      it('after() and first() in Schema::create (morphs() with after on 12.23+): the server refuses it (1064)', () => assertRefused(runner, placedInCreate(version), 1064, /in Schema::create makes the CREATE TABLE a syntax error/));
      it("morphs()' third argument, after (12.23+; before, PHP drops it)", () => assertColumnOrder(runner, morphsAfter(version), 'notes'));
    });
  }
}
