// The preflight scenario several suites share: a table of people made by the real artisan of
// Laravel 8.83 from a migration of its own, rows that may repeat an email, and a pending
// migration that makes email unique (the next migrate fails with 1062 where an email repeats).
import * as fs from 'fs';
import * as path from 'path';
import { withServer } from './database';
import { artisanOk, migrateAll } from './laravel';

/** A migration file as Laravel 8's stub writes one (an anonymous class), `up` being up()'s body as indented there, without down(). */
export function migrationFile(up: string): string {
  return `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up()
    {
${up}
    }
};
`;
}

/** up() of the migration that creates `table` (id, email). */
export function createPeopleUp(table: string): string {
  return `        Schema::create('${table}', function (Blueprint $table) {
            $table->id();
            $table->string('email');
        });`;
}

/** up() of the pending migration that makes `table`'s email unique, after the statements `before` (one a line). */
export function uniqueEmailUp(table: string, before: readonly string[] = []): string {
  return [`        Schema::table('${table}', function (Blueprint $table) {`, ...before.map((line) => `            ${line}`), `            $table->unique('email');`, '        });'].join('\n');
}

/**
 * `database` as the real artisan leaves it: the fixture's migrations, then `createName` (written
 * in `dir`, creating `table`), with `emails` inserted into `table`.
 */
export async function migratePeople(database: string, dir: string, people: { table: string; createName: string }, emails: readonly string[]): Promise<void> {
  const file = path.join(dir, `${people.createName}.php`);
  if (!fs.existsSync(file)) fs.writeFileSync(file, migrationFile(createPeopleUp(people.table)));
  await migrateAll(database);
  await artisanOk(database, ['migrate', '--force'], { migrationsPath: dir });
  await withServer((c) => c.query(`INSERT INTO \`${database}\`.\`${people.table}\` (email) VALUES ${emails.map(() => '(?)').join(', ')}`, [...emails]));
}
