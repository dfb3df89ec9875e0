// The Drizzle tables this extension ships with: the two tracking tables of the incident and
// the application table their foreign key points at. They apply only to a project whose
// migrations create one of the tracking tables; another project's own `transactions_history`
// is its own. The adapters pass them to the core. Each table is built from ./tables when first
// read: a project that creates neither tracking table (nearly every one) never evaluates
// drizzle-orm (~90 modules) for them, which a status run's start-up would otherwise pay.
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import type { DrizzleTableDefinition } from '../core/structure/expected';
import { laravelDefaults } from '../core/structure/defaults';

type Tables = typeof import('./tables');

function shipped(owned: boolean, table: (tables: Tables) => MySqlTable): DrizzleTableDefinition {
  return {
    get drizzle() {
      return table(require('./tables') as Tables);
    },
    owned,
    module: 'src/schema',
    options: laravelDefaults,
    appliesWhenCreating: ['eklektik_notifications_tracking', 'eklektik_transactions_tracking'],
  };
}

/** By the name ./tables gives each (a test checks that they agree), in creation order: a table comes after the tables its foreign keys reference. */
const byName = new Map([
  ['transactions_history', shipped(false, (t) => t.transactionsHistory)],
  ['eklektik_notifications_tracking', shipped(true, (t) => t.eklektikNotificationsTracking)],
  ['eklektik_transactions_tracking', shipped(true, (t) => t.eklektikTransactionsTracking)],
]);

export const builtInTables: readonly DrizzleTableDefinition[] = [...byName.values()];

export function findBuiltInTable(name: string): DrizzleTableDefinition | undefined {
  return byName.get(name);
}
