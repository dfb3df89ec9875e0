// The CLI's bundles as built (node scripts/build.mjs): what the build changes in the modules it
// bundles still behaves as the modules do.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { testServer } from '../../support/database';
import { repoRoot } from '../../support/laravel';

describe('the built mysql2 bundle', function () {
  this.timeout(60_000);

  it('names a server error (its table of error names is read on first use, not when loaded)', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mysql = require(path.join(repoRoot, 'dist', 'lazy', 'mysql2.js')) as typeof import('mysql2/promise');
    const server = testServer();
    const connection = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password });
    try {
      await assert.rejects(connection.query('SELECT 1 FROM md_no_such_schema.md_no_such_table'),
        (error: { code?: string; errno?: number }) => error.code === 'ER_NO_SUCH_TABLE' && error.errno === 1146);
    } finally {
      await connection.end();
    }
  });
});
