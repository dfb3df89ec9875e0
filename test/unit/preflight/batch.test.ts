// The next batch past the migrations table's `batch` column: refused on a strict connection
// (1264, proven against the real migrate in test/integration/preflight/scenarios.test.ts), stored
// as the column's largest value on a non-strict one, not known when strictness is not.
import * as assert from 'node:assert/strict';
import type { Database } from '../../../src/core/db/database';
import { nextBatchOverflow, withBatchOverflow } from '../../../src/core/preflight/batch';
import type { MigrationPrediction } from '../../../src/core/preflight/types';

/** A database whose migrations table's batch column has this type; counts the queries. */
function databaseWith(dataType: string, columnType: string): Database & { queries: number } {
  const db = {
    queries: 0,
    async query<Row>(): Promise<Row[]> {
      db.queries += 1;
      return [{ dataType, columnType }] as Row[];
    },
  };
  return db as unknown as Database & { queries: number };
}

const passes = (name: string): MigrationPrediction => ({ name, prediction: 'passes', evidence: {} });

describe('preflight: the next batch of the migrations table', () => {
  it('is refused past a signed int on a strict connection', async () => {
    const overflow = await nextBatchOverflow(databaseWith('int', 'int(11)'), 'migrations', 2147483647, true);
    assert.ok(overflow && 'refused' in overflow);
    const [first, second] = withBatchOverflow([passes('a'), passes('b')], overflow, 'migrations');
    assert.deepEqual([first.prediction, first.error?.code, first.statement], ['fails', 1264, 'insert into `migrations` (`migration`, `batch`) values (a, 2147483648)']);
    assert.equal(second.prediction, 'not-reached');
  });

  it('keeps a failure the first migration meets before its row is written', async () => {
    const overflow = await nextBatchOverflow(databaseWith('int', 'int(11)'), 'migrations', 2147483647, true);
    const failing: MigrationPrediction = { name: 'a', prediction: 'fails', error: { code: 1060, message: 'Duplicate column' }, evidence: {} };
    assert.deepEqual(withBatchOverflow([failing, passes('b')], overflow!, 'migrations').map((m) => [m.prediction, m.error?.code]), [['fails', 1060], ['not-reached', undefined]]);
  });

  it('is no problem below the maximum, with a wider or unsigned column, or on a connection that is not strict', async () => {
    const small = databaseWith('int', 'int(11)');
    assert.equal(await nextBatchOverflow(small, 'migrations', 3, true), undefined);
    assert.equal(small.queries, 0, 'a small batch needs no read of the column');
    assert.equal(await nextBatchOverflow(databaseWith('int', 'int(11)'), 'migrations', 2147483646, true), undefined);
    assert.equal(await nextBatchOverflow(databaseWith('bigint', 'bigint(20)'), 'migrations', 2147483647, true), undefined);
    assert.equal(await nextBatchOverflow(databaseWith('int', 'int(10) unsigned'), 'migrations', 2147483647, true), undefined);
    assert.equal(await nextBatchOverflow(databaseWith('int', 'int(11)'), 'migrations', 2147483647, false), undefined);
  });

  it('leaves what would pass unchecked when strictness is not known', async () => {
    const overflow = await nextBatchOverflow(databaseWith('int', 'int(11)'), 'migrations', 2147483647, { unknown: 'custom modes' });
    assert.ok(overflow && 'unknown' in overflow);
    const predicted = withBatchOverflow([passes('a'), passes('b')], overflow, 'migrations');
    assert.deepEqual(predicted.map((m) => m.prediction), ['unchecked', 'unchecked']);
    assert.match(predicted[0].evidence.reason ?? '', /2147483648.*custom modes/);
  });
});
