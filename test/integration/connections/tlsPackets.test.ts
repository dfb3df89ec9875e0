// Under TLS the socket carries encrypted bytes: the packets are watched in what mysql2's parser is
// given once connected. A real MariaDB with TLS (a server of the test's own, with a certificate
// made for it): the connection works, an answer over the limit is refused, a backup's large row is not.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDatabase, type Database } from '../../../src/core/db/database';
import { DatabaseError } from '../../../src/core/db/errors';
import { startPrivateMariadb, type PrivateMariadb } from '../../support/privateMariadb';

describe('packet limits over TLS (a MariaDB of its own)', function () {
  this.timeout(300_000);
  let server: PrivateMariadb;
  let dir: string;
  const open = (): Promise<Database> => openDatabase({ ...server.options('mysql'), tls: { ca: path.join(dir, 'cert.pem') } });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
      '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    server = await startPrivateMariadb([`--ssl-cert=${path.join(dir, 'cert.pem')}`, `--ssl-key=${path.join(dir, 'key.pem')}`, '--max-allowed-packet=64M']);
  });

  after(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads as usual, refuses an answer of 20 MB, and streams a row of 20 MB to a backup', async () => {
    const db = await open();
    try {
      const [cipher] = await db.query<{ Value: string }>("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
      assert.ok(cipher && cipher.Value.length > 0, 'the connection is encrypted');
      await db.execute('CREATE DATABASE big');
      await db.execute('CREATE TABLE big.files (body longblob)');
      await db.execute("INSERT INTO big.files VALUES (REPEAT('a', 20000000))");
      let longest = 0;
      for await (const batch of db.rowBatches!('SELECT body FROM big.files')) {
        for (let i = 0; i < batch.ends.length; i++) longest = Math.max(longest, batch.ends[i]! - batch.starts[i]!);
      }
      assert.equal(longest, 20_000_009, 'the row whole, its 9-byte length first');
      const error = await db.query('SELECT body FROM big.files').then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof DatabaseError, String(error));
      assert.equal(error.code, 'packet-too-large');
    } finally {
      await db.close();
    }
  });
});
