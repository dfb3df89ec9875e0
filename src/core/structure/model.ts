// One normalised model of a table's structure, whatever it was read from: a Drizzle
// table, a translated Laravel Blueprint, or a live server's information_schema. The
// comparison works on this model only. Never imports 'vscode'.
import type { Message } from '../messages/catalog';

export type ColumnDefault =
  | { readonly kind: 'none' }
  | { readonly kind: 'null' }
  /** A literal, as MySQL 8 reports it in COLUMN_DEFAULT (unquoted): '0', 'pending'. */
  | { readonly kind: 'literal'; readonly value: string }
  /** An expression, normalised upper-case without parentheses: 'CURRENT_TIMESTAMP'. */
  | { readonly kind: 'expression'; readonly sql: string };

export interface ColumnModel {
  readonly name: string;
  /** Normalised like MySQL 8's COLUMN_TYPE without display widths, except tinyint(1):
   *  'bigint unsigned', 'varchar(50)', 'tinyint(1)', 'json', 'timestamp', 'decimal(8,2)', "enum('a','b')". */
  readonly type: string;
  readonly nullable: boolean;
  readonly default: ColumnDefault;
  readonly autoIncrement: boolean;
  readonly onUpdateCurrentTimestamp: boolean;
  /** Only for character columns; undefined when it is the table's default. */
  readonly charset?: string;
  readonly collation?: string;
  readonly comment?: string;
  /**
   * A generated column: VIRTUAL or STORED, and its expression as normaliseGenerationExpression
   * gives it (undefined when the reader did not read it: only the kind is then compared).
   */
  readonly generated?: { readonly stored: boolean; readonly expression?: string };
  /**
   * INVISIBLE (left out of `SELECT *`): read from the server only, never compared (a migration's
   * `->invisible()` leaves its table unknown), and kept by the repair's MODIFY.
   */
  readonly invisible?: boolean;
  /**
   * A CHECK constraint of the column's own (MariaDB; not the json_valid() of a json column), as the
   * server gives its clause: a MODIFY that does not restate it drops it. Read by the repair only.
   */
  readonly ownCheck?: string;
}

export interface IndexModel {
  /** 'PRIMARY' for the primary key. */
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly primary: boolean;
  /** A FULLTEXT index (INDEX_TYPE); absent for the others. */
  readonly fulltext?: boolean;
}

export type ReferentialAction = 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'NO ACTION' | 'SET DEFAULT';

export interface ForeignKeyModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

export interface TableOptions {
  readonly engine?: string;
  readonly charset?: string;
  readonly collation?: string;
}

export interface TableModel {
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  readonly indexes: readonly IndexModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  readonly options: TableOptions;
  /** Only what is declared is checked (tables the application owns, declared as far as a
   *  foreign key needs them): extra columns, indexes and foreign keys are not differences. */
  readonly partial?: boolean;
}

export type DifferenceKind =
  | 'missing-column'
  | 'extra-column'
  | 'column-type'
  | 'column-nullability'
  | 'column-default'
  | 'column-auto-increment'
  | 'column-on-update'
  | 'column-charset'
  | 'missing-index'
  | 'extra-index'
  | 'index-definition'
  | 'missing-foreign-key'
  | 'extra-foreign-key'
  | 'foreign-key-definition'
  | 'table-option';

export interface StructureDifference {
  readonly kind: DifferenceKind;
  readonly table: string;
  /** Column, index or foreign-key name, or the option name. */
  readonly subject: string;
  readonly expected?: string;
  readonly actual?: string;
  /** One line a person understands: "column `kpi_updated` is int, expected tinyint(1)". */
  readonly explanation: string;
  /** The same line as a message of the catalog, for the editor to translate. */
  readonly said?: Message;
  /** Whether bringing the table back to the expected structure for this difference can lose data. */
  readonly lossyToFix: boolean;
}
