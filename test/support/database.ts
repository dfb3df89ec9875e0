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
  // MD_TEST_DB_PREFIX: runs sharing one server each keep to the databases of their own prefix.
  const head = ((process.env.MD_TEST_DB_PREFIX ?? '') + prefix).toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 64 - suffix.length - 1);
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

/** information_schema facts of one table, in a plain form that deepStrictEqual can compare across databases. */
export interface TableDump {
  readonly table: string;
  readonly engine: string;
  readonly collation: string;
  readonly columns: readonly {
    name: string;
    columnType: string;
    nullable: boolean;
    default: string | null;
    extra: string;
    charset: string | null;
    collation: string | null;
  }[];
  readonly indexes: readonly { name: string; unique: boolean; columns: readonly string[] }[];
  readonly foreignKeys: readonly {
    name: string;
    columns: readonly string[];
    referencedTable: string;
    referencedColumns: readonly string[];
    onUpdate: string;
    onDelete: string;
  }[];
  readonly checks: readonly { name: string; clause: string }[];
}

/**
 * Dumps tables straight from information_schema, independently of the product's own reader, so
 * tests can say "this table is exactly what Laravel created" by comparing two databases.
 */
export async function dumpTables(database: string, tables: readonly string[]): Promise<TableDump[]> {
  return withServer(async (connection) => {
    const rows = async <Row>(sql: string): Promise<Row[]> =>
      (await connection.query(sql, [database, tables]))[0] as Row[];
    const tableRows = await rows<{ TABLE_NAME: string; ENGINE: string; TABLE_COLLATION: string }>(
      'SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?) ORDER BY TABLE_NAME',
    );
    const columnRows = await rows<Record<string, string | null>>(
      `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    );
    const indexRows = await rows<{ TABLE_NAME: string; INDEX_NAME: string; NON_UNIQUE: number | string; COLUMN_NAME: string }>(
      `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    );
    const keyRows = await rows<Record<string, string>>(
      `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
         FROM information_schema.KEY_COLUMN_USAGE k
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r
           ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
        WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME IN (?) ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    );
    // MariaDB keeps a json column's json_valid() check here; MySQL 8 has none (native json).
    const checkRows = await rows<{ TABLE_NAME: string; CONSTRAINT_NAME: string; CHECK_CLAUSE: string }>(
      `SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
        WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
    );
    return tableRows.map((table) => {
      const name = table.TABLE_NAME;
      const indexes = new Map<string, { name: string; unique: boolean; columns: string[] }>();
      for (const row of indexRows.filter((r) => r.TABLE_NAME === name)) {
        const index = indexes.get(row.INDEX_NAME) ?? { name: row.INDEX_NAME, unique: Number(row.NON_UNIQUE) === 0, columns: [] };
        index.columns.push(row.COLUMN_NAME);
        indexes.set(row.INDEX_NAME, index);
      }
      const keys = new Map<string, TableDump['foreignKeys'][number] & { columns: string[]; referencedColumns: string[] }>();
      for (const row of keyRows.filter((r) => r.TABLE_NAME === name)) {
        const key = keys.get(row.CONSTRAINT_NAME) ?? {
          name: row.CONSTRAINT_NAME,
          columns: [],
          referencedTable: row.REFERENCED_TABLE_NAME,
          referencedColumns: [],
          onUpdate: row.UPDATE_RULE,
          onDelete: row.DELETE_RULE,
        };
        key.columns.push(row.COLUMN_NAME);
        key.referencedColumns.push(row.REFERENCED_COLUMN_NAME);
        keys.set(row.CONSTRAINT_NAME, key);
      }
      return {
        table: name,
        engine: table.ENGINE,
        collation: table.TABLE_COLLATION,
        columns: columnRows
          .filter((row) => row.TABLE_NAME === name)
          .map((row) => ({
            name: row.COLUMN_NAME as string,
            columnType: row.COLUMN_TYPE as string,
            nullable: row.IS_NULLABLE === 'YES',
            default: row.COLUMN_DEFAULT,
            extra: row.EXTRA as string,
            charset: row.CHARACTER_SET_NAME,
            collation: row.COLLATION_NAME,
          })),
        indexes: [...indexes.values()],
        foreignKeys: [...keys.values()],
        checks: checkRows
          .filter((row) => row.TABLE_NAME === name)
          .map((row) => ({ name: row.CONSTRAINT_NAME, clause: row.CHECK_CLAUSE })),
      };
    });
  });
}

export interface TestUser {
  readonly user: string;
  /** Connection options for this user on the database it was granted. */
  readonly options: ConnectionOptions;
  drop(): Promise<void>;
}

/**
 * A throw-away account with only `privileges` on `database` (e.g. ['SELECT'] for a read-only
 * user), to test what the product says when a privilege is missing (1044/1142).
 */
export async function createTestUser(database: string, privileges: readonly string[]): Promise<TestUser> {
  checkedName(database);
  const allowed = /^(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|INDEX|REFERENCES|LOCK TABLES|ALL PRIVILEGES)$/;
  for (const privilege of privileges) {
    if (!allowed.test(privilege)) {
      throw new Error(`Unsupported privilege '${privilege}'.`);
    }
  }
  const user = `md_${crypto.randomBytes(5).toString('hex')}`;
  const password = crypto.randomBytes(12).toString('hex');
  await withServer(async (connection) => {
    await connection.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await connection.query(`CREATE USER '${user}'@'localhost' IDENTIFIED BY '${password}'`);
    if (privileges.length > 0) {
      for (const host of ['%', 'localhost']) {
        await connection.query(`GRANT ${privileges.join(', ')} ON \`${database}\`.* TO '${user}'@'${host}'`);
      }
    }
  });
  return {
    user,
    options: { ...rootConnectionOptions(database), name: `test-${user}`, user, password },
    drop: () =>
      withServer(async (connection) => {
        await connection.query(`DROP USER IF EXISTS '${user}'@'%', '${user}'@'localhost'`);
      }),
  };
}
