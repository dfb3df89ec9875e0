// A command opens its connection and reads the migrations; the reading can keep the thread for
// seconds without a turn of the event loop (10,000 files parsed cold on a busy machine). The
// connection must not be lost to its handshake's time limit meanwhile.
import * as assert from 'node:assert/strict';
import { withDatabase } from '../../../src/cli/lifecycle';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** Keeps the thread, as a synchronous parse does. */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* the thread is kept */ }
}

describe('a long synchronous prepare beside the connection', function () {
  this.timeout(120_000);
  let test: TestDatabase;

  before(async () => {
    test = await createTestDatabase('md_long_prepare');
  });
  after(async () => {
    await test?.drop();
  });

  for (const readers of [1, 2]) {
    it(`keeps the connection${readers > 1 ? 's' : ''} when prepare outlasts the connect timeout (${readers} reader${readers > 1 ? 's' : ''})`, async () => {
      const options = { ...test.options, connectTimeoutMs: 400 };
      const answers = await withDatabase(options, async () => busy(1500), (db) => Promise.all([1, 2, 3].map(() => db.query<{ one: number }>('SELECT 1 AS one'))), readers);
      assert.deepEqual(answers.map((rows) => Number(rows[0]!.one)), [1, 1, 1]);
    });
  }
});
