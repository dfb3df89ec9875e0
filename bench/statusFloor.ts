// node out/bench/statusFloor.js <queries.json> <cache folder>   (run by status.bench.ts, not by hand)
// The floor of a Node status command: Node, the CLI's mysql2 bundle run through the same V8 code
// cache as the CLI's (src/cli/codeCache.ts), one connection with the options openDatabase gives
// mysql2 (without its checked socket and query formatter), the queries a status snapshot sends
// (recorded by the bench, sent at once as the snapshot sends them), one printed line. Whatever status does beyond this is its own cost; this much no change to status
// can remove while it reads the server through mysql2.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBundle } from '../src/cli/codeCache';

interface Recorded { readonly sql: string; readonly params: readonly unknown[] }

const [queriesFile, cacheFolder] = process.argv.slice(2);
const { connection, queries } = JSON.parse(readFileSync(queriesFile!, 'utf8')) as {
  connection: { host: string; port: number; user: string; database: string }; queries: Recorded[];
};
const bundle = loadBundle(resolve(__dirname, '../../dist/lazy/mysql2.js'), join(cacheFolder!));
process.once('exit', () => bundle.save());
const mysql = bundle.exports as typeof import('mysql2/promise');

async function main(): Promise<void> {
  const db = await mysql.createConnection({
    ...connection,
    password: process.env.DB_PASSWORD,
    multipleStatements: false,
    maxPreparedStatements: 16,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  try {
    const answers = await Promise.all(queries.map((q) => db.query(q.sql, q.params as unknown[])));
    process.stdout.write(`${answers.map(([rows]) => (Array.isArray(rows) ? rows.length : 0)).join(' ')} rows\n`);
  } finally {
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
