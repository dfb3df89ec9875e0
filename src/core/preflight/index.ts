export { preflight, type PreflightInput } from './simulate';
export type { Evidence, MigrationPrediction, PredictedError, Prediction, PreflightResult } from './types';
export { pendingFiles, preflightDatabase, preflightPending } from './run';
