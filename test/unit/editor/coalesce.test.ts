import * as assert from 'node:assert/strict';
import { coalesced } from '../../../src/editor/coalesce';

/** A run that waits until released, counting its starts. */
function gatedWork(): { work: () => Promise<void>; starts: () => number; release: () => void } {
  let starts = 0;
  let open: (() => void)[] = [];
  return {
    work: () => {
      starts++;
      return new Promise<void>((resolve) => open.push(resolve));
    },
    starts: () => starts,
    release: () => {
      const waiting = open;
      open = [];
      for (const resolve of waiting) resolve();
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesced', () => {
  it('runs once for one call', async () => {
    const gate = gatedWork();
    const refresh = coalesced(gate.work);
    const done = refresh();
    await tick();
    gate.release();
    await done;
    assert.equal(gate.starts(), 1);
  });

  it('never overlaps: calls during a run make one more run, shared by all of them, and resolve after it', async () => {
    const gate = gatedWork();
    const refresh = coalesced(gate.work);
    const first = refresh();
    await tick();
    let laterDone = false;
    const later = [refresh(), refresh(), refresh()];
    void Promise.all(later).then(() => (laterDone = true));
    await tick();
    assert.equal(gate.starts(), 1, 'a second run started while the first was going');
    gate.release();
    await tick();
    assert.equal(gate.starts(), 2, 'the calls made during the first run got one more run, not three');
    assert.equal(laterDone, false, 'a call made during the first run resolved before a run started after it');
    gate.release();
    await Promise.all([first, ...later]);
    assert.equal(gate.starts(), 2);
  });

  it('starts afresh after a failed run, and the failure reaches the callers', async () => {
    let fail = true;
    let runs = 0;
    const refresh = coalesced(async () => {
      runs++;
      if (fail) throw new Error('refused');
    });
    await assert.rejects(refresh(), /refused/);
    fail = false;
    await refresh();
    assert.equal(runs, 2);
  });
});
