// Shared by the repair tests: the oracle suites' setup, whole-database state (structure and
// rows) for before/after comparisons, and the real CLI run in-process.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database } from '../../../src/core/db/database';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { laravelAppDir, requireOracle } from '../../support/laravel';

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

export interface RepairSuite {
  /** A database of its own, dropped after the test. */
  database(prefix: string): Promise<TestDatabase>;
  /** Run after the test, last pushed first. */
  readonly cleanup: (() => Promise<unknown>)[];
  /** The suite's backup folder, removed after it. */
  readonly backups: string;
}

/** Registers, in the calling `describe`, the hooks the oracle suites share: the oracle checked, a backup folder, cleanups. */
export function repairSuite(): RepairSuite {
  const cleanup: (() => Promise<unknown>)[] = [];
  let backups = '';
  before(async () => {
    await requireOracle();
    backups = await fs.mkdtemp(path.join(os.tmpdir(), 'md-repair-backups-'));
  });
  afterEach(async () => {
    for (const done of cleanup.splice(0).reverse()) await done().catch(() => undefined);
  });
  after(() => fs.rm(backups, { recursive: true, force: true }));
  return {
    async database(prefix) {
      const test = await createTestDatabase(prefix);
      cleanup.push(() => test.drop());
      return test;
    },
    cleanup,
    get backups() { return backups; },
  };
}
