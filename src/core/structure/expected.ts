// What a table is expected to look like: the contract status and repair check against.
// Comes from a Drizzle schema (one the adapter ships, or the workspace's own) or from the
// translation of the project's migrations; either way it carries one TableModel, built
// once, which every comparison and every statement uses. Never imports 'vscode'.
// Loads neither drizzle-orm nor the translator: a status run whose translation is cached, in a
// project no Drizzle table applies to, evaluates neither (~90 modules of drizzle-orm alone).
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import type { TableState } from '../translate/tableState';
import type { Message } from '../messages/catalog';
import { laravelDefaults } from './defaults';
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

/**
 * The Drizzle tables that apply to these migrations, as expected tables: a definition shipped
 * for one project's tables only when the migrations create one of them.
 */
export function drizzleTablesFor(
  definitions: readonly DrizzleTableDefinition[],
  migrations: readonly { readonly up: { readonly operations: readonly { readonly kind: string; readonly table: { readonly name: string } }[] } }[],
  options: { readonly tablePrefix: string; readonly tableDefaults?: TableOptions },
): ExpectedTable[] {
  // One pass of look-ups over every migration's operations (10,000 files on a status run).
  const wanted = new Set(definitions.flatMap((d) => d.appliesWhenCreating ?? []));
  const created = new Set<string>();
  if (wanted.size > 0) for (const m of migrations) for (const op of m.up.operations) if (op.kind === 'create' && wanted.has(op.table.name)) created.add(op.table.name);
  const applying = definitions.filter((d) => !d.appliesWhenCreating || d.appliesWhenCreating.some((table) => created.has(table)));
  if (applying.length === 0) return [];
  const { expectedFromDrizzle } = require('./fromDrizzle') as typeof import('./fromDrizzle');
  return applying.map((d) => expectedFromDrizzle(d, options.tableDefaults ?? laravelDefaults, options.tablePrefix));
}

/** A translation with the given Drizzle tables taking precedence over the translated ones (changes it). */
export function withDrizzleTables<T extends { readonly name: string } = ExpectedTable, U = UnknownStructure>(
  translation: { readonly tables: Map<string, T>; readonly unknown: Map<string, U> },
  drizzle: readonly T[],
): { readonly tables: Map<string, T>; readonly unknown: Map<string, U> } {
  const { tables, unknown } = translation;
  for (const table of drizzle) {
    tables.set(table.name, table);
    unknown.delete(table.name);
  }
  return { tables, unknown };
}
