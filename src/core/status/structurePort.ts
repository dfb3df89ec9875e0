// The structure engine behind the status engine's port.
import { compareTables } from '../structure/compare';
import { isMariaDb, readTableListing } from '../structure/live';
import type { StructureDifference, TableModel } from '../structure/model';
import type { StructurePort } from './engine';

export function structurePort(): StructurePort {
  return {
    readTables: (db, names) => readTableListing(db, names),
    compare: comparedOnce,
    serverKind: async (db) => ((await isMariaDb(db)) ? 'mariadb' : 'mysql'),
  };
}

/**
 * The differences of the pair last compared for each expected model (models are never changed):
 * after a save the editor compares every table again, most of them the same two objects.
 */
const lastCompared = new WeakMap<TableModel, { readonly live: TableModel; readonly differences: readonly StructureDifference[] }>();

function comparedOnce(expected: TableModel, live: TableModel): readonly StructureDifference[] {
  const last = lastCompared.get(expected);
  if (last?.live === live) return last.differences;
  const differences = compareTables(expected, live);
  lastCompared.set(expected, { live, differences });
  return differences;
}
