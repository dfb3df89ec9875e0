// The one small interface through which everything talks to MySQL/MariaDB. mysql2 is
// loaded on first use, never at activation. Never imports 'vscode'.

export interface TlsOptions {
  readonly ca?: string;
  readonly rejectUnauthorized?: boolean;
}

export interface ConnectionOptions {
  /** A name for people: the settings' connection name, or '.env'. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Never logged, never written to settings. */
  readonly password?: string;
  readonly database: string;
  readonly migrationsTable: string;
  readonly tablePrefix: string;
  readonly production: boolean;
  readonly tls?: TlsOptions;
  readonly connectTimeoutMs?: number;
}

export interface ExecuteResult {
  readonly affectedRows: number;
}

export interface Database {
  readonly options: ConnectionOptions;
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  execute(sql: string, params?: readonly unknown[]): Promise<ExecuteResult>;
  close(): Promise<void>;
}

export const defaultConnectTimeoutMs = 5000;

export async function openDatabase(options: ConnectionOptions): Promise<Database> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({
    host: options.host,
    port: options.port,
    user: options.user,
    password: options.password,
    database: options.database,
    connectTimeout: options.connectTimeoutMs ?? defaultConnectTimeoutMs,
    ssl: options.tls ? { ca: options.tls.ca, rejectUnauthorized: options.tls.rejectUnauthorized ?? true } : undefined,
    multipleStatements: false,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  return {
    options,
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const [rows] = await connection.query(sql, params as unknown[]);
      return rows as Row[];
    },
    async execute(sql: string, params: readonly unknown[] = []): Promise<ExecuteResult> {
      const [result] = await connection.query(sql, params as unknown[]);
      return { affectedRows: (result as { affectedRows?: number }).affectedRows ?? 0 };
    },
    async close(): Promise<void> {
      await connection.end().catch(() => connection.destroy());
    },
  };
}
