// Whole-database state (structure and rows) for before/after comparisons in repair tests.
import type { Database } from '../../../src/core/db/database';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { testServer } from '../../support/database';
import { laravelAppDir } from '../../support/laravel';

export type DatabaseState = Record<string, { create: string; rows: unknown[] }>;

/** Every table's SHOW CREATE TABLE (without the AUTO_INCREMENT counter) and rows. */
export async function dumpState(db: Database): Promise<DatabaseState> {
  const state: DatabaseState = {};
  const tables = await db.query<{ name: string }>("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1");
  for (const { name } of tables) {
    const [create] = await db.query<Record<string, string>>(`SHOW CREATE TABLE \`${name}\``);
    state[name] = {
      create: create['Create Table'].replace(/ AUTO_INCREMENT=\d+/, ''),
      rows: await db.query(`SELECT * FROM \`${name}\` ORDER BY 1`),
    };
  }
  return state;
}

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the real CLI in-process, in the fixture app, against `database` of the test server. */
export async function cli(args: readonly string[], database: string, connection: { user?: string; password?: string } = {}): Promise<CliRun> {
  const server = testServer();
  let out = '';
  let err = '';
  const io: CliIo = {
    cwd: laravelAppDir,
    env: { ...process.env, DB_PASSWORD: connection.password ?? server.password },
    out: (text) => { out += text; },
    err: (text) => { err += text; },
    readStdin: async () => '',
  };
  const [command, ...rest] = args;
  const code = await main([command, ...rest, '--host', server.host, '--port', String(server.port), '--user', connection.user ?? server.user, '--database', database], io);
  return { code, out, err };
}
