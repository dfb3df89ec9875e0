// Raw SQL in the closure of a Blueprint on another connection (Schema::connection('other')) is
// the DB facade's: it runs on the default connection, as the real Laravel shows; the Blueprint's
// own commands run on the other one. Preflight simulates each on the connection it runs on.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { rootConnectionOptions } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravel, skipWithoutLaravel, type LaravelDriver, type LaravelVersion } from '../../support/laravelVersions';
import { base, preflightFolder, runSql, withDbFacade, withOtherDatabase } from './oracle';

const runs: [LaravelVersion, LaravelDriver][] = [['8.83', 'mysql'], ['12', 'mysql'], ['12', 'mariadb']];

interface Case {
  readonly name: string;
  readonly up: string;
  /** The error the real migrate meets, or undefined when it passes. */
  readonly code: number | undefined;
  /** Set when preflight rightly cannot tell (never a failure the server does not meet). */
  readonly unchecked?: true;
}

const cases: readonly Case[] = [
  { name: '1060: a column the default connection\'s table has, added by raw SQL in a Blueprint closure on another connection',
    up: "Schema::connection('other')->table('users', function (Blueprint $table) { DB::statement('ALTER TABLE users ADD COLUMN email varchar(255)'); });", code: 1060 },
  { name: '1060: the same in the closure of a create on another connection',
    up: "Schema::connection('other')->create('elsewhere', function (Blueprint $table) { $table->id(); DB::statement('ALTER TABLE users ADD COLUMN email varchar(255)'); });", code: 1060 },
  { name: '1054: a column the default connection\'s table lacks, changed by raw SQL in a Blueprint closure on another connection',
    up: "Schema::connection('other')->table('users', function (Blueprint $table) { DB::statement('ALTER TABLE users MODIFY nickname varchar(10)'); });", code: 1054 },
  // The server finds `email` whatever the case: no 1054; which case it keeps is not translated.
  { name: 'unchecked, not 1054: raw SQL naming a column in another case than the server\'s, in a Blueprint closure on another connection',
    up: "Schema::connection('other')->table('users', function (Blueprint $table) { DB::statement('ALTER TABLE users MODIFY EMAIL varchar(300) NOT NULL'); });", code: undefined, unchecked: true },
  { name: 'passes: the Blueprint\'s own command adds, on the other connection, a column the default connection\'s table has',
    up: "Schema::connection('other')->create('users', function (Blueprint $table) { $table->id(); $table->string('email'); });", code: undefined },
];

describe('preflight: raw SQL in a Blueprint closure on another connection runs on the default one (real migrate 8.83 and 12)', function () {
  this.timeout(600_000);
  before(async function () {
    await requireOracle();
  });

  for (const c of cases) {
    for (const [version, driver] of runs) {
      it(`${c.name} (${version}, ${driver})`, async function () {
        skipWithoutLaravel(this, version);
        await withOtherDatabase('h7_preflight_conn', async (dir, test, other) => {
          const migration = '2024_02_01_000000_pending';
          writeFileSync(path.join(dir, `${migration}.php`), withDbFacade(c.up));
          await runSql(test.name, base);
          const predicted = await preflightFolder(rootConnectionOptions(test.name), dir, version, driver);
          const summary = predicted.migrations.map((m) => `${m.prediction} ${String(m.error?.code ?? '')} ${m.evidence.reason ?? ''}`).join(' | ');
          const real = await runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir, driver, otherDatabase: other.name, defaultConnection: version === '8.83' ? 'mysql' : driver });
          assert.equal(real.error?.code, c.code, `real: ${real.error?.message ?? 'passes'}`);
          assert.deepEqual(predicted.migrations.map((m) => [m.prediction, m.error?.code]), [c.unchecked ? ['unchecked', undefined] : c.code === undefined ? ['passes', undefined] : ['fails', c.code]], summary);
          // Laravel's exception names the SQL it sent: "(SQL: …)" (8.83) or "…, SQL: …)" (12).
          const sent = /SQL: (.*)\)$/s.exec(real.error?.message ?? '')?.[1];
          if (sent !== undefined) assert.equal(predicted.migrations[0]?.statement, sent);
        });
      });
    }
  }
});
