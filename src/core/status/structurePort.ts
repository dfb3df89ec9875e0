// The structure engine (issue 4) behind the status engine's port.
import { compareTables } from '../structure/compare';
import { laravelDefaults } from '../structure/defaults';
import type { ExpectedCatalog, ExpectedTable } from '../structure/expected';
import { drizzleTableToModel } from '../structure/fromDrizzle';
import { readLiveTables } from '../structure/live';
import type { TableModel, TableOptions } from '../structure/model';
import type { StructurePort } from './engine';

/** Expected models use Laravel's defaults (config/database.php sets them on every CREATE TABLE). */
export function structurePort(defaults: TableOptions = laravelDefaults): StructurePort {
  const models = new WeakMap<ExpectedTable, TableModel>();
  return {
    readLiveTables: (db, names) => readLiveTables(db, names),
    expectedModel(table) {
      let model = models.get(table);
      if (!model) models.set(table, (model = drizzleTableToModel(table, defaults)));
      return model;
    },
    compare: (expected, live) => compareTables(expected, live),
  };
}

/** A catalog of the given expected tables, renamed with the connection's table prefix. */
export function catalogOf(tables: readonly ExpectedTable[], prefix = ''): ExpectedCatalog {
  return {
    tables: new Map(tables.map((table) => [prefix + table.name, prefix ? { ...table, name: prefix + table.name } : table])),
    unknown: new Map(),
  };
}
