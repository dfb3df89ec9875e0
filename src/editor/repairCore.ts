// The repair core, reached only through `import('./repairCore')` so that it is loaded with the
// first repair, not at activation (issue 2: the bundle evaluates static imports at load).
export { markAsRanStep } from '../core/repair/planner';
export { renderPlanSql } from '../core/repair/preview';
export { restoreBackup } from '../core/repair/restore';
export { runRepair } from '../core/repair/run';
export { freshSnapshot, loadRepairInputs, planFor } from '../core/repair/session';
export { loadWorkspaceDrizzleSchema, withWorkspaceTables } from '../core/translate/workspaceSchema';
export { expectedTables } from '../schema';
