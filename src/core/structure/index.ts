// The structure engine's public API: expected models (from Drizzle tables or translated
// migrations), DDL rendered from the model, live models from information_schema,
// comparison and reconciliation.
export * from './model';
export * from './expected';
export { laravelDefaults, resolveTableOptions, charsetOfCollation } from './defaults';
export { drizzleTableToModel, expectedFromDrizzle } from './fromDrizzle';
export { createTableStatements, columnDefinitionSql, dropTableStatement, UnrenderableStructure } from './ddl';
export { readLiveTables, buildLiveTables, connectionDefaults, isMariaDb, type InformationSchemaRows } from './live';
export { compareTables, describeColumn, describeIndex, describeForeignKey, isWidening } from './compare';
export { reconcileStatements, type ReconcileStatement } from './reconcile';
export { normaliseType, normaliseExpression, normaliseLiveDefault, normaliseDeclaredDefault, normaliseAction, quoteIdentifier, quoteLiteral, identifierProblem } from './normalise';
