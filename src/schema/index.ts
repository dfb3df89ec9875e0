// The Drizzle tables this extension ships with: the two tracking tables of the incident and
// the application table their foreign key points at. They apply only to a project whose
// migrations create one of the tracking tables; another project's own `transactions_history`
// is its own. The adapters pass them to the core.
import type { DrizzleTableDefinition } from '../core/structure/expected';
import { getTableConfig } from 'drizzle-orm/mysql-core';
import { laravelDefaults } from '../core/structure/defaults';
import { eklektikNotificationsTracking } from './eklektikNotificationsTracking';
import { eklektikTransactionsTracking } from './eklektikTransactionsTracking';
import { transactionsHistory } from './transactionsHistory';

export * from './tables';

const shipped = {
  module: 'src/schema',
  options: laravelDefaults,
  appliesWhenCreating: ['eklektik_notifications_tracking', 'eklektik_transactions_tracking'],
} as const;

/** In creation order: a table comes after the tables its foreign keys reference. */
export const builtInTables: readonly DrizzleTableDefinition[] = [
  { drizzle: transactionsHistory, owned: false, ...shipped },
  { drizzle: eklektikNotificationsTracking, owned: true, ...shipped },
  { drizzle: eklektikTransactionsTracking, owned: true, ...shipped },
];

export function findBuiltInTable(name: string): DrizzleTableDefinition | undefined {
  return builtInTables.find((table) => getTableConfig(table.drizzle).name === name);
}
