// name-table-mismatch: the incident's rule. The file name promises one table, up() touches another.
import * as path from 'node:path';
import { expectationOf, isNearMiss, nameAgrees, type NameExpectation } from '../naming';
import type { Fix, MigrationFile, SchemaOperation, TableReference, TextEdit } from '../types';
import type { Rule, RuleFinding } from './rule';

function touchedTables(op: SchemaOperation): TableReference[] {
  return op.renamedTo ? [op.table, op.renamedTo] : [op.table];
}

export const nameTableMismatch: Rule = {
  id: 'name-table-mismatch',
  defaultSeverity: 'error',
  description: "The file name's table disagrees with the table up() touches.",
  checkFile(file) {
    const expectation = expectationOf(file.slug);
    const found = expectation && mismatchOf(file, expectation);
    return found && (expectation.strong || found.nearMiss) ? [found.finding] : [];
  },
  // A loose name (`update_users_table`, `add_votes_to_users`) is a claim only when the table it
  // names is one the project has: then touching another table is a mismatch.
  checkProject({ migrations, timeline }) {
    const known = new Set(timeline.tablesAfter(-1).keys());
    for (const m of migrations) {
      for (const op of m.up.operations) known.add(op.renamedTo?.name ?? op.table.name);
      for (const u of m.up.unknown) for (const t of u.sqlCreates ?? []) known.add(t);
    }
    const findings: RuleFinding[] = [];
    for (const m of migrations) {
      const candidate = looseCandidate(m);
      if (candidate && known.has(candidate.table)) findings.push(candidate.finding);
    }
    return findings;
  },
};

const looseCandidates = new WeakMap<MigrationFile, { table: string; finding: RuleFinding } | null>();

/** For a loose file name that disagrees with the code (and is no near miss): the finding, if the named table exists. */
function looseCandidate(file: MigrationFile): { table: string; finding: RuleFinding } | null {
  let candidate = looseCandidates.get(file);
  if (candidate === undefined) {
    const expectation = expectationOf(file.slug);
    const found = expectation && !expectation.strong ? mismatchOf(file, expectation) : undefined;
    candidate = found && !found.nearMiss ? { table: expectation!.table, finding: found.finding } : null;
    looseCandidates.set(file, candidate);
  }
  return candidate;
}

function mismatchOf(file: MigrationFile, expectation: NameExpectation): { finding: RuleFinding; nearMiss: boolean } | undefined {
  const ops = file.up.operations;
  if (ops.length === 0) return undefined;
  // `rename_modelno_to_model_number` with only Schema::table(): a column rename, not a table's.
  if (expectation.action === 'rename' && !ops.some((o) => o.kind === 'rename')) return undefined;
  // A helper call or a variable table name may touch the promised table: make no claim.
  if (file.up.unknown.some((u) => u.reason !== 'raw SQL')) return undefined;
  const tables = ops.flatMap(touchedTables);
  if (tables.some((t) => nameAgrees(file.slug, expectation, t.name))) return undefined;
  if (file.up.unknown.some((u) => u.sqlTables?.some((t) => nameAgrees(file.slug, expectation, t)))) return undefined;
  // The literal that is wrong: a near miss of the promised table if any, else the first operation of the promised kind.
  const wrongOp = ops.find((o) => touchedTables(o).some((t) => isNearMiss(expectation.table, t.name))) ?? pickWrongOperation(ops, expectation.action);
  const wrong = touchedTables(wrongOp).find((t) => isNearMiss(expectation.table, t.name)) ?? wrongOp.table;
  const nearMiss = isNearMiss(expectation.table, wrong.name);
  const template = templates[wrongOp.kind][nearMiss ? 1 : 0];
  const finding: RuleFinding = {
    file: file.path, template, args: [expectation.table, wrong.name], range: wrong.range, fixes: fixesFor(file, expectation.table, wrong.name),
    // The code follows Laravel's convention and only the file name is sloppy (`add_x_to_user` for `users`).
    ...(nearMiss && onlyTheNameIsOff(expectation.table, wrong.name) ? { lowered: true } : {}),
  };
  return { finding, nearMiss };
}

// Literal templates (one per verb) so the editor's translation bundle can hold each of them.
const templates: Record<SchemaOperation['kind'], [string, string]> = {
  create: ["The file name says table '{0}', but up() creates '{1}'.", "The file name says table '{0}', but up() creates '{1}': did you mean '{0}'?"],
  table: ["The file name says table '{0}', but up() changes '{1}'.", "The file name says table '{0}', but up() changes '{1}': did you mean '{0}'?"],
  drop: ["The file name says table '{0}', but up() drops '{1}'.", "The file name says table '{0}', but up() drops '{1}': did you mean '{0}'?"],
  dropIfExists: ["The file name says table '{0}', but up() drops '{1}'.", "The file name says table '{0}', but up() drops '{1}': did you mean '{0}'?"],
  rename: ["The file name says table '{0}', but up() renames '{1}'.", "The file name says table '{0}', but up() renames '{1}': did you mean '{0}'?"],
};

/** The code's table is the plural or snake_case form of the file name's (the reverse is a typo in the code). */
function onlyTheNameIsOff(named: string, actual: string): boolean {
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

function fixesFor(file: MigrationFile, expected: string, wrong: string): Fix[] {
  const edits: TextEdit[] = [...file.up.operations, ...file.down.operations]
    .flatMap(touchedTables).filter((t) => t.name === wrong).map((t) => ({ file: file.path, range: t.range, newText: expected }));
  const fixes: Fix[] = [{
    kind: 'setTableLiteral', title: "Change the table to '{0}', as the file name says", args: [expected], isPreferred: true, edits,
  }];
  const at = file.slug.lastIndexOf(expected);
  if (at >= 0) {
    const newName = `${file.timestamp ? `${file.timestamp}_` : ''}${file.slug.slice(0, at)}${wrong}${file.slug.slice(at + expected.length)}`;
    fixes.push({
      kind: 'renameFile',
      title: "Rename the file to '{0}.php' (its recorded migration name changes: where it already ran, it will look pending)",
      args: [newName], isPreferred: false, edits: [], renameTo: path.join(path.dirname(file.path), `${newName}.php`),
    });
  }
  return fixes;
}
