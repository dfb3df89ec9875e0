// The structure engine behind the status engine's port.
import { compareTables } from '../structure/compare';
import { laravelDefaults } from '../structure/defaults';
import type { DrizzleTableDefinition, ExpectedCatalog } from '../structure/expected';
import { expectedFromDrizzle } from '../structure/fromDrizzle';
import { isMariaDb, readTableListing } from '../structure/live';
import type { StructureDifference, TableModel, TableOptions } from '../structure/model';
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

/**
 * A catalog of the given Drizzle tables alone, renamed with the connection's table prefix;
 * models use Laravel's defaults (config/database.php sets them on every CREATE TABLE).
 */
export function catalogOf(definitions: readonly DrizzleTableDefinition[], prefix = '', defaults: TableOptions = laravelDefaults): ExpectedCatalog {
  return {
    tables: new Map(definitions.map((definition) => {
      const table = expectedFromDrizzle(definition, defaults, prefix);
      return [table.name, table];
    })),
    unknown: new Map(),
  };
}
