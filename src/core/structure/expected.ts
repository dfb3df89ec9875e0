// What a table is expected to look like: the contract status and repair check against.
// Comes from a Drizzle schema (src/schema, or the workspace's own) or from the
// translation of the project's migrations (issue 7). Never imports 'vscode'.
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import type { TableOptions } from './model';

export type ExpectedTableOrigin =
  | { readonly kind: 'drizzle'; readonly module: string }
  | { readonly kind: 'migrations'; readonly migrations: readonly string[] };

export interface ExpectedTable {
  /** The table name as on the server (prefix included). */
  readonly name: string;
  readonly drizzle: MySqlTable;
  /** Engine, charset, collation; what is undefined falls back to the connection's (Laravel's) defaults. */
  readonly options: TableOptions;
  /** false for tables the application owns outside these migrations: repair never creates or drops them. */
  readonly owned: boolean;
  readonly origin: ExpectedTableOrigin;
}

/** Tables whose structure cannot be known, with why (a loop, a variable name, raw SQL...). */
export interface UnknownStructure {
  readonly name: string;
  readonly reason: string;
  readonly migration?: string;
}

export interface ExpectedCatalog {
  readonly tables: ReadonlyMap<string, ExpectedTable>;
  readonly unknown: ReadonlyMap<string, UnknownStructure>;
}
