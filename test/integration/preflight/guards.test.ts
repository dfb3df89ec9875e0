// Schema's questions around a Blueprint (hasIndex(), hasColumn(), hasTable(), with !, && and ||)
// decided by preflight on the tables as the migrations before leave them, as PHP decides them
// when the closure runs; where they cannot be, the migration is unchecked and the reason names
// the question. Each folder is run by the real migrate (8.83, 12, 13) on an empty database.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dropDatabase, recreateDatabase, rootConnectionOptions, uniqueDatabaseName } from '../../support/database';
import { laravelVersionProblem, runLaravel, type LaravelVersion } from '../../support/laravelVersions';
import { create, migrationFile, preflightFolder, runSql, table } from './oracle';

interface Case {
  readonly name: string;
  readonly migrations: readonly string[];
  /** Per version: each migration's prediction (`fails <code>` for a failure). */
  readonly predictions: Partial<Record<LaravelVersion, readonly string[]>>;
  /** What the reason of the unchecked one says. */
  readonly because?: RegExp;
}

const posts = create('posts', "$table->increments('id'); $table->string('slug', 40); $table->string('title', 40); $table->index('title', 'posts_title_idx');");
const addsIndexAgain = `if (! Schema::hasIndex('posts', 'posts_title_idx')) {
            Schema::table('posts', function (Blueprint $table) { $table->index(['title', 'slug'], 'posts_title_idx'); });
        }
        ${table('posts', "if (Schema::hasIndex('posts', 'posts_slug_idx')) { $table->dropIndex('posts_slug_idx'); } if (! Schema::hasIndex('posts', ['title'])) { $table->index('title'); }")}`;

const cases: readonly Case[] = [
  {
    // Read as if it ran, the add would meet 1061 and the drop 1091: PHP skips both.
    name: "! hasIndex() of an index there, hasIndex() of one not there: the Blueprint's statements are skipped (10.43+)",
    migrations: [posts, addsIndexAgain],
    predictions: { '12': ['passes', 'passes'], '13': ['passes', 'passes'] },
  },
  {
    name: 'before 10.43 Schema has no hasIndex(): unchecked, the version said (the real 8.83 stops there)',
    migrations: [posts, addsIndexAgain],
    predictions: { '8.83': ['passes', 'unchecked'] },
    because: /Schema::hasIndex\(\) arrived in Laravel 10\.43: Laravel 8\.83/,
  },
  {
    // Decided: the column is there, so the add is skipped, and the one after is checked (1060 for real).
    name: '! hasColumn() && ! hasIndex() decided on the table; the failure after it predicted',
    migrations: [posts, table('posts', "if (! Schema::hasColumn('posts', 'slug') && ! Schema::hasIndex('posts', 'posts_slug_idx')) { $table->string('slug'); }"),
      table('posts', "$table->string('TITLE');")],
    predictions: { '12': ['passes', 'passes', 'fails 1060'], '13': ['passes', 'passes', 'fails 1060'] },
  },
  {
    // The structure of `notes` is not known (its default is not a literal): the question on it cannot be answered.
    name: 'a question on a table of unknown structure: unchecked, naming that question',
    migrations: [create('notes', "$table->id(); $table->string('kind')->default(strtolower('PLAIN'));"),
      table('notes', "if (! Schema::hasColumn('notes', 'body') || Schema::hasTable('drafts')) { $table->text('body')->nullable(); }")],
    predictions: { '8.83': ['unchecked', 'unchecked'], '12': ['unchecked', 'unchecked'], '13': ['unchecked', 'unchecked'] },
    because: /Schema::hasColumn\('notes', 'body'\) on a table whose structure is unknown/,
  },
];

describe('preflight: Schema guards decided on the tables, against the real migrate (8.83, 12 and 13)', function () {
  this.timeout(600_000);

  for (const [n, c] of cases.entries()) {
    it(c.name, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'md-preflight-guards-'));
      try {
        c.migrations.forEach((body, i) => writeFileSync(path.join(dir, `2020_01_01_00000${i + 1}_step_${i + 1}.php`), migrationFile(body)));
        for (const [version, expected] of Object.entries(c.predictions) as [LaravelVersion, readonly string[]][]) {
          const problem = laravelVersionProblem(version);
          assert.equal(problem, undefined, problem);
          const database = uniqueDatabaseName(`md_preflight_guards_${n}`);
          try {
            await recreateDatabase(database);
            await runSql(database, 'CREATE TABLE migrations (id int unsigned AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)');
            const predicted = await preflightFolder(rootConnectionOptions(database), dir, version);
            const seen = predicted.migrations.map((m) => `${m.prediction}${m.error ? ` ${String(m.error.code)}` : ''}`);
            const reasons = predicted.migrations.map((m) => m.evidence.reason ?? '').join(' | ');
            assert.deepEqual(seen, expected, `${version}: ${reasons}`);
            if (c.because) assert.match(predicted.migrations.filter((m) => m.prediction === 'unchecked').at(-1)?.evidence.reason ?? '', c.because);
            const real = await runLaravel(version, 'migrate', { database, migrationsPath: dir });
            const failing = predicted.migrations.find((m) => m.prediction === 'fails');
            if (failing) assert.deepEqual([real.error?.migration, real.error?.code], [failing.name, failing.error?.code], `${version}: ${real.output.slice(0, 500)}`);
            else if (expected.includes('unchecked') && version === '8.83' && c.because?.source.includes('10')) assert.ok(!real.ok, `${version}: the real migrate passes`);
            else assert.ok(real.ok, `${version}: the real migrate fails: ${real.error?.migration ?? ''} ${real.error?.message ?? real.output.slice(0, 500)}`);
          } finally {
            await dropDatabase(database);
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
