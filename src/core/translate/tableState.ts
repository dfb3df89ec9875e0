// The translator's intermediate model: a table as Laravel's Blueprint/MySqlGrammar would
// leave it on the server, with columns still carrying Laravel's attributes. Never imports 'vscode'.
import type { SourceRange } from '../analysis/types';
import type { ReferentialAction } from '../structure/model';
import { english, type Message } from '../messages/catalog';

/** Where something was declared: a migration file and the statement's range. */
export interface DeclaredAt {
  readonly file: string;
  readonly range: SourceRange;
}

/** A column as Laravel's grammar compiles it, already resolved to its MySQL type. */
export interface ColumnState {
  name: string;
  /** MySQL type as MySQL 8 prints COLUMN_TYPE without display widths: 'bigint unsigned', 'double(8,2)'. */
  sqlType: string;
  /** The family the type belongs to, which decides the Drizzle builder and default value kind. */
  family: ColumnFamily;
  /** Details the Drizzle builders need. */
  length?: number;
  precision?: number;
  scale?: number;
  fsp?: number;
  unsigned: boolean;
  values?: string[];
  nullable: boolean;
  /** Default as Laravel's getDefaultValue writes it (a quoted string), or an expression. */
  default?: { kind: 'literal'; value: string } | { kind: 'expression'; sql: string };
  autoIncrement: boolean;
  onUpdateCurrentTimestamp: boolean;
  charset?: string;
  collation?: string;
  comment?: string;
  /** virtualAs()/storedAs(): the expression as normaliseGenerationExpression gives it. */
  generated?: { stored: boolean; expression: string };
  /** The statement that added (or last changed) the column. */
  declaredAt?: DeclaredAt;
}

export type ColumnFamily =
  | 'bigint' | 'int' | 'mediumint' | 'smallint' | 'tinyint' | 'boolean'
  | 'varchar' | 'char' | 'text' | 'tinytext' | 'mediumtext' | 'longtext'
  | 'decimal' | 'double' | 'float'
  | 'date' | 'datetime' | 'time' | 'timestamp' | 'year'
  | 'json' | 'enum' | 'set' | 'blob' | 'binary' | 'varbinary' | 'uuid';

export interface IndexState {
  readonly name: string;
  readonly columns: string[];
  readonly kind: 'primary' | 'unique' | 'index' | 'fulltext';
  /**
   * Created by the server for a foreign key that had no usable index (named like the key).
   * The server keeps this mark after the key is dropped, and drops the index as soon as
   * another index starts with its columns.
   */
  readonly implicitForForeignKey?: boolean;
}

export interface ForeignKeyState {
  readonly name: string;
  readonly columns: string[];
  readonly referencedTable: string;
  readonly referencedColumns: string[];
  readonly onDelete?: Lowercase<ReferentialAction>;
  readonly onUpdate?: Lowercase<ReferentialAction>;
}

export interface TableState {
  /** Name on the server, prefix included. */
  name: string;
  columns: ColumnState[];
  indexes: IndexState[];
  foreignKeys: ForeignKeyState[];
  engine?: string;
  charset?: string;
  collation?: string;
  /** Migration names that created or changed the table, in timeline order. */
  migrations: string[];
  /** The table literal of the Schema::create that made it. */
  createdAt?: DeclaredAt;
}

/**
 * A copy that shares its columns, indexes and foreign keys with the original (only the lists
 * are new): the interpreter replaces an element, never changes it, so the original stays
 * intact. Copying every column of a wide table at each of 10,000 migrations took a second.
 */
export function copyTable(table: TableState): TableState {
  return {
    ...table,
    columns: table.columns.slice(),
    indexes: table.indexes.slice(),
    foreignKeys: table.foreignKeys.slice(),
    migrations: table.migrations.slice(),
  };
}

/** Thrown inside the interpreter when the structure cannot be known; caught per table. */
export class UnknownStructureError extends Error {
  constructor(readonly said: Message) {
    super(english(said));
  }
}

/** The server certainly refuses the statement (1091: nothing of that name to drop); nothing of it is applied. */
export class ServerRefusal extends UnknownStructureError {}
