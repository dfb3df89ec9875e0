// A status run's reads over two connections (withDatabase's readers): queries sent together are
// answered by different connections, each connection is closed, and a second connection the
// server refuses leaves the run to the first.
import * as assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { withDatabase } from '../../../src/cli/lifecycle';
import { openDatabase, type Database } from '../../../src/core/db/database';
import { createTestDatabase, type TestDatabase, testServer } from '../../support/database';

describe('status reads spread over two connections', function () {
  this.timeout(120_000);
  let test: TestDatabase;
  let admin: Database;

  before(async () => {
    test = await createTestDatabase('md_spread_reads');
    admin = await test.open();
  });
  after(async () => {
    await admin?.close();
    await test?.drop();
  });

  const connectionIds = (db: Database) => Promise.all([1, 2, 3, 4].map(() => db.query<{ id: number }>('SELECT CONNECTION_ID() AS id').then((rows) => Number(rows[0]!.id))));
  const open = async (ids: readonly number[]) => {
    const rows = await admin.query<{ id: number }>('SELECT ID AS id FROM information_schema.PROCESSLIST');
    return ids.filter((id) => rows.some((row) => Number(row.id) === id));
  };

  it('sends queries sent together to both connections, and closes both', async () => {
    const ids = await withDatabase(test.options, async () => undefined, async (db) => {
      // The second connection may still be in its handshake when `use` starts: its queries then go to the first.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return connectionIds(db);
    }, 2);
    assert.equal(new Set(ids).size, 2, `connections answering: ${ids.join(', ')}`);
    // close() ends each connection (QUIT): the server forgets them shortly after.
    for (let i = 0; i < 50 && (await open(ids)).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(await open(ids), []);
  });

  it('runs on one connection when the server refuses a second (max_user_connections 1)', async () => {
    const user = `md_spread_${process.pid}`;
    await admin.execute(`CREATE USER '${user}'@'%' WITH MAX_USER_CONNECTIONS 1`);
    try {
      await admin.execute(`GRANT SELECT ON \`${test.name}\`.* TO '${user}'@'%'`);
      const options = { ...test.options, user, password: '' };
      const ids = await withDatabase(options, async () => undefined, async (db) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return connectionIds(db);
      }, 2);
      assert.equal(new Set(ids).size, 1);
      // The one connection was closed too: the user can connect again.
      for (let i = 0; i < 50 && (await open(ids)).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      const again = await openDatabase(options);
      await again.close();
    } finally {
      await admin.execute(`DROP USER '${user}'@'%'`);
    }
  });

  it('tries the second connection only once the first is in: a server that hangs up is asked once, not twice', async () => {
    // A wrong password or a refused host must cost one failed login: servers count them (FAILED_LOGIN_ATTEMPTS, max_connect_errors).
    let accepted = 0;
    const server = createServer((socket) => { accepted++; socket.destroy(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      await assert.rejects(withDatabase({ ...test.options, host: '127.0.0.1', port }, async () => undefined, async () => 'used', 2));
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(accepted, 1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is one connection when one is asked for', async () => {
    const ids = await withDatabase({ ...test.options, host: testServer().host }, async () => undefined, async (db) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return connectionIds(db);
    });
    assert.equal(new Set(ids).size, 1);
  });
});
