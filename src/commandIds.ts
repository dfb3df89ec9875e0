// Every command id in one table (declared in package.json's contributes.commands).
export const CommandId = {
  showStatus: 'migrationDoctor.showStatus',
  refresh: 'migrationDoctor.refresh',
  toggleGroupByBatch: 'migrationDoctor.toggleGroupByBatch',
  toggleAllConnections: 'migrationDoctor.toggleAllConnections',
  configureConnection: 'migrationDoctor.configureConnection',
  selectConnection: 'migrationDoctor.selectConnection',
  testConnection: 'migrationDoctor.testConnection',
  setPassword: 'migrationDoctor.setPassword',
  setSshPassphrase: 'migrationDoctor.setSshPassphrase',
  repair: 'migrationDoctor.repair',
  repairMigration: 'migrationDoctor.repairMigration',
  showRepairSql: 'migrationDoctor.showRepairSql',
  applyRepairPlan: 'migrationDoctor.applyRepairPlan',
  rehearseRepairPlan: 'migrationDoctor.rehearseRepairPlan',
  markAsRan: 'migrationDoctor.markAsRan',
  openMigration: 'migrationDoctor.openMigration',
  copyMigrationName: 'migrationDoctor.copyMigrationName',
  restoreBackup: 'migrationDoctor.restoreBackup',
  generateSchema: 'migrationDoctor.generateSchema',
  showLog: 'migrationDoctor.showLog',
  revealProblems: 'migrationDoctor.revealProblems',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Context keys set with `setContext`, used in package.json `when` clauses. */
export const ContextKey = {
  connected: 'migrationDoctor.connected',
  groupByBatch: 'migrationDoctor.groupByBatch',
  showAllConnections: 'migrationDoctor.showAllConnections',
  /** A repair plan awaits review and its preview is the active editor: its title bar offers Apply…. */
  planAwaitsReview: 'migrationDoctor.planAwaitsReview',
} as const;

export const ViewId = {
  migrations: 'migrationDoctor.migrations',
} as const;

export const diagnosticSource = 'migration-doctor';
