// The translation proven against the real Laravel: the coverage fixture migrated by
// `php artisan migrate` into one database, the translated structures' DDL applied to
// another, and the information_schema dumps of both identical.
import * as assert from 'assert';
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { loadMigrations } from '../../../src/core/analysis/load';
import { compareTables, createTableStatements, readLiveTables } from '../../../src/core/structure';
import type { ExpectedTable } from '../../../src/core/structure/expected';
import { buildExpectedCatalog, translateMigrations } from '../../../src/core/translate';
import { createTestDatabase, dumpTables, listTables, TestDatabase, testServer } from '../../support/database';
import { artisanOk, laravelAppDir, laravelMigrationsDir, migrateAll, phpBinary } from '../../support/laravel';
import { laravelRelease, type LaravelVersion, laravelVersions, runLaravelOk, skipWithoutLaravel } from '../../support/laravelVersions';

/**
 * `php artisan migrate` of the coverage fixture by a copy of the fixture app whose mysql
 * connection has a table prefix (the fixture's own config has none).
 */
async function migrateWithPrefix(database: string, prefix: string, prefixIndexes: boolean): Promise<void> {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'md-prefixed-app-'));
  try {
    for (const entry of ['artisan', 'bootstrap', 'config', 'storage']) fs.cpSync(path.join(laravelAppDir, entry), path.join(app, entry), { recursive: true });
    const config = path.join(app, 'config', 'database.php');
    const original = fs.readFileSync(config, 'utf8');
    const patched = original.replace("'prefix' => '',", `'prefix' => '${prefix}',`).replace("'prefix_indexes' => true,", `'prefix_indexes' => ${prefixIndexes},`);
    assert.notStrictEqual(patched, original, 'the fixture config/database.php changed shape');
    fs.writeFileSync(config, patched);
    const server = testServer();
    await promisify(execFile)(phpBinary, ['artisan', 'migrate', '--force', '--no-interaction', `--path=${coverageDir}`, '--realpath'], {
      cwd: app,
      env: {
        ...process.env, APP_ENV: 'local', DB_CONNECTION: 'mysql', DB_HOST: server.host, DB_PORT: String(server.port), DB_DATABASE: database,
        DB_USERNAME: server.user, DB_PASSWORD: server.password, LOG_CHANNEL: 'none', COLUMNS: '1000',
        APP_SERVICES_CACHE: path.join(app, 'services.php'), APP_PACKAGES_CACHE: path.join(app, 'packages.php'), APP_CONFIG_CACHE: path.join(app, 'config.php'),
      },
    });
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
}

/** The Laravel the fixture app's artisan runs. */
const laravel8 = { version: '8.83', driver: 'mysql' } as const;

const coverageDir = path.join(laravelAppDir, '..', 'blueprint-coverage');
const doctrineDir = path.join(coverageDir, 'doctrine');

/** Referenced tables first, so every foreign key finds its table. */
function creationOrder(tables: readonly ExpectedTable[], referencesOf: (t: ExpectedTable) => string[]): ExpectedTable[] {
  const ordered: ExpectedTable[] = [];
  const visit = (table: ExpectedTable, path: Set<string>): void => {
    if (ordered.includes(table) || path.has(table.name)) return;
    path.add(table.name);
    for (const name of referencesOf(table)) {
      const referenced = tables.find((t) => t.name === name);
      if (referenced && referenced !== table) visit(referenced, path);
    }
    ordered.push(table);
  };
  tables.forEach((t) => visit(t, new Set()));
  return ordered;
}

/** The structure engine's own comparison of each translated table with the live one Laravel built. */
async function differencesFromLaravel(db: TestDatabase, tables: ReadonlyMap<string, ExpectedTable>): Promise<string[]> {
  const connection = await db.open();
  try {
    const live = await readLiveTables(connection, [...tables.keys()]);
    return [...tables.values()].flatMap((t) => compareTables(t.model, live.get(t.name)!).map((d) => `${t.name}: ${d.explanation}`));
  } finally {
    await connection.close();
  }
}

