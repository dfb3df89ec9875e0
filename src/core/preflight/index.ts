export { preflight, type PreflightInput } from './simulate';
export type { DatabasePreflight, Evidence, FindingSeverity, MigrationPrediction, MigrationsTableFinding, PredictedError, Prediction, PreflightResult } from './types';
export { preflightDatabase, preflightPending } from './run';
