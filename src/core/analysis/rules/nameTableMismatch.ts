// name-table-mismatch: the incident's rule. The file name promises one table, up() touches another.
import * as path from 'node:path';
import { expectationOf, isNearMiss, nameAgrees, type NameExpectation, sameTableWritten } from '../naming';
import { tableKey, type Timeline } from '../timeline';
import type { Fix, MigrationFile, SchemaOperation, TableReference, TextEdit } from '../types';
import { perFileValues } from './perFile';
import type { Rule, RuleFinding } from './rule';

function touchedTables(op: SchemaOperation): TableReference[] {
  return op.renamedTo ? [op.table, op.renamedTo] : [op.table];
}

export const nameTableMismatch: Rule = {
  id: 'name-table-mismatch',
  defaultSeverity: 'error',
  description: "The file name's table disagrees with the table up() touches.",
  // Which side to fix depends on the tables that exist when the file runs: a project-wide check.
  checkProject({ migrations, timeline }) {
    let known: Set<string> | undefined;
    let users: Map<string, { index: number; creates: boolean }[]> | undefined;
    const findings: RuleFinding[] = [];
    const all = mismatchesOf(migrations);
    for (let index = 0; index < migrations.length; index++) {
      const found = all[index];
      if (!found) continue;
      const m = migrations[index];
      // A loose name (`update_users_table`, `add_votes_to_users`) is a claim only when the table
      // it names is one the project has and up() works on one table, as the file `make:migration`
      // writes for that name does: `bind_accounts_and_groups_to_users` changing two other tables
      // says how they relate, not which table changes.
      if (!found.expectation.strong && !found.nearMiss
        && (found.tables.size > 1 || !(known ??= knownTables(migrations, timeline)).has(found.expectation.table))) continue;
      const existed = (key: string) => timeline.existenceBefore(index, key) !== 'absent';
      // Later migrations changing the code's table, none creating it again (the incident's second
      // file did, and failed) and none working on the file's: the code's table is the app's.
      const uses = (table: string) => (users ??= tableUsers(migrations)).get(table) ?? [];
      const namedElsewhere = uses(found.expectation.table).some((u) => u.index !== index);
      const codeUsed = uses(found.wrong.name).some((u) => u.index > index && !u.creates) && !uses(found.wrong.name).some((u) => u.index !== index && u.creates)
        && !namedElsewhere;
      findings.push(findingOf(m, found, (table) => existed(tableKey(table, found.op.connection)) || existed(table), codeUsed, namedElsewhere));
    }
    return findings;
  },
};

/** Which migrations work on each table (up()'s operations and the rows it writes), and whether they create it. */
function tableUsers(migrations: readonly MigrationFile[]): Map<string, { index: number; creates: boolean }[]> {
  const users = new Map<string, { index: number; creates: boolean }[]>();
  const add = (table: string, index: number, creates: boolean) => {
    let at = users.get(table);
    if (!at) users.set(table, (at = []));
    at.push({ index, creates });
  };
  migrations.forEach((m, index) => {
    for (const op of m.up.operations) for (const t of touchedTables(op)) add(t.name, index, op.kind === 'create');
    for (const t of m.up.rowsWritten ?? []) add(t, index, false);
  });
  return users;
}

function knownTables(migrations: readonly MigrationFile[], timeline: Timeline): Set<string> {
  const known = new Set(timeline.tablesAfter(-1).keys());
  for (const m of migrations) {
    for (const op of m.up.operations) known.add(op.renamedTo?.name ?? op.table.name);
    for (const u of m.up.unknown) for (const t of u.sqlCreates ?? []) known.add(t);
  }
  return known;
}

/** What the file name and the code disagree on; null when they agree (or no claim can be made). */
interface Mismatch {
  readonly expectation: NameExpectation;
  /** The operation whose table is wrong, and that table's literal. */
  readonly op: SchemaOperation;
  readonly wrong: TableReference;
  readonly nearMiss: boolean;
  /** Every table up() works on: its operations' and those whose rows it writes. */
  readonly tables: ReadonlySet<string>;
}

const mismatches = new WeakMap<MigrationFile, Mismatch | null>();

function mismatchOf(file: MigrationFile): Mismatch | null {
  let found = mismatches.get(file);
  if (found === undefined) {
    const expectation = expectationOf(file.slug);
    found = (expectation && readMismatch(file, expectation)) ?? null;
    // A loose name that is no near miss of the code's table may still be a claim (checkProject decides).
    mismatches.set(file, found);
  }
  return found;
}

// Kept between analyses: a save computes only its file's.
const mismatchesOf = perFileValues(mismatchOf);

