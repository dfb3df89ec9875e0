// Laravel's naming conventions: the table a migration's file name promises, the class name
// Laravel derives from it, and "did you mean" for near misses.

/**
 * The name Laravel records for a migration file: Migrator::getMigrationName is
 * str_replace('.php', '', basename($path)), so every '.php' goes, not only the last
 * (`x.php.php` is recorded as `x`), in 8.83, 11 and 12 alike.
 */
export function laravelMigrationName(fileName: string): string {
  return fileName.replaceAll('.php', '');
}

/** The timestamp a migration's name starts with (`2025_09_23_011532`), kept when a file is renamed: Laravel sorts by it. */
export const migrationTimestamp = (name: string): string | undefined => /^\d{4}_\d{2}_\d{2}_\d{6}/.exec(name)?.[0];

/** What the file name promises about the table, following Laravel's own TableGuesser and habits. */
export interface NameExpectation {
  readonly table: string;
  readonly action: 'create' | 'change' | 'drop' | 'rename';
  /** `_table`-suffixed names are reliable; a bare `create_x` or `..._to_x` is only checked for near misses. */
  readonly strong: boolean;
  /** For rename_{a}_to_{b}: every way the name splits into a and b. */
  readonly renames?: readonly { readonly from: string; readonly to: string }[];
}

const verbPrefix = /^(?:update|alter|modify|change|edit|fix|add|remove|drop|rename)_(.+)_table$/s;

/** A slug holding a line break is read as any other (`s`): Laravel runs such a file. */
export function expectationOf(slug: string): NameExpectation | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^rename_(.+)$/s.exec(slug))) {
    const body = m[1].replace(/_table$/, '');
    const renames: { from: string; to: string }[] = [];
    for (let i = body.indexOf('_to_'); i > 0; i = body.indexOf('_to_', i + 1)) {
      renames.push({ from: body.slice(0, i).replace(/_table$/, ''), to: body.slice(i + 4).replace(/_table$/, '') });
    }
    if (renames.length) return { table: renames[renames.length - 1].from, action: 'rename', strong: true, renames };
  }
  if ((m = /^create_(.+)_table$/s.exec(slug))) return { table: m[1], action: 'create', strong: true };
  if ((m = /^create_(.+)$/s.exec(slug))) return { table: m[1], action: 'create', strong: false };
  if ((m = /^drop_(.+)_table$/s.exec(slug)) && !/_(?:to|from|in|on)_/.test(m[1])) return { table: m[1], action: 'drop', strong: true };
  // Laravel's TableGuesser (8.83 to 13) reads a table after `_to_`, `_from_` or `_in_` only: `make:migration` writes that table into the file.
  if ((m = /^.+_(?:to|from|in)_(.+)_table$/s.exec(slug))) return { table: m[1], action: 'change', strong: true };
  // `add_position_into_playlists_table`, `invoice_id_index_on_projects_table`: Laravel guesses no
  // table there, and the words often describe the change rather than name its table.
  if ((m = /^.+_(?:into|on)_(.+)_table$/s.exec(slug))) return { table: m[1], action: 'change', strong: false };
  // `update_settings_table`, `change_default_show_tasks_table` (a column named show_tasks_table):
  // where the table starts is a guess, so only near misses are reported.
  if ((m = verbPrefix.exec(slug))) return { table: m[1], action: /^add_/.test(slug) ? 'create' : 'change', strong: false };
  if ((m = /^.+_(?:to|from|in|into)_(.+)$/s.exec(slug))) return { table: m[1], action: 'change', strong: false };
  return undefined;
}

/** Whether the touched table is the one the file name promises (suffix rules for `..._{table}_table`). */
export function nameAgrees(slug: string, expectation: NameExpectation, table: string): boolean {
  if (table === expectation.table) return true;
  // `create_entity_locations2_table` creating `entity_locations` again: a number added to make the
  // migration's name (and class) unique, not another table.
  if (/\d$/.test(expectation.table) && !/\d$/.test(table) && expectation.table.replace(/_?\d+$/, '') === table) return true;
  if (expectation.action === 'rename') return expectation.renames!.some((r) => r.from === table || r.to === table);
  if (expectation.action === 'create') return false;
  // `update_status_of_orders_table` promises `orders`, but also `status_of_orders` if that is a table.
  return slug.endsWith(`_${table}_table`) || slug === `${table}_table` || (!expectation.strong && slug.endsWith(`_${table}`));
}

/** Str::studly: `create_users_table` -> `CreateUsersTable`. */
export function studly(value: string): string {
  return value.split(/[-_\s]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** The forms a word may take in a table name: itself, its plural, and its singular. */
function forms(word: string): string[] {
  const out = [word, `${word}s`, `${word}es`];
  if (/[^aeiou]y$/.test(word)) out.push(`${word.slice(0, -1)}ies`);
  if (/ies$/.test(word)) out.push(`${word.slice(0, -3)}y`);
  if (/(?:s|x|z|ch|sh)es$/.test(word)) out.push(word.slice(0, -2));
  if (/[^s]s$/.test(word)) out.push(word.slice(0, -1));
  return out;
}

/** The same words but one, which is another form of its counterpart (`user`/`users`). */
function oneWordInflected(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const differing = a.map((w, i) => [w, b[i]]).filter(([x, y]) => x !== y);
  return differing.length === 1 && forms(differing[0][0]).includes(differing[0][1]);
}

/**
 * Whether two names are at most `limit` edits apart. Each row's smallest distance never falls
 * in the rows below it: once it passes the limit, the answer is known without the other rows.
 */
function withinEdits(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (row[j] < least) least = row[j];
      prev = tmp;
    }
    if (least > limit) return false;
  }
  return row[b.length] <= limit;
}

/**
 * Two spellings of one table: they differ only by spacing (blanks, underscores), case, or the
 * number of one word (`user`/`users`, `statuslabel`/`status_labels`, ` expense_categories`).
 */
export function sameTableWritten(a: string, b: string): boolean {
  const squash = (s: string) => s.toLowerCase().replace(/[\s_]+/g, '');
  const sa = squash(a);
  const sb = squash(b);
  if (sa === sb) return true;
  const words = (s: string) => s.toLowerCase().replace(/\s+/g, '').split('_').filter(Boolean);
  return oneWordInflected(words(a), words(b)) || forms(sa).includes(sb) || forms(sb).includes(sa);
}

/** A near miss: singular/plural, a missing or extra underscore, or a one- or two-letter typo. */
export function isNearMiss(a: string, b: string): boolean {
  if (a === b) return false;
  // Singular/plural of any one word (user/users, status/statuses, category/categories).
  if (oneWordInflected(a.split('_'), b.split('_'))) return true;
  if (a.replace(/_/g, '') === b.replace(/_/g, '')) return true;
  return Math.min(a.length, b.length) >= 5 && withinEdits(a, b, Math.min(a.length, b.length) >= 10 ? 2 : 1);
}
