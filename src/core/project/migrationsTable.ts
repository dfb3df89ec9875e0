// The migrations table's name as the app's Laravel reads it from config/database.php: up to 10,
// config('database.migrations') is the name ('migrations' => 'migrations'); from 11 on it may also
// be an array whose 'table' is the name, and an app without the entry gets Laravel's own
// ('migrations'). Anything that needs running the app is unknown, never guessed. Never imports 'vscode'.
import { databaseConfigFile, entryOf, valueOf, writtenOf, type EnvLookup, type Written } from './databaseConfig';
import { majorVersion } from './laravelVersion';

type Node = { kind: string; [key: string]: any };

/**
 * How config/database.php writes 'migrations': a value, an array (its 'table' entry, absent when
 * it has none) or no entry; with the Laravel major version when the reading depends on it (null:
 * nothing says). Plain JSON, so it can be kept with the connection's recipe.
 */
export type MigrationsTableRecipe =
  | { readonly value: Written }
  | { readonly array: { readonly table?: Written }; readonly laravel: number | null }
  | { readonly absent: true; readonly laravel: number | null };

/** The recipe of the file's returned array; `version` is asked only when the form depends on it. */
export async function migrationsTableRecipeOf(returned: Node, version: () => Promise<string | undefined>): Promise<MigrationsTableRecipe> {
  const node = entryOf(returned, 'migrations')?.value as Node | undefined;
  if (node && node.kind !== 'array') return { value: writtenOf(node) };
  const laravel = majorVersion(await version()) ?? null;
  if (!node) return { absent: true, laravel };
  const table = entryOf(node, 'table')?.value as Node | undefined;
  return { array: table ? { table: writtenOf(table) } : {}, laravel };
}

/** The name Laravel's MigrationServiceProvider gives the migrations table, and where it was read; or why it cannot be told. */
export function migrationsTableOf(recipe: MigrationsTableRecipe, env: EnvLookup): { readonly name: string; readonly from: string } | { readonly unknown: string } {
  let read;
  if ('value' in recipe) read = valueOf(recipe.value, env, `${databaseConfigFile} 'migrations'`);
  else if ('absent' in recipe) {
    if (recipe.laravel !== null && recipe.laravel < 11) return { unknown: `${databaseConfigFile} has no 'migrations' entry, which Laravel ${recipe.laravel} reads as the table's name` };
    return { name: 'migrations', from: `Laravel's own ${databaseConfigFile} (the app's has no 'migrations' entry)` };
  } else {
    if (recipe.laravel !== null && recipe.laravel < 11) {
      return { unknown: `${databaseConfigFile} 'migrations' is an array, which Laravel ${recipe.laravel} takes as the table's name (arrays are read from Laravel 11 on)` };
    }
    read = valueOf(recipe.array.table, env, `${databaseConfigFile} 'migrations.table'`);
  }
  if ('unknown' in read) return read;
  return typeof read.value === 'string' && read.value !== '' ? { name: read.value, from: read.from } : { unknown: `${read.from}: not a table name` };
}
