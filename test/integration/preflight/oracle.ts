// What the preflight oracle tests share: a small database with real rows (duplicates, NULLs,
// long values, an orphan), migration files written from up() bodies, and a copy of a database
// (structure, foreign keys and rows) for the real `migrate` to run on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadMigrations } from '../../../src/core/analysis/load';
import { openDatabase, type ConnectionOptions } from '../../../src/core/db/database';
import { preflightDatabase, type PreflightResult } from '../../../src/core/preflight';
import { structurePort } from '../../../src/core/status/structurePort';
import { createTestDatabase, recreateDatabase, withServer, type TestDatabase } from '../../support/database';
import { translateOptionsFor, type LaravelDriver, type LaravelVersion } from '../../support/laravelVersions';

export const base = `
CREATE TABLE migrations (id int unsigned AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL);
INSERT INTO migrations (migration, batch) VALUES ('2024_01_01_000000_create_users_table', 1), ('2024_01_01_000001_create_posts_table', 1);
CREATE TABLE users (id bigint unsigned AUTO_INCREMENT PRIMARY KEY, email varchar(255) NOT NULL, name varchar(100) NULL,
  status enum('active','banned','gone') NOT NULL DEFAULT 'active', score int NOT NULL DEFAULT 0, KEY users_name_index (name))
  DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci;
INSERT INTO users (email, name, status, score) VALUES ('a@b.c', 'Ann', 'active', 1), ('A@b.c', NULL, 'gone', 2), ('x@y.z', 'a very long name indeed', 'active', 300);
CREATE TABLE posts (id bigint unsigned AUTO_INCREMENT PRIMARY KEY, user_id bigint unsigned NOT NULL, title varchar(50) NOT NULL, KEY posts_user_id_index (user_id))
  DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci;
INSERT INTO posts (user_id, title) VALUES (1, 'hello'), (99, 'orphan');
`;

export const table = (name: string, body: string) => `Schema::table('${name}', function (Blueprint $table) { ${body} });`;
export const create = (name: string, body: string) => `Schema::create('${name}', function (Blueprint $table) { ${body} });`;

export function migrationFile(body: string): string {
  return `<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\n`
    + `return new class extends Migration\n{\n    public function up()\n    {\n        ${body}\n    }\n\n    public function down()\n    {\n    }\n};\n`;
}

/** migrationFile with the DB facade imported too (DB::statement, DB::getDriverName). */
export const withDbFacade = (body: string) =>
  migrationFile(body).replace('use Illuminate\\Support\\Facades\\Schema;\n', 'use Illuminate\\Support\\Facades\\Schema;\nuse Illuminate\\Support\\Facades\\DB;\n');

/** The same, the class on the connection `name` (`protected $connection`): Laravel makes it the default one while up() runs, for Schema:: and DB:: alike. */
export const onConnection = (name: string, body: string) =>
  withDbFacade(body).replace('return new class extends Migration\n{\n', `return new class extends Migration\n{\n    protected $connection = '${name}';\n\n`);

/** A migrations folder and two new databases, the default connection's (`md_<name>`) and 'other''s, for `work`; removed after. */
export async function withOtherDatabase<T>(name: string, work: (dir: string, test: TestDatabase, other: TestDatabase) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), `md-${name.replace(/_/g, '-')}-`));
  const test = await createTestDatabase(`md_${name}`);
  const other = await createTestDatabase(`md_${name}_other`);
  try {
    return await work(dir, test, other);
  } finally {
    await test.drop();
    await other.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runSql(database: string, sql: string): Promise<void> {
  await withServer(async (c) => {
    await c.query(`USE \`${database}\``);
    for (const statement of sql.split(';').map((s) => s.trim()).filter(Boolean)) await c.query(statement);
  });
}

/** Structure (foreign keys included) and rows of every table, into a new database. */
export async function copyDatabase(from: string, to: string): Promise<void> {
  await recreateDatabase(to);
  await withServer(async (c) => {
    const tables = (await c.query(`SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`, [from]))[0] as { t: string }[];
    await c.query(`USE \`${to}\``);
    await c.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const { t } of tables) {
      const [rows] = await c.query(`SHOW CREATE TABLE \`${from}\`.\`${t}\``);
      await c.query((rows as Record<string, string>[])[0]['Create Table']);
      await c.query(`INSERT INTO \`${to}\`.\`${t}\` SELECT * FROM \`${from}\`.\`${t}\``);
    }
  });
}

/** Strict preflight of the migrations in `dir`, as `version`'s Laravel would run them, on the database `options` opens (closed after). */
export async function preflightFolder(options: ConnectionOptions, dir: string, version: LaravelVersion, driver?: LaravelDriver): Promise<PreflightResult> {
  const db = await openDatabase(options);
  try {
    const migrations = await loadMigrations([dir]);
    return await preflightDatabase(db, { migrations, catalog: { tables: new Map(), unknown: new Map() }, structure: structurePort() }, translateOptionsFor(version, driver ? { driver } : {}), { strict: true });
  } finally {
    await db.close();
  }
}