function readMismatch(file: MigrationFile, expectation: NameExpectation): Mismatch | undefined {
  const ops = file.up.operations;
  if (ops.length === 0) return undefined;
  // `rename_modelno_to_model_number` with only Schema::table(): a column rename, not a table's.
  if (expectation.action === 'rename' && !ops.some((o) => o.kind === 'rename')) return undefined;
  // A helper call or a variable table name may touch the promised table: make no claim.
  if (file.up.unknown.some((u) => u.reason !== 'raw SQL')) return undefined;
  const tables = ops.flatMap(touchedTables);
  if (tables.some((t) => nameAgrees(file.slug, expectation, t.name))) return undefined;
  // `migrate_character_locations_to_entity_locations` inserting the rows of `entity_locations`:
  // a change of that table's data is what the name says. A create must create it.
  const rows = file.up.rowsWritten ?? [];
  if (expectation.action !== 'create' && rows.some((t) => nameAgrees(file.slug, expectation, t))) return undefined;
  if (file.up.unknown.some((u) => u.sqlTables?.some((t) => nameAgrees(file.slug, expectation, t)))) return undefined;
  // The literal that is wrong: a near miss of the promised table if any, else the first operation of the promised kind.
  // Of those, one of the promised kind: kanka's create_item_table drops `items` only to create it.
  const near = ops.filter((o) => touchedTables(o).some((t) => isNearMiss(expectation.table, t.name)));
  const op = pickWrongOperation(near.length ? near : ops, expectation.action);
  const wrong = touchedTables(op).find((t) => isNearMiss(expectation.table, t.name)) ?? op.table;
  return { expectation, op, wrong, nearMiss: isNearMiss(expectation.table, wrong.name), tables: new Set([...tables.map((t) => t.name), ...rows]) };
}

function findingOf(
  file: MigrationFile, { expectation, op, wrong, nearMiss }: Mismatch, existedBefore: (table: string) => boolean, codeUsed: boolean, namedElsewhere: boolean,
): RuleFinding {
  const named = expectation.table;
  // The code's table is the real one when it is the file's name written otherwise (spacing, case,
  // number), a table that exists when the file runs while the file's does not (a create of an
  // existing table would fail instead), or the one the other migrations work on (OpnForm's
  // `create_users_workspaces_table` creating `user_workspace`, which later files alter).
  const byTimeline = (op.kind !== 'create' && existedBefore(wrong.name) && !existedBefore(named)) || codeUsed;
  const codeIsReal = sameTableWritten(named, wrong.name) || byTimeline;
  // Only a table this file creates, or one that exists then, is worth writing into the code; never
  // the file's spelling of the code's own table (`expense` for `expenses`): that table never exists;
  // never a name in place of the table the other migrations use.
  const suggestable = !/\s/.test(named) && !sameTableWritten(named, wrong.name) && !codeUsed && (op.kind === 'create' || existedBefore(named));
  const template = templates[op.kind][codeIsReal ? 2 : nearMiss && suggestable ? 1 : 0];
  return {
    file: file.path, template, args: [named, wrong.name], range: wrong.range,
    fixes: fixesFor(file, named, wrong.name, { codeIsReal, suggestable }),
    // The code follows Laravel's convention and only the file name is sloppy (`add_x_to_user` for
    // `users`), or is the app's table and the name only inflects its words otherwise
    // (`add_x_to_company_users_table` for the pivot `company_user`). A loose name (no `_table`
    // after `_to_`, `_from_`, `_in_`; `create_x`) is a guess at a table, never an error. A name
    // around the code's table (aroundTheTable) says more or less than the table, not another one.
    ...(!expectation.strong || (nearMiss && (onlyTheNameIsOff(named, wrong.name) || (byTimeline && wordsInflected(named, wrong.name))))
      || aroundTheTable(named, wrong.name, namedElsewhere) ? { lowered: true } : {}),
  };
}

/**
 * The file name's table is the code's with one word before it (orchid's `create_orchid_roles_table`
 * for `roles`, a package's name put there on purpose; snipe-it's `create_new_licenses_table`; a
 * doubled `create_create_…`, in any number), with `_pivot` after it (`create_setting_user_pivot_table`
 * for `setting_user`, as pivot generators name it), or, when no other migration works on the file
 * name's table, the code's first words (`create_risk_scoring_table` for `risk_scoring_configs`).
 * The incident's `eklektik_notifications_tracking` for `eklektik_transactions_tracking` is none of these.
 */
function aroundTheTable(named: string, actual: string, namedElsewhere: boolean): boolean {
  const words = named.split('_');
  if (words.length < 2) return false;
  const same = (a: string) => a === actual || sameTableWritten(a, actual);
  if (same(words.slice(1).join('_'))) return true;
  if (words[words.length - 1] === 'pivot' && same(words.slice(0, -1).join('_'))) return true;
  const actualWords = actual.split('_');
  return !namedElsewhere && words.length < actualWords.length && actualWords.slice(0, words.length).join('_') === named;
}

