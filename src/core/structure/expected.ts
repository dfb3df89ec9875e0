// What a table is expected to look like: the contract status and repair check against.
// Comes from a Drizzle schema (one the adapter ships, or the workspace's own) or from the
// translation of the project's migrations; either way it carries one TableModel, built
// once, which every comparison and every statement uses. Never imports 'vscode'.
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import type { TableState } from '../translate/tableState';
import type { Message } from '../messages/catalog';
import type { TableModel, TableOptions } from './model';

/** A table as a Drizzle schema declares it, before the catalog turns it into an ExpectedTable. */
export interface DrizzleTableDefinition {
  readonly drizzle: MySqlTable;
  /** Where it is declared, for messages: 'src/schema', a file of the workspace's schema. */
  readonly module: string;
  /** false for tables the application owns outside these migrations: declared as far as a foreign key needs them. */
  readonly owned: boolean;
  /** Engine, charset, collation; what is undefined falls back to the connection's (Laravel's) defaults. */
  readonly options?: TableOptions;
  /**
   * A schema shipped for one project's tables applies only to a workspace whose migrations
   * create one of these tables; undefined: it always applies (the workspace's own schema).
   */
  readonly appliesWhenCreating?: readonly string[];
}

export type ExpectedTableOrigin =
  | { readonly kind: 'drizzle'; readonly module: string; readonly drizzle: MySqlTable }
  | { readonly kind: 'migrations'; readonly migrations: readonly string[]; readonly state: TableState };

export interface ExpectedTable {
  /** The table name as on the server (prefix included). */
  readonly name: string;
  /** The structure, with the connection's defaults applied: what status, repair and the rules compare. */
  readonly model: TableModel;
  /** false for tables the application owns outside these migrations: repair never creates or drops them. */
  readonly owned: boolean;
  readonly origin: ExpectedTableOrigin;
}

/** Tables whose structure cannot be known, with why (a loop, a variable name, raw SQL...). */
export interface UnknownStructure {
  readonly name: string;
  /** Why, in English: what the CLI's JSON and lint print. */
  readonly reason: string;
  /** The same reason as a message, for the editor and the plan in the user's language. */
  readonly said: Message;
  readonly migration?: string;
}

export interface ExpectedCatalog {
  readonly tables: ReadonlyMap<string, ExpectedTable>;
  readonly unknown: ReadonlyMap<string, UnknownStructure>;
}
