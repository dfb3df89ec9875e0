// A Drizzle mysql-core table as the normalised model: what the server would report
// after our DDL ran (implicit foreign-key indexes included).
import { is, SQL } from 'drizzle-orm';
import { getTableConfig, MySqlDialect, type MySqlColumn, type MySqlTable } from 'drizzle-orm/mysql-core';
import type { DrizzleTableDefinition, ExpectedCatalog, ExpectedTable } from './expected';
import type { ColumnModel, ForeignKeyModel, IndexModel, TableModel, TableOptions } from './model';
import { charsetOfCollation, laravelDefaults, resolveTableOptions } from './defaults';
import { splitColumnSqlType } from '../translate/toDrizzle';
import { normaliseAction, normaliseDeclaredDefault, normaliseType, quoteLiteral } from './normalise';

const dialect = new MySqlDialect();

/** A Drizzle `sql` value as inline SQL text (defaults, generated code). */
export function renderSql(sql: SQL): string {
  const query = dialect.sqlToQuery(sql);
  // Parameters cannot appear in a DDL default; inline them as literals.
  let index = 0;
  return query.sql.replace(/\?/g, () => {
    const param = query.params[index++];
    return typeof param === 'number' ? String(param) : quoteLiteral(String(param));
  });
}

function columnModel(column: MySqlColumn, tableCollation: string | undefined): ColumnModel {
  // Translated tables carry what Drizzle cannot say (charset, collation, comment) in a customType's SQL.
  const parts = splitColumnSqlType(column.getSQLType());
  const sqlType = parts.type;
  // getSQLType() leaves quotes inside enum values unescaped; the server escapes them as in a literal.
  const type = /^enum\(/i.test(sqlType) && column.enumValues
    ? `enum(${column.enumValues.map(quoteLiteral).join(',')})`
    : normaliseType(sqlType);
  const serial = sqlType.trim().toLowerCase() === 'serial';
  const nullable = !(column.notNull || column.primary || serial);
  const declared = column.default === undefined
    ? undefined
    : is(column.default, SQL)
      ? { kind: 'sql' as const, sql: renderSql(column.default) }
      : { kind: 'value' as const, value: column.default };
  const onUpdate = (column as unknown as { hasOnUpdateNow?: boolean }).hasOnUpdateNow === true;
  const autoIncrement = serial || (column as unknown as { autoIncrement?: boolean }).autoIncrement === true;
  return {
    name: column.name,
    type,
    nullable,
    default: normaliseDeclaredDefault(declared, { nullable, type }),
    autoIncrement,
    onUpdateCurrentTimestamp: onUpdate || parts.onUpdateCurrentTimestamp,
    // information_schema cannot tell the table's collation said again from the one a column inherits;
    // said with its character set, it is still the table's, not that set's default.
    ...(parts.collation ? (parts.collation.toLowerCase() !== tableCollation ? { charset: parts.charset ?? charsetOfCollation(parts.collation), collation: parts.collation } : {}) : parts.charset ? { charset: parts.charset } : {}),
    ...(parts.comment !== undefined ? { comment: parts.comment } : {}),
  };
}

/** What drizzleTableToModel reads: a Drizzle table, and its name on the server when a prefix renames it. */
export interface DrizzleTableInput {
  readonly drizzle: MySqlTable;
  readonly owned: boolean;
  readonly options?: TableOptions;
  /** The name on the server (prefix + the Drizzle table's name); the Drizzle name when undefined. */
  readonly name?: string;
}

/**
 * Names as on the server when the connection has a table prefix (`name` is then prefix +
 * the Drizzle table's name): Laravel prefixes tables, and the index and foreign-key names
 * it derives from a table name (`<table>_<columns>_index`); explicit names stay as is.
 */
function serverNames(base: string, name: string): { table(name: string): string; constraint(name: string): string } {
  const prefix = name !== base && name.endsWith(base) ? name.slice(0, -base.length) : '';
  return {
    table: (table) => prefix + table,
    constraint: (constraint) => (prefix && constraint.startsWith(`${base}_`) ? prefix + constraint : constraint),
  };
}

export function drizzleTableToModel(input: DrizzleTableInput, defaults: TableOptions): TableModel {
  const config = getTableConfig(input.drizzle);
  const name = input.name ?? config.name;
  const names = serverNames(config.name, name);
  const options = resolveTableOptions(input.options ?? {}, defaults);
  const tableCollation = options.collation?.toLowerCase();
  const columns = config.columns.map((column) => columnModel(column, tableCollation));
  const indexes: IndexModel[] = [];

  const primary = config.columns.filter((column) => column.primary).map((column) => column.name);
  const composite = config.primaryKeys[0]?.columns.map((column) => column.name);
  if (composite ?? primary.length > 0) {
    indexes.push({ name: 'PRIMARY', columns: composite ?? primary, unique: true, primary: true });
  }
  for (const column of config.columns) {
    if (column.getSQLType().trim().toLowerCase() === 'serial') {
      // SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE: a key named after the column, even beside the primary key.
      indexes.push({ name: column.name, columns: [column.name], unique: true, primary: false });
    }
    if (column.isUnique) {
      indexes.push({ name: names.constraint(column.uniqueName ?? `${config.name}_${column.name}_unique`), columns: [column.name], unique: true, primary: false });
    }
  }
  for (const unique of config.uniqueConstraints) {
    indexes.push({ name: names.constraint(unique.getName() ?? `${config.name}_unique`), columns: unique.columns.map((c) => c.name), unique: true, primary: false });
  }
  for (const index of config.indexes) {
    const columns = index.config.columns.map((column) => (is(column, SQL) ? renderSql(column) : (column as MySqlColumn).name));
    indexes.push({ name: names.constraint(index.config.name), columns, unique: index.config.unique === true, primary: false });
  }

  const foreignKeys: ForeignKeyModel[] = config.foreignKeys.map((foreignKey) => {
    const reference = foreignKey.reference();
    return {
      name: names.constraint(reference.name ?? foreignKey.getName()),
      columns: reference.columns.map((column) => column.name),
      referencedTable: names.table(getTableConfig(reference.foreignTable).name),
      referencedColumns: reference.foreignColumns.map((column) => column.name),
      onDelete: normaliseAction(foreignKey.onDelete),
      onUpdate: normaliseAction(foreignKey.onUpdate),
    };
  });
  // InnoDB creates an index named after the constraint when no index starts with its columns.
  for (const foreignKey of foreignKeys) {
    const covered = indexes.some((index) => foreignKey.columns.every((column, i) => index.columns[i] === column));
    if (!covered) indexes.push({ name: foreignKey.name, columns: foreignKey.columns, unique: false, primary: false });
  }

  return {
    name,
    columns,
    indexes,
    foreignKeys,
    options,
    ...(input.owned ? {} : { partial: true }),
  };
}

/** A Drizzle schema's table as the catalog holds it: renamed with the connection's prefix, its model built once. */
export function expectedFromDrizzle(definition: DrizzleTableDefinition, defaults: TableOptions, prefix = ''): ExpectedTable {
  const name = prefix + getTableConfig(definition.drizzle).name;
  return {
    name,
    model: drizzleTableToModel({ ...definition, name }, defaults),
    owned: definition.owned,
    origin: { kind: 'drizzle', module: definition.module, drizzle: definition.drizzle },
  };
}

/**
 * A catalog of the given Drizzle tables alone, renamed with the connection's table prefix;
 * models use Laravel's defaults (config/database.php sets them on every CREATE TABLE).
 */
export function catalogOf(definitions: readonly DrizzleTableDefinition[], prefix = '', defaults: TableOptions = laravelDefaults): ExpectedCatalog {
  return {
    tables: new Map(definitions.map((definition) => {
      const table = expectedFromDrizzle(definition, defaults, prefix);
      return [table.name, table];
    })),
    unknown: new Map(),
  };
}
