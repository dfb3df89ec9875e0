// A server that is not what it claims to be, or broken, must not make a connection buffer what it
// sends: a greeting that never ends, a greeting declaring 16 MB then sent a byte at a time, a row
// declared 1 GB long. Each fails at once, classified, with its socket closed. Memory is asserted
// through the bytes the fake server managed to write before the client closed (what the client
// can have buffered), never through timings that a loaded machine would make flaky.
import * as assert from 'node:assert/strict';
import { openDatabase, type ConnectionOptions, type Database } from '../../../src/core/db/database';
import { classifyDriverError, DatabaseError, isConnectionFailure } from '../../../src/core/db/errors';
import { startHostileServer, type HostileServer } from '../../support/hostileServer';

const MB = 1024 * 1024;

function optionsFor(server: HostileServer): ConnectionOptions {
  return {
    name: 'hostile', host: '127.0.0.1', port: server.port, user: 'u', password: 'p', database: 'd',
    migrationsTable: 'migrations', tablePrefix: '', production: false, connectTimeoutMs: 3000,
  };
}

async function refusal(work: Promise<unknown>): Promise<DatabaseError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof DatabaseError, `not a classified failure: ${String(error)}`);
  return error;
}

describe('a hostile or broken server', function () {
  this.timeout(120_000);
  const servers: HostileServer[] = [];
  const started = async (...args: Parameters<typeof startHostileServer>): Promise<HostileServer> => {
    const server = await startHostileServer(...args);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('a greeting that never ends is refused at the header of its first part, not buffered until the connect timeout', async () => {
    const server = await started('endless-greeting');
    const error = await refusal(openDatabase(optionsFor(server)));
    assert.equal(error.code, 'packet-too-large', error.message);
    assert.equal(error.kind, 'unreachable');
    assert.match(error.sentence, /^The server at 127\.0\.0\.1:\d+ began with a packet of 16777215 bytes/);
    assert.ok(isConnectionFailure(classifyDriverError(error)));
    await server.clientsClosed();
    // Refused at once: what the server wrote is what the sockets held, not 16 MB parts one after the other.
    assert.ok(server.bytesWritten < 16 * MB, `the server wrote ${server.bytesWritten} bytes`);
  });

  it('a greeting declaring 16 MB, then sent a byte at a time, is refused from its header, not waited for', async () => {
    const server = await started('dripping-greeting');
    const error = await refusal(openDatabase({ ...optionsFor(server), connectTimeoutMs: 60_000 }));
    assert.equal(error.code, 'packet-too-large', error.message);
    assert.match(error.sentence, /began with a packet of 16777214 bytes/);
    await server.clientsClosed();
  });

  it('a server that accepts and says nothing: a timeout, its socket closed', async () => {
    const server = await started('silent');
    const error = await refusal(openDatabase({ ...optionsFor(server), connectTimeoutMs: 500 }));
    assert.equal(error.kind, 'timeout', error.message);
    await server.clientsClosed();
  });

  it('a row declared 1 GB long in answer to a query is refused, the connection closed, the error said as such', async () => {
    const server = await started('huge-row');
    const db = await openDatabase(optionsFor(server));
    try {
      const error = await refusal(db.query('SELECT VERSION()'));
      assert.equal(error.code, 'packet-too-large', error.message);
      assert.equal(error.kind, 'other');
      assert.match(error.sentence, /answered with a packet of \d+ bytes, over the 16777216 bytes accepted/);
      assert.ok(isConnectionFailure(classifyDriverError(error)), 'nothing more can be asked on it');
      // The next query on it says the same, not a closed connection.
      assert.equal((await refusal(db.query('SELECT 1'))).code, 'packet-too-large');
    } finally {
      await db.close();
    }
    await server.clientsClosed();
    // At most the limit and one part beyond it (16 MB less one byte each), and what the sockets held.
    assert.ok(server.bytesWritten < 48 * MB, `the server wrote ${server.bytesWritten} bytes`);
  });

  it('a row of 40 MB streams whole to a backup (rowBatches), and is refused to a query of the product', async () => {
    const rowBytes = 40 * MB;
    const server = await started('huge-row', { rowBytes, stopAfterBytes: 4 * rowBytes });
    let db: Database | undefined = await openDatabase(optionsFor(server));
    try {
      let rows = 0;
      let longest = 0;
      for await (const batch of db.rowBatches!('SELECT value FROM big')) {
        for (let i = 0; i < batch.ends.length; i++) {
          rows++;
          longest = Math.max(longest, batch.ends[i]! - batch.starts[i]!);
        }
      }
      assert.equal(rows, 1);
      assert.equal(longest, rowBytes + 9, 'the row, its 9-byte length first');
      const error = await refusal(db.query('SELECT value FROM big'));
      assert.equal(error.code, 'packet-too-large', error.message);
    } finally {
      await db.close();
      db = undefined;
    }
    await server.clientsClosed();
  });
});