/** The same words, each maybe in another number (`users_workspaces` and `user_workspace`). */
function wordsInflected(a: string, b: string): boolean {
  const x = a.split('_');
  const y = b.split('_');
  return x.length === y.length && x.every((w, i) => w === y[i] || sameTableWritten(w, y[i]));
}

// Literal templates (one per verb) so the editor's translation bundle can hold each of them.
// [plain, the code should say the file's table, the file name should say the code's table]
const templates: Record<SchemaOperation['kind'], [string, string, string]> = {
  create: ["The file name says table '{0}', but up() creates '{1}'.", "The file name says table '{0}', but up() creates '{1}': did you mean '{0}'?",
    "The file name says table '{0}', but up() creates '{1}': the file name is the one to fix."],
  table: ["The file name says table '{0}', but up() changes '{1}'.", "The file name says table '{0}', but up() changes '{1}': did you mean '{0}'?",
    "The file name says table '{0}', but up() changes '{1}': the file name is the one to fix."],
  drop: ["The file name says table '{0}', but up() drops '{1}'.", "The file name says table '{0}', but up() drops '{1}': did you mean '{0}'?",
    "The file name says table '{0}', but up() drops '{1}': the file name is the one to fix."],
  dropIfExists: ["The file name says table '{0}', but up() drops '{1}'.", "The file name says table '{0}', but up() drops '{1}': did you mean '{0}'?",
    "The file name says table '{0}', but up() drops '{1}': the file name is the one to fix."],
  rename: ["The file name says table '{0}', but up() renames '{1}'.", "The file name says table '{0}', but up() renames '{1}': did you mean '{0}'?",
    "The file name says table '{0}', but up() renames '{1}': the file name is the one to fix."],
};

/** The code's table is the plural, snake_case or trimmed form of the file name's (the reverse is a typo in the code). */
function onlyTheNameIsOff(named: string, actual: string): boolean {
  if (named.trim() === actual || named.toLowerCase() === actual) return true;
  const plurals = (w: string) => [w, `${w}s`, `${w}es`, `${w.slice(0, -1)}ies`];
  const a = named.split('_');
  const b = actual.split('_');
  // One word made plural (`user` -> `users`, `checkout_acceptance` -> `checkout_acceptances`).
  if (a.length === b.length) {
    const i = a.findIndex((w, k) => w !== b[k]);
    return i >= 0 && a.every((w, k) => k === i || w === b[k]) && plurals(a[i]).includes(b[i]);
  }
  // Underscores left out, possibly also singular (`statuslabel` -> `status_labels`).
  return b.length > a.length && plurals(named.replace(/_/g, '')).includes(actual.replace(/_/g, ''));
}

function pickWrongOperation(ops: readonly SchemaOperation[], action: string): SchemaOperation {
  const wanted = action === 'create' ? ['create'] : action === 'drop' ? ['drop', 'dropIfExists'] : action === 'rename' ? ['rename'] : ['table'];
  return ops.find((o) => wanted.includes(o.kind)) ?? ops[0];
}

/** Setting the code's literals to the file's table (when that table is worth writing) and renaming the file: the side to fix is preferred. */
function fixesFor(file: MigrationFile, expected: string, wrong: string, side: { codeIsReal: boolean; suggestable: boolean }): Fix[] {
  const fixes: Fix[] = [];
  if (side.suggestable) {
    // A literal reached twice (a method called twice, a variable used twice) is edited once: an editor refuses overlapping edits.
    const at = new Set<number>();
    const edits: TextEdit[] = [...file.up.operations, ...file.down.operations]
      .flatMap(touchedTables).filter((t) => t.name === wrong && !at.has(t.range.start.offset) && at.add(t.range.start.offset))
      .map((t) => ({ file: file.path, range: t.range, newText: expected }));
    fixes.push({
      kind: 'setTableLiteral', title: "Change the table to '{0}', as the file name says", args: [expected], isPreferred: !side.codeIsReal, edits,
    });
  }
  const at = file.slug.lastIndexOf(expected);
  if (at >= 0) {
    const newName = `${file.timestamp ? `${file.timestamp}_` : ''}${file.slug.slice(0, at)}${wrong}${file.slug.slice(at + expected.length)}`;
    fixes.push({
      kind: 'renameFile',
      title: "Rename the file to '{0}.php' (its recorded migration name changes: where it already ran, it will look pending)",
      args: [newName], isPreferred: side.codeIsReal, edits: [], renameTo: path.join(path.dirname(file.path), `${newName}.php`),
    });
  }
  return fixes;
}
