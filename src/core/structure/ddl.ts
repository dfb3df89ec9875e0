// CREATE TABLE for an expected table through drizzle-kit's own generator, completed with
// what it leaves out so the same statements give the same table on MySQL 8 and MariaDB:
// engine/charset/collation, explicit NULL on nullable timestamps (whose meaning otherwise
// depends on explicit_defaults_for_timestamp), CURRENT_TIMESTAMP instead of `(now())`
// (MySQL 8 would store an expression default), and the server's default referential
// actions instead of an explicit NO ACTION (what Laravel's foreign() leaves).
import type { ExpectedTable } from './expected';
import type { TableOptions } from './model';
import { drizzleTableToModel, serverNames } from './fromDrizzle';
import { quoteIdentifier } from './normalise';

type DrizzleKitApi = typeof import('drizzle-kit/api');
let drizzleKit: Promise<DrizzleKitApi> | undefined;

/** drizzle-kit is heavy: loaded on first use (the build redirects it to a bundle of its own). */
export function loadDrizzleKit(): Promise<DrizzleKitApi> {
  // Node's import() of the bundled CommonJS file cannot see its named exports (esbuild's
  // export shape): they are all on `default` there, while tsc's require() sees them directly.
  drizzleKit ??= import('drizzle-kit/api').then((module) =>
    typeof module.generateMySQLDrizzleJson === 'function' ? module : (module as unknown as { default: DrizzleKitApi }).default);
  return drizzleKit;
}

/** drizzle-kit's statements for creating the table from nothing, as it writes them. */
export async function drizzleKitCreateStatements(expected: ExpectedTable): Promise<string[]> {
  const api = await loadDrizzleKit();
  const empty = await api.generateMySQLDrizzleJson({});
  const wanted = await api.generateMySQLDrizzleJson({ [expected.name]: expected.drizzle });
  return api.generateMySQLMigration(empty, wanted);
}

/**
 * The statements that create `expected` on an empty schema, in a safe order: the table,
 * then its indexes, then its foreign keys (whose referenced tables must exist). No
 * trailing semicolons.
 */
export async function createTableStatements(expected: ExpectedTable, defaults: TableOptions): Promise<string[]> {
  const model = drizzleTableToModel(expected, defaults);
  const generated = withServerNames(await drizzleKitCreateStatements(expected), expected, model.columns.map((c) => c.name));
  const timestamps = new Set(model.columns.filter((c) => /^timestamp/.test(c.type)).map((c) => c.name));
  const tables: string[] = [];
  const indexes: string[] = [];
  const foreignKeys: string[] = [];
  for (const raw of generated) {
    const statement = raw.trim().replace(/;\s*$/, '');
    if (/^CREATE TABLE/i.test(statement)) tables.push(completeCreateTable(statement, timestamps, model.options));
    else if (/FOREIGN KEY/i.test(statement)) foreignKeys.push(completeForeignKey(statement));
    else indexes.push(statement);
  }
  return [...tables, ...indexes, ...foreignKeys];
}

/** drizzle-kit writes the Drizzle names; a table prefix renames tables and derived constraint names. */
function withServerNames(statements: readonly string[], expected: ExpectedTable, columns: readonly string[]): string[] {
  const names = serverNames(expected);
  if (!names.prefix) return [...statements];
  const columnNames = new Set(columns);
  return statements.map((statement) =>
    statement
      .replace(/(TABLE|ON|REFERENCES) `((?:[^`]|``)+)`/g, (_, keyword: string, name: string) => `${keyword} \`${names.table(name)}\``)
      .replace(/`((?:[^`]|``)+)`/g, (quoted: string, name: string) => (columnNames.has(name) ? quoted : `\`${names.constraint(name)}\``)));
}

function completeCreateTable(statement: string, timestamps: ReadonlySet<string>, options: TableOptions): string {
  const lines = statement.split('\n').map((line) => {
    const column = /^(\s*)`((?:[^`]|``)+)`( [^\s,(]+(?:\([^)]*\))?)(.*?)(,?)$/.exec(line);
    if (!column) return line;
    const [, indent, name, type, rest, comma] = column;
    let definition = rest;
    // drizzle-kit writes `serial AUTO_INCREMENT`, which servers refuse: SERIAL already says it.
    if (type.trim().toLowerCase() === 'serial') definition = definition.replace(/ AUTO_INCREMENT/i, '');
    definition = definition.replace(/ DEFAULT \(now\((\d*)\)\)/i, (_, fsp: string) => ` DEFAULT CURRENT_TIMESTAMP${fsp ? `(${fsp})` : ''}`);
    if (timestamps.has(name.replace(/``/g, '`')) && !/ NOT NULL/i.test(definition)) {
      definition = ` NULL${/ DEFAULT /i.test(definition) ? '' : ' DEFAULT NULL'}${definition}`;
    }
    return `${indent}\`${name}\`${type}${definition}${comma}`;
  });
  const tableOptions = [
    options.engine ? `ENGINE=${options.engine}` : '',
    options.charset ? `DEFAULT CHARSET=${options.charset}` : '',
    options.collation ? `COLLATE=${options.collation}` : '',
  ].filter(Boolean).join(' ');
  return lines.join('\n').replace(/\)\s*$/, tableOptions ? `) ${tableOptions}` : ')');
}

function completeForeignKey(statement: string): string {
  return statement
    .replace(/ ON (DELETE|UPDATE) no action/gi, '')
    .replace(/ ON (DELETE|UPDATE) (cascade|restrict|set null|set default)/gi, (_, event: string, action: string) => ` ON ${event.toUpperCase()} ${action.toUpperCase()}`);
}

/** DROP TABLE for an expected table (repair's inverse of createTableStatements). */
export function dropTableStatement(name: string): string {
  return `DROP TABLE ${quoteIdentifier(name)}`;
}
