// The expected structures this extension ships with: the two tracking tables of the
// incident and the application table their foreign key points at.
import type { ExpectedTable } from '../core/structure/expected';
import { laravelDefaults } from '../core/structure/defaults';
import { eklektikNotificationsTracking } from './eklektikNotificationsTracking';
import { eklektikTransactionsTracking } from './eklektikTransactionsTracking';
import { transactionsHistory } from './transactionsHistory';

export * from './tables';

const origin = { kind: 'drizzle', module: 'src/schema' } as const;

/** In creation order: a table comes after the tables its foreign keys reference. */
export const expectedTables: readonly ExpectedTable[] = [
  { name: 'transactions_history', drizzle: transactionsHistory, options: laravelDefaults, owned: false, origin },
  { name: 'eklektik_notifications_tracking', drizzle: eklektikNotificationsTracking, options: laravelDefaults, owned: true, origin },
  { name: 'eklektik_transactions_tracking', drizzle: eklektikTransactionsTracking, options: laravelDefaults, owned: true, origin },
];

export function findExpectedTable(name: string): ExpectedTable | undefined {
  return expectedTables.find((table) => table.name === name);
}
