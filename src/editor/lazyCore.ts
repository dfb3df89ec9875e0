// Everything of the core the editor needs only after activation: the parser and the rules, the
// status inputs, the translator, the Drizzle tables, repair, the database layer. Reached only
// through lazyCore() (./lazy.ts); scripts/build.mjs bundles it apart (dist/lazy/core.js), so
// activation neither parses nor evaluates it (activation must stay well under 50 ms).
export { isMigrationFileName, listMigrationPaths, loadMigrations, loadSchemaDumpTables, readMigrationSource, readMigrations } from '../core/analysis/load';
export { MigrationProject } from '../core/analysis/project';
export { defaultConnectTimeoutMs, describeConnection, openDatabase, publicConnection } from '../core/db/database';
export { DatabaseError, classifyDatabaseError } from '../core/db/errors';
export { UnknownHostKeyError, openSshTunnel, tunnelledDatabaseError } from '../core/db/ssh';
export { backupPreview } from '../core/repair/backup';
export { markAsRanStep } from '../core/repair/planner';
export { renderPlanSql } from '../core/repair/preview';
export { rehearseRepair } from '../core/repair/rehearse';
export { restoreBackup } from '../core/repair/restore';
export { runRepair } from '../core/repair/run';
export { freshSnapshot, loadRepairInputs, planFor } from '../core/repair/session';
export { laravelTargetOf, preflightStrict, readConnectionStrict, readDbConnection, readModelsNamed, readProjectConnection, readLaravelFacts, readProjectFacts, withModelsOf, withUnknownFolders } from '../core/project';
export { compareEnvironments } from '../core/status/compareEnvironments';
export { preflightPending } from '../core/preflight/run';
export { snapshotWithFiles, takeSnapshot } from '../core/status/engine';
export { loadStatusInput, translationMemory } from '../core/status/inputs';
export { pendingFiles } from '../core/status/types';
export { takeTenantsSnapshot, tenantHasProblem } from '../core/tenants/status';
export { quoteIdentifier } from '../core/structure/normalise';
export { catalogForGeneration, generateDrizzleSchemaFiles, generatedHeader, writeDrizzleSchemaFolder } from '../core/translate/schemaFolder';
export { loadProjectDrizzleSchema } from '../core/translate/drizzleConfig';
export { withWorkspaceTables } from '../core/translate/workspaceSchema';
export { builtInTables } from '../schema';