async function applyTranslation(db: TestDatabase, tables: readonly ExpectedTable[]): Promise<string[]> {
  const referencesOf = (t: ExpectedTable): string[] => t.model.foreignKeys.map((fk) => fk.referencedTable);
  const connection = await db.open();
  const executed: string[] = [];
  try {
    for (const table of creationOrder(tables, referencesOf)) {
      for (const statement of createTableStatements(table.model)) {
        executed.push(statement);
        await connection.execute(statement);
      }
    }
  } finally {
    await connection.close();
  }
  return executed;
}

describe('translate: against the real Laravel (oracle)', function () {
  this.timeout(120_000);
  const databases: TestDatabase[] = [];
  const database = async (prefix: string): Promise<TestDatabase> => {
    const db = await createTestDatabase(prefix);
    databases.push(db);
    return db;
  };
  after(async () => {
    await Promise.all(databases.map((db) => db.drop()));
  });

  it('builds every supported type and modifier, and the later changes, exactly as Laravel does', async () => {
    const laravel = await database('md_translate_laravel');
    const ours = await database('md_translate_ours');
    await artisanOk(laravel.name, ['migrate', '--force', `--path=${coverageDir}`, '--realpath']);

    const migrations = await loadMigrations([coverageDir]);
    const { tables, unknown } = translateMigrations(migrations, { tablePrefix: '', laravel: laravel8 });
    assert.deepStrictEqual([...unknown.values()], [], 'nothing of the coverage fixture is unknown');
    await applyTranslation(ours, [...tables.values()]);

    const laravelTables = (await listTables(laravel.name)).filter((t) => t !== 'migrations');
    assert.deepStrictEqual((await listTables(ours.name)), laravelTables);
    assert.deepStrictEqual([...tables.keys()].sort(), laravelTables);
    assert.ok(laravelTables.includes('coverage_renamed_codes') && !laravelTables.includes('coverage_counters'));
    const expected = await dumpTables(laravel.name, laravelTables);
    const actual = await dumpTables(ours.name, laravelTables);
    assert.ok(expected.find((t) => t.table === 'coverage_everything')!.columns.length > 60);
    for (const [i, table] of expected.entries()) assert.deepStrictEqual(actual[i], table, `table ${table.table}`);
    assert.deepStrictEqual(await differencesFromLaravel(laravel, tables), []);
  });

  it('follows change() and renameColumn() as Laravel 8 does them through doctrine/dbal', async function () {
    const dbal = execFileSync(phpBinary, ['-r', "require '/usr/share/php/Illuminate/autoload.php'; echo class_exists('Doctrine\\DBAL\\Connection') ? 'yes' : 'no';"], { encoding: 'utf8' });
    // Without doctrine/dbal Laravel 8 cannot run these migrations at all; the README's test command installs it.
    assert.equal(dbal, 'yes', 'doctrine/dbal is missing: apt-get install -y php-doctrine-dbal');
    const laravel = await database('md_translate_dbal_laravel');
    const ours = await database('md_translate_dbal_ours');
    await artisanOk(laravel.name, ['migrate', '--force', `--path=${coverageDir}`, '--realpath']);
    await artisanOk(laravel.name, ['migrate', '--force', `--path=${doctrineDir}`, '--realpath']);
    const { tables, unknown } = translateMigrations(await loadMigrations([coverageDir, doctrineDir]), { tablePrefix: '', laravel: laravel8 });
    assert.deepStrictEqual([...unknown.values()], []);
    await applyTranslation(ours, [...tables.values()]);
    const names = (await listTables(laravel.name)).filter((t) => t !== 'migrations');
    const expected = await dumpTables(laravel.name, names);
    const actual = await dumpTables(ours.name, names);
    for (const [i, table] of expected.entries()) assert.deepStrictEqual(actual[i], table, `table ${table.table}`);
    assert.deepStrictEqual(await differencesFromLaravel(laravel, tables), []);
  });

  for (const prefixIndexes of [true, false]) {
    it(`applies the connection's table prefix as Laravel does (prefix_indexes ${prefixIndexes})`, async () => {
      const laravel = await database('md_translate_prefix_laravel');
      const ours = await database('md_translate_prefix_ours');
      await migrateWithPrefix(laravel.name, 'px_', prefixIndexes);
      const migrations = await loadMigrations([coverageDir]);
      const { tables, unknown } = translateMigrations(migrations, { tablePrefix: 'px_', prefixIndexes, laravel: laravel8 });
      assert.strictEqual(unknown.size, 0);
      await applyTranslation(ours, [...tables.values()]);
      const laravelTables = (await listTables(laravel.name)).filter((t) => t !== 'px_migrations');
      assert.ok(laravelTables.length > 5 && laravelTables.every((t) => t.startsWith('px_')));
      assert.deepStrictEqual(await listTables(ours.name), laravelTables);
      const expected = await dumpTables(laravel.name, laravelTables);
      const actual = await dumpTables(ours.name, laravelTables);
      for (const [i, table] of expected.entries()) assert.deepStrictEqual(actual[i], table, `table ${table.table}`);
    });
  }

  it('still gives the incident table its correct structure when its built-in Drizzle schema is removed', async () => {
    const laravel = await database('md_translate_incident_laravel');
    const ours = await database('md_translate_incident_ours');
    await migrateAll(laravel.name);

    const migrations = await loadMigrations([laravelMigrationsDir]);
    const catalog = buildExpectedCatalog(migrations, [], { tablePrefix: '', laravel: laravel8 });
    const names = ['transactions_history', 'eklektik_notifications_tracking', 'eklektik_transactions_tracking'];
    for (const name of names) assert.strictEqual(catalog.tables.get(name)?.origin.kind, 'migrations', name);
    await applyTranslation(ours, names.map((name) => catalog.tables.get(name)!));

    const expected = await dumpTables(laravel.name, names);
    const actual = await dumpTables(ours.name, names);
    assert.strictEqual(expected.length, 3);
    for (const [i, table] of expected.entries()) assert.deepStrictEqual(actual[i], table, `table ${table.table}`);
  });
});

