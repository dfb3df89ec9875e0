// The structure engine's public API (issue 4): expected models from Drizzle, DDL through
// drizzle-kit, live models from information_schema, comparison and reconciliation.
export * from './model';
export * from './expected';
export { laravelDefaults, resolveTableOptions, charsetOfCollation } from './defaults';
export { drizzleTableToModel } from './fromDrizzle';
export { createTableStatements, drizzleKitCreateStatements, dropTableStatement, loadDrizzleKit } from './ddl';
export { readLiveTables, buildLiveTables, connectionDefaults, isMariaDb, type InformationSchemaRows } from './live';
export { compareTables, describeColumn, describeIndex, describeForeignKey, isWidening } from './compare';
export { reconcileStatements, columnDefinitionSql, type ReconcileStatement } from './reconcile';
export { normaliseType, normaliseExpression, normaliseLiveDefault, normaliseDeclaredDefault, normaliseAction, quoteIdentifier } from './normalise';
