// The framing the guard follows is MySQL's: a 3-byte length, a sequence number, the payload; a
// payload of 16 MB less one byte goes on in the next packet. Chunks split it anywhere.
import * as assert from 'node:assert/strict';
import { PacketSizeGuard } from '../../../src/core/db/packetGuard';

const partMax = 0xffffff;

function header(length: number, sequence = 0): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUIntLE(length, 0, 3);
  bytes[3] = sequence;
  return bytes;
}

/** Feeds `bytes` to `guard` in chunks of `size`: the first oversize reported, if any. */
function fed(guard: PacketSizeGuard, bytes: Buffer, size: number): number | undefined {
  for (let i = 0; i < bytes.length; i += size) {
    const over = guard.feed(bytes.subarray(i, i + size));
    if (over !== undefined) return over;
  }
  return undefined;
}

describe('PacketSizeGuard', () => {
  it('lets packets up to the limit through, whatever the chunks', () => {
    const stream = Buffer.concat([header(100), Buffer.alloc(100), header(0, 1), header(3, 2), Buffer.alloc(3), header(100, 3), Buffer.alloc(100)]);
    for (const size of [1, 2, 3, 5, 7, stream.length]) {
      const guard = new PacketSizeGuard(100);
      assert.equal(fed(guard, stream, size), undefined, `chunks of ${size}`);
      assert.ok(guard.betweenPackets);
    }
  });

  it('tells a packet over the limit from its header, before its payload', () => {
    for (const size of [1, 2, 4, 64]) {
      const guard = new PacketSizeGuard(100);
      assert.equal(fed(guard, Buffer.concat([header(10), Buffer.alloc(10), header(101, 1)]), size), 101, `chunks of ${size}`);
    }
  });

  it('adds up the parts of a packet longer than 16 MB, and starts again after its last part', () => {
    const part = Buffer.concat([header(partMax), Buffer.alloc(partMax)]);
    const guard = new PacketSizeGuard(2 * partMax + 10);
    assert.equal(guard.feed(part), undefined);
    assert.equal(guard.betweenPackets, false, 'a part of 16 MB is followed by another');
    assert.equal(guard.feed(part), undefined);
    assert.equal(guard.feed(Buffer.concat([header(10), Buffer.alloc(10)])), undefined);
    assert.ok(guard.betweenPackets);
    // The next packet counts from nothing again.
    assert.equal(guard.feed(part), undefined);
    assert.equal(guard.feed(part), undefined);
    assert.equal(guard.feed(header(11)), 2 * partMax + 11);
  });

  it('ends a packet of exactly 16 MB at the empty part after it', () => {
    const guard = new PacketSizeGuard(partMax);
    assert.equal(guard.feed(Buffer.concat([header(partMax), Buffer.alloc(partMax), header(0, 1)])), undefined);
    assert.ok(guard.betweenPackets);
    assert.equal(guard.feed(Buffer.concat([header(partMax, 2), Buffer.alloc(partMax), header(1, 3)])), partMax + 1);
  });
});
