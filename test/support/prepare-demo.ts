// node out/test/support/prepare-demo.js [database]
// Drops and recreates the demo database (default: the fixture .env's migration_doctor_demo) and
// reproduces the incident in it with the real artisan, rows included, so a newcomer sees the story.

import { listTables, migrationRows, recreateDatabase, testServer } from './database';
import { bringTo, laravelAppDir, oracleProblem } from './laravel';

export const demoDatabase = 'migration_doctor_demo';

export interface DemoSummary {
  readonly database: string;
  readonly tables: readonly string[];
  readonly migrations: readonly { migration: string; batch: number }[];
  readonly failedMigrateOutput: string;
}

/** Throws one clear sentence when MariaDB or the PHP oracle is missing. */
export async function prepareDemo(database = demoDatabase): Promise<DemoSummary> {
  const problem = await oracleProblem();
  if (problem) {
    throw new Error(problem);
  }
  await recreateDatabase(database);
  const result = await bringTo(database, 'incident-with-rows');
  const output = (result.failedMigrate?.stdout ?? '') + (result.failedMigrate?.stderr ?? '');
  return {
    database,
    tables: await listTables(database),
    migrations: await migrationRows(database),
    failedMigrateOutput: (output.split('\n').find((line) => line.includes('1050')) ?? output).replace(/ \(SQL: .*$/s, '').trim(),
  };
}

async function main(): Promise<number> {
  const database = process.argv[2] ?? demoDatabase;
  const server = testServer();
  try {
    const summary = await prepareDemo(database);
    console.log(`Demo database '${summary.database}' on ${server.host}:${server.port} recreated and brought to the incident state:`);
    console.log(`  migrated the pre-fix folder (buggy 2025_09_23_011532 creates eklektik_transactions_tracking), added rows,`);
    console.log(`  then the corrected folder's 'php artisan migrate' failed as in production:`);
    console.log(`    ${summary.failedMigrateOutput}`);
    console.log(`  migrations table: ${summary.migrations.map((row) => `${row.migration} (batch ${row.batch})`).join(', ')}`);
    console.log(`  tables: ${summary.tables.join(', ')}`);
    console.log(`Fixture app: ${laravelAppDir} (its .env points at '${demoDatabase}').`);
    return 0;
  } catch (error) {
    console.error(`Could not prepare the demo database '${database}': ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
