export { preflight, type PreflightInput } from './simulate';
export type { Evidence, MigrationPrediction, PredictedError, Prediction, PreflightResult } from './types';
export { preflightDatabase } from './run';
