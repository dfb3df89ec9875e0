// Throw-away MariaDB/MySQL databases for integration tests: every test creates its own,
// uniquely named, and drops it, so test files can run side by side on one server.

import * as crypto from 'crypto';
import * as mysql from 'mysql2/promise';
import { ConnectionOptions, Database, openDatabase } from '../../src/core/db/database';

/** The server the tests use; MD_TEST_DB_* variables point them elsewhere (a laptop, a CI service). */
export interface TestServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

export function testServer(env: NodeJS.ProcessEnv = process.env): TestServer {
  return {
    host: env.MD_TEST_DB_HOST ?? '127.0.0.1',
    port: Number(env.MD_TEST_DB_PORT ?? 3306),
    user: env.MD_TEST_DB_USER ?? 'root',
    password: env.MD_TEST_DB_PASSWORD ?? '',
  };
}

/** Connection options for the test server's administrative user on `database`. */
export function rootConnectionOptions(database: string): ConnectionOptions {
  const server = testServer();
  return {
    name: 'test',
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database,
    migrationsTable: 'migrations',
    tablePrefix: '',
    production: false,
    connectTimeoutMs: 5000,
  };
}

export interface TestDatabase {
  readonly name: string;
  readonly options: ConnectionOptions;
  /** Opens a new connection through the product's own interface; the caller closes it. */
  open(): Promise<Database>;
  drop(): Promise<void>;
}

const identifier = /^[A-Za-z0-9_]{1,64}$/;

function checkedName(name: string): string {
  if (!identifier.test(name)) {
    throw new Error(`Refusing database name '${name}': use letters, digits and underscores (at most 64).`);
  }
  return name;
}

/** Runs statements on a server-level connection (no default database). */
export async function withServer<T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const server = testServer();
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({ ...server, connectTimeout: 5000 });
  } catch (error) {
    throw new Error(
      `Cannot reach MariaDB/MySQL at ${server.host}:${server.port} as ${server.user} (${(error as Error).message}). ` +
        'Start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd',
    );
  }
  try {
    return await work(connection);
  } finally {
    await connection.end().catch(() => connection.destroy());
  }
}

export function uniqueDatabaseName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  const head = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 64 - suffix.length - 1);
  return `${head}_${suffix}`;
}

/** Creates (or re-creates, when it exists) a database with Laravel's default charset and collation. */
export async function recreateDatabase(name: string): Promise<void> {
  checkedName(name);
  await withServer(async (connection) => {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  });
}

export async function dropDatabase(name: string): Promise<void> {
  checkedName(name);
  await withServer(async (connection) => {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  });
}

/** A new empty database named `<prefix>_<time>_<random>`; call `drop()` in an `after` hook. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = uniqueDatabaseName(prefix);
  await withServer(async (connection) => {
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  });
  const options = rootConnectionOptions(name);
  return {
    name,
    options,
    open: () => openDatabase(options),
    drop: () => dropDatabase(name),
  };
}

/** Base table names of `database`, sorted. */
export async function listTables(database: string): Promise<string[]> {
  return withServer(async (connection) => {
    const [rows] = await connection.query(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
      [database],
    );
    return (rows as { name: string }[]).map((row) => row.name);
  });
}

/** Rows of the migrations table, in the order Laravel reads them. */
export async function migrationRows(
  database: string,
  table = 'migrations',
): Promise<{ id: number; migration: string; batch: number }[]> {
  return withServer(async (connection) => {
    const [rows] = await connection.query(
      `SELECT id, migration, batch FROM \`${checkedName(database)}\`.\`${checkedName(table)}\` ORDER BY batch, migration`,
    );
    return (rows as { id: number; migration: string; batch: number }[]).map((row) => ({
      id: Number(row.id),
      migration: row.migration,
      batch: Number(row.batch),
    }));
  });
}