/**
 * The coverage fixture as a later Laravel can run it: methods the version removed are written
 * the way that version spells them (the structure they build is the same).
 */
function coverageFor(version: LaravelVersion): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `md-coverage-${version}-`));
  for (const folder of [coverageDir, doctrineDir]) {
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.php'))) {
      const source = fs.readFileSync(path.join(folder, file), 'utf8');
      fs.writeFileSync(path.join(dir, file), source.replace(/->unsignedDecimal\(([^;]*?)\)(->|;)/g, '->decimal($1)->unsigned()$2'));
    }
  }
  return dir;
}

for (const version of laravelVersions.filter((v) => v !== '8.83')) {
  for (const driver of ['mysql', 'mariadb'] as const) {
    describe(`translate: against the real Laravel ${version} (${driver} driver)`, function () {
      this.timeout(180_000);
      before(function () {
        skipWithoutLaravel(this, version);
      });

      it('builds every supported type and modifier, and the later changes, exactly as Laravel does', async () => {
        const db = await createTestDatabase(`md_translate_${version}_${driver}`);
        const folder = coverageFor(version);
        try {
          await runLaravelOk(version, 'migrate', { database: db.name, migrationsPath: folder, driver });
          const laravel = { version: laravelRelease(version), driver };
          const { tables, unknown } = translateMigrations(await loadMigrations([folder]), { tablePrefix: '', laravel });
          assert.deepStrictEqual([...unknown.values()], [], 'nothing of the coverage fixture is unknown');
          const built = (await listTables(db.name)).filter((t) => t !== 'migrations');
          assert.deepStrictEqual([...tables.keys()].sort(), [...built].sort());
          assert.deepStrictEqual(await differencesFromLaravel(db, tables), []);
        } finally {
          fs.rmSync(folder, { recursive: true, force: true });
          await db.drop();
        }
      });
    });
  }
}
