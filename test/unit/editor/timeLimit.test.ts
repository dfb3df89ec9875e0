import * as assert from 'node:assert/strict';
import { TimeLimitExceeded, withinTimeLimit } from '../../../src/editor/timeLimit';

describe('the time limit on what the editor asks a server', () => {
  it('a server that never answers: TimeLimitExceeded with its seconds, and the late failure is not unhandled', async () => {
    let fail: (error: Error) => void = () => undefined;
    const never = new Promise<never>((_, reject) => { fail = reject; });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await assert.rejects(withinTimeLimit(never, 0.05), (error: unknown) => error instanceof TimeLimitExceeded && error.seconds === 0.05);
      // The connection destroyed after the time-out makes the query fail: nobody is left to hear it.
      fail(new Error('connection destroyed'));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('an answer in time, or a failure in time, passes through', async () => {
    assert.equal(await withinTimeLimit(Promise.resolve(7), 60), 7);
    await assert.rejects(withinTimeLimit(Promise.reject(new Error('refused')), 60), /refused/);
  });
});
