// A migration file renamed after it ran: status translates it as run, repair renames its row.
// One pairing for both, so that what status expects is what repair explains. Never imports 'vscode'.
import { migrationTimestamp } from '../analysis/naming';

/**
 * The files renamed after they ran, by the row each ran as. A rename keeps the timestamp (Laravel
 * sorts by it; the name-table-mismatch quick fix keeps it), so a row without a file and an
 * unrecorded file are one migration when each is the only one of its timestamp on its side. Two
 * rows or two files of one timestamp cannot be told apart: no pair is claimed for it.
 */
export function renamedFiles(rowsWithoutFile: Iterable<string>, unrecordedFiles: Iterable<string>): Map<string, string> {
  const pairs = new Map<string, string>();
  const rowOf = onlyOfTimestamp(rowsWithoutFile);
  if (rowOf.size === 0) return pairs;
  const fileOf = onlyOfTimestamp(unrecordedFiles, rowOf);
  for (const [stamp, file] of fileOf) {
    const row = rowOf.get(stamp);
    if (row && file) pairs.set(row, file);
  }
  return pairs;
}

/** Each timestamp's only name (null when it has several), of those `among` has; a name given twice is one. */
function onlyOfTimestamp(names: Iterable<string>, among?: ReadonlyMap<string, string | null>): Map<string, string | null> {
  const only = new Map<string, string | null>();
  for (const name of names) {
    const stamp = migrationTimestamp(name);
    if (stamp === undefined || (among && !among.get(stamp))) continue;
    const seen = only.get(stamp);
    only.set(stamp, seen === undefined || seen === name ? name : null);
  }
  return only;
}
