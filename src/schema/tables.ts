// Only the Drizzle tables: what drizzle.config.ts points drizzle-kit at.
export * from './transactionsHistory';
export * from './eklektikNotificationsTracking';
export * from './eklektikTransactionsTracking';
