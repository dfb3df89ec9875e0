// The tenant databases of bench/tenants.bench.ts, shared with the test that checks each of its
// breakages is found: MIGRATIONS migrations (20 tables created, the others add a column to one
// of them), the tables as `php artisan migrate` leaves them on MariaDB, and ten ways to break a
// tenant (five kinds, each on two tables).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';

export const benchTables = 20;
export const tableOf = (i: number) => `bench_t${String(i % benchTables).padStart(2, '0')}`;
export const migrationName = (i: number) => `2020_01_01_${String(i).padStart(6, '0')}_bench_migration_${i}`;
export const orphanName = '2021_01_01_000000_deleted_file';

function migrationSource(i: number): string {
  const body = i < benchTables
    ? `Schema::create('${tableOf(i)}', function (Blueprint $table) {\n            $table->id();\n            $table->string('name');\n            $table->timestamps();\n        });`
    : `Schema::table('${tableOf(i)}', function (Blueprint $table) {\n            $table->string('c${i}', 20)->nullable();\n        });`;
  return `<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n    public function up()\n    {\n        ${body}\n    }\n\n    public function down()\n    {\n    }\n};\n`;
}

/** Writes the migration files into `dir`. */
export function writeBenchMigrations(dir: string, migrationCount: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < migrationCount; i++) writeFileSync(join(dir, `${migrationName(i)}.php`), migrationSource(i));
}

/** The table as the recorded migrations left it (what `php artisan migrate` creates on MariaDB). */
function tableDdl(t: number, migrationCount: number): string {
  const added: string[] = [];
  for (let i = benchTables + t; i < migrationCount; i += benchTables) added.push(`, c${i} VARCHAR(20) COLLATE utf8mb4_unicode_ci NULL`);
  return `CREATE TABLE ${tableOf(t)} (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, name VARCHAR(255) COLLATE utf8mb4_unicode_ci NOT NULL, created_at TIMESTAMP NULL, updated_at TIMESTAMP NULL${added.join('')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;
}

const q = (name: string) => `\`${name}\``;

/** What each of the ten breakages makes status say, and on which migration. */
export interface Breakage {
  readonly state: 'ran-table-missing' | 'pending-table-exists' | 'orphan-record' | 'schema-drift';
  readonly migration: string;
  readonly statements: readonly string[];
}

/** The k-th way (0–9) to break the tenant `db`. */
export function breakage(k: number, db: string): Breakage {
  const t = tableOf(k);
  const creator = migrationName(k % benchTables);
  switch (k % 5) {
    case 0: return { state: 'ran-table-missing', migration: creator, statements: [`DROP TABLE ${q(db)}.${t}`] };
    case 1: return { state: 'pending-table-exists', migration: creator, statements: [`DELETE FROM ${q(db)}.migrations WHERE migration = '${creator}'`] };
    case 2: return { state: 'orphan-record', migration: orphanName, statements: [`INSERT INTO ${q(db)}.migrations (migration, batch) VALUES ('${orphanName}', 2)`] };
    case 3: return { state: 'schema-drift', migration: creator, statements: [`ALTER TABLE ${q(db)}.${t} MODIFY name VARCHAR(100) COLLATE utf8mb4_unicode_ci NOT NULL`] };
    default: return { state: 'schema-drift', migration: creator, statements: [`ALTER TABLE ${q(db)}.${t} DROP COLUMN updated_at`] };
  }
}

/**
 * Creates `names` (the first one built, the others copied from it), every migration recorded in
 * batches of 100, then breaks the tenant at each index of `brokenAt` the k-th way in turn.
 */
export async function createBenchTenants(connection: Connection, names: readonly string[], migrationCount: number, brokenAt: Iterable<number>): Promise<void> {
  const template = names[0]!;
  const rows = Array.from({ length: migrationCount }, (_, i) => [migrationName(i), Math.floor(i / 100) + 1]);
  await connection.query(`CREATE DATABASE ${q(template)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.query(`CREATE TABLE ${q(template)}.migrations (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) COLLATE utf8mb4_unicode_ci NOT NULL, batch INT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  for (let t = 0; t < benchTables; t++) await connection.query(tableDdl(t, migrationCount).replace('CREATE TABLE ', `CREATE TABLE ${q(template)}.`));
  await connection.query(`INSERT INTO ${q(template)}.migrations (migration, batch) VALUES ?`, [rows]);
  for (const name of names.slice(1)) {
    const copy = ['migrations', ...Array.from({ length: benchTables }, (_, t) => tableOf(t))]
      .map((table) => `CREATE TABLE ${q(name)}.${table} LIKE ${q(template)}.${table};`).join('');
    await connection.query(`CREATE DATABASE ${q(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;${copy}INSERT INTO ${q(name)}.migrations SELECT * FROM ${q(template)}.migrations;`);
  }
  let k = 0;
  for (const at of brokenAt) for (const statement of breakage(k++, names[at]!).statements) await connection.query(statement);
}
