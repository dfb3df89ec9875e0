// A host name from a .env, a setting or a user holding a control character: the system's resolver
// reads it only up to a NUL, so `127.0.0.1\0evil` reached 127.0.0.1 while every message named the
// whole value. It is refused before any connection, for the database and for an SSH tunnel.
import * as assert from 'node:assert/strict';
import { openDatabase } from '../../../src/core/db/database';
import { DatabaseError } from '../../../src/core/db/errors';
import { openSshTunnel } from '../../../src/core/db/ssh';
import { projectConnection } from '../../../src/core/project/connection';
import { testServer } from '../../support/database';

describe('a host name holding a control character', function () {
  this.timeout(60_000);

  for (const host of ['127.0.0.1\0evil.example', '127.0.0.1\nevil.example']) {
    it(`is refused before connecting: ${JSON.stringify(host)}`, async () => {
      const server = testServer();
      const env = `DB_CONNECTION=mysql\nDB_HOST="${host.replace('\n', '\\n')}"\nDB_PORT=${server.port}\nDB_DATABASE=mysql\nDB_USERNAME=${server.user}\nDB_PASSWORD=${server.password}\n`;
      const read = projectConnection({ missing: true }, env);
      assert.ok(read.ok);
      assert.equal(read.value.host, host, 'the .env reader keeps the value as written');
      const error = await openDatabase(read.value).then(async (db) => { await db.close(); return undefined; }, (e: unknown) => e);
      assert.ok(error instanceof DatabaseError, `connected to ${JSON.stringify(host)}`);
      assert.equal(error.kind, 'configuration');
      assert.match(error.sentence, /^The host name "127\.0\.0\.1\\(u0000|n)evil\.example" holds a control character/);
    });
  }

  it('is refused for an SSH tunnel, the SSH host or the database behind it', async () => {
    for (const [ssh, target] of [['bastion\0.example', 'db.internal'], ['bastion.example', 'db\0.internal']] as const) {
      const error = await openSshTunnel({ host: ssh, knownHostsPath: '/nonexistent' }, { host: target, port: 3306 }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof DatabaseError);
      assert.equal(error.kind, 'configuration', String(error.message));
    }
  });
});
