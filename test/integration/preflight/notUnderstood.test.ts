// A migration preflight does not understand (a column type not translated, a table name that is
// not a literal, a condition it cannot decide) leaves what it creates unknown, never missing:
// what depends on it later is unchecked, with that migration and its reason, not predicted to
// fail; nor is a check that depends on it passed. The real migrate (8.83, 12 and 13) runs each of
// these folders whole.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { dropDatabase, recreateDatabase, rootConnectionOptions, uniqueDatabaseName } from '../../support/database';
import { repoRoot } from '../../support/laravel';
import { laravelVersionProblem, runLaravel, type LaravelVersion } from '../../support/laravelVersions';
import { preflightFolder, runSql } from './oracle';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'preflight-not-understood');

interface Case {
  readonly folder: string;
  readonly name: string;
  /** Each migration's prediction, in order. */
  readonly predictions: readonly string[];
  /** What the reason of the last unchecked one names: the migration not understood, and its own reason. */
  readonly because?: RegExp;
  /** The error of the last one, when it fails (the real migrate must fail there with it). */
  readonly fails?: number;
  /** The error the real migrate meets on the last one, which preflight cannot check (it is unchecked, not passing). */
  readonly realFails?: number;
}

const cases: readonly Case[] = [
  {
    folder: 'a', name: 'a table created with foreignIdFor(Model::class), then changed',
    predictions: ['passes', 'unchecked', 'unchecked'],
    because: /structure of `posts` is not known: 2020_01_01_000002_create_posts_table is not understood: .*foreignIdFor/,
  },
  {
    folder: 'b', name: 'a table created under a name that is not a literal, then changed by its name',
    predictions: ['unchecked', 'unchecked'],
    because: /whether `roles` exists is not known: 2020_01_01_000001_create_roles_table is not understood: .*not a literal/,
  },
  {
    // Schema::hasColumn() is decided on the table as the migrations before leave it: nothing is left unknown.
    folder: 'c', name: 'a foreign key to a table created after a Blueprint under Schema::hasColumn(), which preflight decides',
    predictions: ['passes', 'passes', 'passes', 'passes'],
  },
  {
    // A table no migration creates stays missing: not understanding `posts` says nothing of it.
    folder: 'd', name: 'a table no migration creates still fails after one not understood',
    predictions: ['passes', 'unchecked', 'unchecked', 'fails'],
    because: /structure of `posts` is not known: 2020_01_01_000002_create_posts_table is not understood/,
    fails: 1146,
  },
  {
    // The foreign key the not-understood create adds holds `users`: the drop fails, and preflight cannot see the key.
    folder: 'e', name: 'a drop of a table that a table of unknown structure may reference',
    predictions: ['passes', 'unchecked', 'unchecked'],
    because: /whether a foreign key still references `users`, because the structure of `posts` is not known: 2020_01_01_000002_create_posts_table is not understood: .*foreignIdFor/,
    realFails: 1451,
  },
  {
    folder: 'f', name: 'a foreign key whose name a table of unknown structure may already hold',
    predictions: ['passes', 'unchecked', 'unchecked'],
    because: /whether the foreign key name `posts_repro_user_id_foreign` is already taken, because the structure of `posts` is not known: 2020_01_01_000002_create_posts_table is not understood: .*foreignIdFor/,
    realFails: 1005,
  },
  {
    // Its name is Laravel's for `comments`, which that Blueprint (read, not replayed) names nowhere: `posts` cannot hold it.
    folder: 'g', name: 'a foreign key of another table after one whose structure is not known, which cannot hold its name',
    predictions: ['passes', 'unchecked', 'passes'],
    because: /foreignIdFor/,
  },
  {
    // Fortify's migration (monicahq/chandler): a column added under a condition no reading decides. The
    // table's structure is not known after it, but the foreign key names it may hold are: those it
    // held and those that Blueprint names, both branches. The keys of other tables after it are
    // checked (their names against every table's), not unchecked in turn.
    folder: 'h', name: 'a Blueprint under a condition that cannot be decided is unchecked once; the foreign keys after it are checked',
    predictions: ['passes', 'unchecked', 'passes', 'fails'],
    because: /2020_01_01_000002_add_two_factor_columns_to_users_table|the Blueprint of `users`: a condition/,
    fails: 1005,
  },
];

describe('preflight: what depends on a migration it does not understand is unchecked, not failing nor passing (real migrate 8.83, 12 and 13)', function () {
  this.timeout(600_000);

  for (const c of cases) {
    it(c.name, async () => {
      const dir = path.join(fixtures, c.folder);
      for (const version of ['8.83', '12', '13'] as const satisfies readonly LaravelVersion[]) {
        const problem = laravelVersionProblem(version);
        assert.equal(problem, undefined, problem);
        const database = uniqueDatabaseName(`md_preflight_nu_${c.folder}`);
        try {
          await recreateDatabase(database);
          await runSql(database, 'CREATE TABLE migrations (id int unsigned AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)');
          const predicted = await preflightFolder(rootConnectionOptions(database), dir, version);
          const seen = predicted.migrations.map((m) => `${m.prediction}${m.error ? ` ${String(m.error.code)}` : ''}: ${m.evidence.reason ?? ''}`);
          assert.deepEqual(predicted.migrations.map((m) => m.prediction), c.predictions, `${version}: ${seen.join(' | ')}`);
          if (c.because) assert.match(predicted.migrations.filter((m) => m.prediction === 'unchecked').at(-1)!.evidence.reason ?? '', c.because);
          const real = await runLaravel(version, 'migrate', { database, migrationsPath: dir });
          const last = predicted.migrations.at(-1)!;
          if (c.realFails !== undefined) assert.deepEqual([real.error?.migration, real.error?.code], [last.name, c.realFails], `${version}: ${real.output.slice(0, 500)}`);
          else if (c.fails === undefined) assert.ok(real.ok, `${version}: the real migrate fails: ${real.error?.migration ?? ''} ${real.error?.message ?? real.output.slice(0, 500)}`);
          else assert.deepEqual([real.error?.migration, real.error?.code, last.error?.code], [last.name, c.fails, c.fails], `${version}: ${real.output.slice(0, 500)}`);
        } finally {
          await dropDatabase(database);
        }
      }
    });
  }
});
