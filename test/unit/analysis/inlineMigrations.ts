// Small migrations written inline for the analysis tests, and what the translation expects of them.
import { parseMigration } from '../../../src/core/analysis/parse';
import type { MigrationFile, SchemaGuard } from '../../../src/core/analysis/types';
import { translateMigrations } from '../../../src/core/translate';

/** A guard as PHP would write it, shortened: `t.c`, `!t.c`, `index(t, i)`, `table(t)`, `(A || B)`, `(A && B)`. */
export function guardText(g: SchemaGuard): string {
  if ('any' in g) return `(${g.any.map(guardText).join(' || ')})`;
  if ('all' in g) return `(${g.all.map(guardText).join(' && ')})`;
  if ('tableExists' in g) return `${g.tableExists ? '' : '!'}table(${g.table})`;
  if ('index' in g) return `${g.exists ? '' : '!'}index(${g.table}, ${typeof g.index === 'string' ? g.index : `[${g.index.join(',')}]`}${g.type ? `, ${g.type}` : ''})`;
  return `${g.exists ? '' : '!'}${g.table}.${g.column}`;
}

export function file(name: string, body: string): MigrationFile {
  return parseMigration(`/app/database/migrations/${name}.php`, `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up(): void
    {
        ${body}
    }
};
`);
}

export const posts = file('2020_01_01_000001_posts', `Schema::create('posts', function (Blueprint $table) {
            $table->increments('id');
            $table->string('slug')->index();
            $table->unsignedInteger('user_id');
            $table->foreign('user_id')->references('id')->on('posts');
        });`);

export type Target = { version: string; driver: 'mysql' | 'mariadb'; driverAssumed?: true };
export const laravel8: Target = { version: '8.83', driver: 'mysql' };
export const laravel12: Target = { version: '12.0', driver: 'mysql' };
export const laravel12Mariadb: Target = { version: '12.0', driver: 'mariadb' };

export function translated(files: readonly MigrationFile[], laravel: Target = laravel8): { tables: string[]; unknown: string[] } {
  const { tables, unknown } = translateMigrations(files, { tablePrefix: '', laravel });
  return { tables: [...tables.keys()].sort(), unknown: [...unknown.values()].map((u) => `${u.name}: ${u.reason}`).sort() };
}
