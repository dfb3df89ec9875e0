import * as assert from 'node:assert/strict';
import { compareEnvironments, type EnvironmentInput } from '../../../src/core/status/compareEnvironments';
import type { MigrationState } from '../../../src/core/status/types';

const users = '2014_10_12_000000_create_users_table';
const notifications = '2025_09_23_011532_create_eklektik_notifications_tracking_table';
const transactions = '2025_09_23_120134_create_eklektik_transactions_tracking_table';
const orders = '2025_10_01_000000_create_orders_table';
const invoices = '2025_10_02_000000_create_invoices_table';

function environment(name: string, states: Record<string, MigrationState>, production = false): EnvironmentInput {
  return { name, production, migrations: Object.entries(states).map(([migration, state]) => ({ name: migration, state })) };
}

describe('compareEnvironments', () => {
  it('names the migration whose state differs, each environment with its state (the incident against a healthy production)', () => {
    const comparison = compareEnvironments([
      environment('pre-production', { [users]: 'ran', [notifications]: 'ran-table-missing', [transactions]: 'pending-table-exists' }),
      environment('production', { [users]: 'ran', [notifications]: 'ran', [transactions]: 'ran' }, true),
    ]);
    assert.equal(comparison.reference, 'production');
    assert.deepEqual(comparison.differences, [
      { migration: notifications, states: [{ environment: 'pre-production', state: 'ran-table-missing' }, { environment: 'production', state: 'ran' }] },
      { migration: transactions, states: [{ environment: 'pre-production', state: 'pending-table-exists' }, { environment: 'production', state: 'ran' }] },
    ]);
    // 120134 is not recorded on pre-production: one migration behind, besides being a problem.
    assert.deepEqual(comparison.lags, [{ environment: 'pre-production', reference: 'production', behind: [transactions], ahead: [] }]);
  });

  it('says how many migrations an environment is behind (and ahead of) production, without calling a lag a problem', () => {
    const comparison = compareEnvironments([
      environment('staging', { [users]: 'ran', [notifications]: 'pending', [transactions]: 'pending', [orders]: 'pending', [invoices]: 'ran' }),
      environment('production', { [users]: 'ran', [notifications]: 'ran', [transactions]: 'ran', [orders]: 'ran', [invoices]: 'pending' }, true),
    ]);
    assert.deepEqual(comparison.differences, []);
    assert.deepEqual(comparison.lags, [{ environment: 'staging', reference: 'production', behind: [notifications, transactions, orders], ahead: [invoices] }]);
  });

  it('takes the environment with the most recorded migrations as the reference when none is production', () => {
    const comparison = compareEnvironments([
      environment('local', { [users]: 'ran', [notifications]: 'pending' }),
      environment('staging', { [users]: 'ran', [notifications]: 'ran' }),
    ]);
    assert.equal(comparison.reference, 'staging');
    assert.deepEqual(comparison.lags, [{ environment: 'local', reference: 'staging', behind: [notifications], ahead: [] }]);
  });

  it('reports nothing between environments in the same state, even a shared problem (each environment shows it)', () => {
    const same = { [users]: 'ran', [notifications]: 'ran-table-missing' } as const;
    const comparison = compareEnvironments([environment('a', same), environment('b', same, true)]);
    assert.deepEqual(comparison.differences, []);
    assert.deepEqual(comparison.lags, []);
  });

  it('marks a migration an environment does not know at all (a row without a file elsewhere) as absent', () => {
    const comparison = compareEnvironments([
      environment('staging', { [users]: 'ran', [orders]: 'orphan-record' }),
      environment('production', { [users]: 'ran' }, true),
    ]);
    assert.deepEqual(comparison.differences, [{ migration: orders, states: [{ environment: 'staging', state: 'orphan-record' }, { environment: 'production', state: undefined }] }]);
    assert.deepEqual(comparison.lags, [{ environment: 'staging', reference: 'production', behind: [], ahead: [orders] }]);
  });

  it('has no reference and nothing to compare with fewer than two environments', () => {
    assert.deepEqual(compareEnvironments([environment('only', { [users]: 'ran-table-missing' })]), { reference: undefined, differences: [], lags: [] });
    assert.deepEqual(compareEnvironments([]), { reference: undefined, differences: [], lags: [] });
  });
});
