// The CLI's bundles as built (node scripts/build.mjs): what the build changes in the modules it
// bundles still behaves as the modules do.
import * as assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { testServer } from '../../support/database';
import { repoRoot } from '../../support/laravel';

describe('the built bundles', () => {
  it('are ASCII: V8 keeps them one byte per character, and the code cache decodes them without UTF-8', () => {
    for (const folder of ['dist', path.join('dist', 'lazy')]) {
      for (const name of readdirSync(path.join(repoRoot, folder)).filter((f) => f.endsWith('.js'))) {
        assert.ok(isAscii(readFileSync(path.join(repoRoot, folder, name))), `${folder}/${name} is not ASCII`);
      }
    }
  });
});

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

  it("connects without loading Node's tls, iconv-lite's tables nor long; decodes Shift_JIS, latin1 and latin2 values and 64-bit integers (each then loaded)", async () => {
    // A process of its own: what a run loads is seen from a clean start.
    const script = `
      // long, the 64-bit integers' module, compiles a WebAssembly module when it is loaded.
      let wasm = 0;
      WebAssembly.Module = new Proxy(WebAssembly.Module, { construct: (target, args) => { wasm++; return new target(...args); } });
      const mysql = require(process.argv[1]);
      const loaded = () => ({ tls: process.moduleLoadList.includes('NativeModule tls'), tables: Object.keys(require.cache).some((f) => f.endsWith('iconv-encodings.js')), long: wasm > 0 });
      (async () => {
        const c = await mysql.createConnection({ host: process.argv[2], port: Number(process.argv[3]), user: process.argv[4], password: process.env.MD_PASSWORD, supportBigNumbers: true, bigNumberStrings: true });
        const connected = loaded();
        await c.query('SELECT 1');
        const queried = loaded();
        // Each value in its column's own charset (not converted to the connection's utf8mb4): mysql2 decodes it.
        await c.query('SET character_set_results = NULL');
        const [rows] = await c.query("SELECT CONVERT(_utf8mb4'日本語のテキスト' USING sjis) AS sjis, CONVERT(_utf8mb4'café' USING latin1) AS latin1, CONVERT(_utf8mb4'żółw' USING latin2) AS latin2");
        const decoded = loaded();
        // The binary protocol's 64-bit integers beyond 2^53 go through long.
        const [big] = await c.execute('SELECT CAST(18446744073709551615 AS UNSIGNED) AS u, CAST(-9223372036854775807 AS SIGNED) AS s, CAST(9007199254740993 AS SIGNED) AS b');
        await c.end();
        console.log(JSON.stringify({ connected, queried, rows, decoded, big, after: loaded() }));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const server = testServer();
    const { stdout } = await promisify(execFile)(process.execPath,
      ['-e', script, path.join(repoRoot, 'dist', 'lazy', 'mysql2.js'), server.host, String(server.port), server.user],
      { env: { ...process.env, MD_PASSWORD: server.password } });
    const seen = JSON.parse(stdout) as { connected: object; queried: object; rows: object[]; decoded: { tables: boolean }; big: object[]; after: { long: boolean } };
    assert.deepEqual(seen.connected, { tls: false, tables: false, long: false });
    assert.deepEqual(seen.queried, { tls: false, tables: false, long: false });
    assert.deepEqual(seen.rows, [{ sjis: '日本語のテキスト', latin1: 'café', latin2: 'żółw' }]);
    assert.equal(seen.decoded.tables, true, "latin2 is one of iconv-lite's tables: read from its own bundle");
    assert.deepEqual(seen.big, [{ u: '18446744073709551615', s: '-9223372036854775807', b: '9007199254740993' }]);
    assert.equal(seen.after.long, true);
  });
});
