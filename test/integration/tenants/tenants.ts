// Tenant databases for the tenant suites: one migrated by the real artisan, copied table by
// table (SHOW CREATE TABLE keeps the foreign keys) into as many healthy tenants as needed, plus
// broken ones brought into a scenario by artisan itself.
import type { Connection } from 'mysql2/promise';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { testServer, uniqueDatabaseName, withServer } from '../../support/database';
import { bringTo, laravelAppDir, type Scenario } from '../../support/laravel';

export async function run(command: string, args: string[], cwd = laravelAppDir): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const server = testServer();
  const io: CliIo = { cwd, env: { DB_PASSWORD: server.password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
  const code = await main([command, '--host', server.host, '--port', String(server.port), '--user', server.user, ...args], io);
  return { code, out, err };
}

export interface Tenants {
  readonly prefix: string;
  /** Every tenant, sorted. */
  readonly names: readonly string[];
  readonly broken: ReadonlyMap<string, Scenario | 'no-migrations-table'>;
  drop(): Promise<void>;
}

const q = (name: string) => `\`${name.replace(/`/g, '``')}\``;

async function copyDatabase(connection: Connection, from: string, to: string): Promise<void> {
  await connection.query(`CREATE DATABASE ${q(to)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const [tables] = await connection.query("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", [from]);
  await connection.query(`USE ${q(to)}`);
  await connection.query('SET FOREIGN_KEY_CHECKS = 0');
  for (const { name } of tables as { name: string }[]) {
    const [rows] = await connection.query(`SHOW CREATE TABLE ${q(from)}.${q(name)}`);
    await connection.query((rows as Record<string, string>[])[0]!['Create Table']!);
    await connection.query(`INSERT INTO ${q(name)} SELECT * FROM ${q(from)}.${q(name)}`);
  }
  await connection.query('SET FOREIGN_KEY_CHECKS = 1');
}

/** `healthy` copies of an all-ran tenant, then one tenant per broken scenario; names `<prefix>_tNN`. */
export async function createTenants(area: string, healthy: number, brokenScenarios: readonly (Scenario | 'no-migrations-table')[]): Promise<Tenants> {
  const prefix = uniqueDatabaseName(area);
  const names: string[] = [];
  const broken = new Map<string, Scenario | 'no-migrations-table'>();
  const name = (i: number) => `${prefix}_t${String(i).padStart(3, '0')}`;
  const template = name(1);
  const drop = () => withServer(async (connection) => {
    for (const n of [...names, template]) await connection.query(`DROP DATABASE IF EXISTS ${q(n)}`);
  });
  try {
    await withServer((c) => c.query(`CREATE DATABASE ${q(template)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
    names.push(template);
    await bringTo(template, 'several-batches');
    await withServer(async (connection) => {
      for (let i = 2; i <= healthy; i++) {
        names.push(name(i));
        await copyDatabase(connection, template, name(i));
      }
    });
    for (const [k, scenario] of brokenScenarios.entries()) {
      const n = name(healthy + 1 + k);
      names.push(n);
      broken.set(n, scenario);
      await withServer((c) => c.query(`CREATE DATABASE ${q(n)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
      if (scenario === 'no-migrations-table') {
        await withServer((c) => c.query(`CREATE TABLE ${q(n)}.users (id bigint unsigned PRIMARY KEY)`));
      } else {
        await bringTo(n, scenario);
      }
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { prefix, names: names.sort(), broken, drop };
}
