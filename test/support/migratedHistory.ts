// A small migration history the real Laravel 8.83 ran into a fresh test database, for the
// describe block that asks for it (set up before its tests, dropped after): status and repair
// then read what Laravel built.
import * as fs from 'node:fs';
import type { Database } from '../../src/core/db/database';
import { loadRepairInputs, planFor } from '../../src/core/repair/session';
import { builtInTables } from '../../src/schema';
import { createTestDatabase, type TestDatabase } from './database';
import { artisanOk, requireOracle } from './laravel';
import { translateOptionsFor } from './laravelVersions';
import { writeMigrationHistory, type History } from './migrationHistory';

export interface MigratedHistory {
  /** The history's folder. */
  readonly dir: string;
  readonly test: TestDatabase;
  /** Status and the repair plan of the database as it is now, with the history as Laravel 8.83 reads it. */
  statusAndPlan(): Promise<Awaited<ReturnType<typeof planFor>>>;
  /** `work` on a connection to the database, closed after. */
  withDb<T>(work: (db: Database) => Promise<T>): Promise<T>;
}

/** Registers the describe block's before and after: `history` written as files (`prefix`) and migrated by artisan into the database `name`. */
export function migratedByLaravel(history: History, name: string, prefix: string): MigratedHistory {
  let dir: string | undefined;
  let test: TestDatabase | undefined;
  before(async () => {
    await requireOracle();
    dir = writeMigrationHistory(history, prefix);
    test = await createTestDatabase(name);
    await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: dir });
  });
  after(async () => {
    await test?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const migrated: MigratedHistory = {
    get dir() { return dir!; },
    get test() { return test!; },
    async withDb(work) {
      const db = await test!.open();
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    },
    async statusAndPlan() {
      const inputs = await loadRepairInputs([dir!], translateOptionsFor('8.83'), builtInTables);
      return migrated.withDb((db) => planFor(db, inputs));
    },
  };
  return migrated;
}
