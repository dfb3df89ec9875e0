// Drizzle schema source from an expected catalog ("Generate Drizzle Schema"): one
// idiomatic file per table (explicit snake_case names, the third argument returning an
// array, $inferSelect/$inferInsert types) plus an index.ts. Works from Drizzle tables, built
// here on demand for translated ones, so built-in and translated tables come out alike.
// Never imports 'vscode'.
import { is, SQL } from 'drizzle-orm';
import { getTableConfig, type MySqlColumn, type MySqlTable } from 'drizzle-orm/mysql-core';
import type { ExpectedCatalog, ExpectedTable } from '../structure/expected';
import { renderSql } from '../structure/fromDrizzle';
import { columnKeys, tableToDrizzle } from './toDrizzle';

/** The Drizzle table of an expected table: its own, or one built from its translated state. */
export function drizzleOf(expected: ExpectedTable): MySqlTable {
  return expected.origin.kind === 'drizzle' ? expected.origin.drizzle : tableToDrizzle(expected.origin.state);
}

const reserved = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for function if '
  + 'import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface '
  + 'package private protected public await arguments eval sql '
  // The mysql-core names a generated file may import.
  + 'bigint binary boolean char customType date datetime decimal double float foreignKey index int json longtext mediumint '
  + 'mediumtext mysqlEnum mysqlTable primaryKey serial smallint text time timestamp tinyint tinytext unique uniqueIndex varbinary varchar year').split(' '));

/** A variable name for a table: camelCase, never a reserved word or a name the file imports. */
function camel(name: string): string {
  const key = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
  const lowered = key.charAt(0).toLowerCase() + key.slice(1);
  const variable = /^[0-9]/.test(lowered) ? `t${lowered}` : lowered || 'table';
  return reserved.has(variable) ? `${variable}Table` : variable;
}

function pascal(name: string): string {
  const key = camel(name);
  return key.charAt(0).toUpperCase() + key.slice(1);
}

// A name may hold any character but NUL: a line break or another control is escaped, or the file would not parse.
const literal = (value: string): string => (value.includes("'") && !value.includes('"')
  ? JSON.stringify(value)
  : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`);

interface FileBuilder {
  readonly imports: Set<string>;
  readonly customTypes: Map<string, string>;
  usesSql: boolean;
}

/** The builder call for one column: `varchar('name', { length: 50 })`. */
function columnBuilder(column: MySqlColumn, key: string, file: FileBuilder): string {
  const type = column.getSQLType().trim();
  const name = literal(column.name);
  const stringMode = column.columnType.endsWith('String');
  const use = (fn: string, args = ''): string => {
    file.imports.add(fn);
    return `${fn}(${name}${args})`;
  };
  let m: RegExpExecArray | null;
  if ((m = /^(bigint|int|mediumint|smallint|tinyint)( unsigned)?$/.exec(type))) {
    const options = [...(m[1] === 'bigint' ? [`mode: '${column.columnType === 'MySqlBigInt64' ? 'bigint' : 'number'}'`] : []), ...(m[2] ? ['unsigned: true'] : [])];
    return use(m[1], options.length ? `, { ${options.join(', ')} }` : '');
  }
  if (type === 'serial' || type === 'boolean' || type === 'json' || type === 'year' || /^(tiny|medium|long)?text$/.test(type)) return use(type);
  if ((m = /^(varchar|char|binary|varbinary)\((\d+)\)$/.exec(type))) return use(m[1], `, { length: ${m[2]} }`);
  if ((m = /^(decimal|double|float)(?:\((\d+),(\d+)\))?( unsigned)?$/.exec(type))) {
    const options = [...(m[2] ? [`precision: ${m[2]}`, `scale: ${m[3]}`] : []), ...(m[4] ? ['unsigned: true'] : [])];
    return use(m[1], options.length ? `, { ${options.join(', ')} }` : '');
  }
  if ((m = /^(date|datetime|timestamp|time)(?:\((\d)\))?$/.exec(type))) {
    const options = [...(stringMode && m[1] !== 'time' ? ["mode: 'string'"] : []), ...(m[2] ? [`fsp: ${m[2]}`] : [])];
    return use(m[1], options.length ? `, { ${options.join(', ')} }` : '');
  }
  if (type.startsWith('enum(')) {
    const values = (column as unknown as { enumValues?: string[] }).enumValues ?? [];
    return use('mysqlEnum', `, [${values.map(literal).join(', ')}]`);
  }
  // What Drizzle's builders cannot say (blob, set, a column charset/collation/comment) is a customType.
  let typeName = file.customTypes.get(type);
  if (!typeName) {
    typeName = `${key}SqlType`;
    file.customTypes.set(type, typeName);
  }
  return `${typeName}(${name})`;
}

function columnSource(column: MySqlColumn, key: string, file: FileBuilder): string {
  let source = columnBuilder(column, key, file);
  const c = column as unknown as { autoIncrement?: boolean; hasOnUpdateNow?: boolean; isUnique: boolean; uniqueName?: string };
  if (column.notNull && !column.primary && column.getSQLType() !== 'serial') source += '.notNull()';
  if (c.autoIncrement) source += '.autoincrement()';
  if (column.primary) source += '.primaryKey()';
  if (column.default !== undefined) {
    if (is(column.default, SQL)) {
      const rendered = renderSql(column.default);
      if (/^\(now\(\)\)$/i.test(rendered)) source += '.defaultNow()';
      else {
        file.usesSql = true;
        source += `.default(sql\`${rendered.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\`)`;
      }
    } else if (typeof column.default === 'string' || column.columnType === 'MySqlCustomColumn') {
      source += `.default(${literal(String(column.default))})`;
    }
    else source += `.default(${JSON.stringify(column.default)})`;
  }
  if (c.hasOnUpdateNow) source += '.onUpdateNow()';
  if (c.isUnique) source += `.unique(${c.uniqueName ? literal(c.uniqueName) : ''})`;
  return source;
}

interface TableFile {
  readonly table: MySqlTable;
  readonly name: string;
  readonly variable: string;
  readonly fileName: string;
  readonly stub: boolean;
}

function tableSource(entry: TableFile, files: ReadonlyMap<string, TableFile>, header: string): string {
  const config = getTableConfig(entry.table);
  const keys = columnKeys(config.columns.map((c) => c.name));
  const file: FileBuilder = { imports: new Set(['mysqlTable']), customTypes: new Map(), usesSql: false };
  const columns = config.columns.map((c) => `    ${keys.get(c.name)}: ${columnSource(c, keys.get(c.name)!, file)},`);
  const ref = (name: string): string => `table.${keys.get(name)}`;
  const extras: string[] = [];
  const otherImports = new Map<string, string>();
  for (const pk of config.primaryKeys) {
    file.imports.add('primaryKey');
    extras.push(`    primaryKey({ columns: [${pk.columns.map((c) => ref(c.name)).join(', ')}] }),`);
  }
  for (const index of config.indexes) {
    const fn = index.config.unique ? 'uniqueIndex' : 'index';
    file.imports.add(fn);
    const columns = index.config.columns.map((c) => (is(c, SQL) ? `sql\`${renderSql(c)}\`` : ref((c as MySqlColumn).name)));
    if (index.config.columns.some((c) => is(c, SQL))) file.usesSql = true;
    extras.push(`    ${fn}(${literal(index.config.name)}).on(${columns.join(', ')}),`);
  }
  for (const unique of config.uniqueConstraints) {
    file.imports.add('unique');
    extras.push(`    unique(${unique.name ? literal(unique.name) : ''}).on(${unique.columns.map((c) => ref(c.name)).join(', ')}),`);
  }
  for (const fk of config.foreignKeys) {
    file.imports.add('foreignKey');
    const reference = fk.reference();
    const foreignName = getTableConfig(reference.foreignTable).name;
    let foreignColumns: string;
    if (foreignName === entry.name) foreignColumns = reference.foreignColumns.map((c) => ref(c.name)).join(', ');
    else {
      const target = files.get(foreignName)!;
      otherImports.set(target.variable, target.fileName);
      const targetKeys = columnKeys(getTableConfig(target.table).columns.map((c) => c.name));
      foreignColumns = reference.foreignColumns.map((c) => `${target.variable}.${targetKeys.get(c.name)}`).join(', ');
    }
    let source = `    foreignKey({\n      name: ${literal(fk.getName())},\n      columns: [${reference.columns.map((c) => ref(c.name)).join(', ')}],\n      foreignColumns: [${foreignColumns}],\n    })`;
    if (fk.onDelete && fk.onDelete !== 'no action') source += `.onDelete('${fk.onDelete}')`;
    if (fk.onUpdate && fk.onUpdate !== 'no action') source += `.onUpdate('${fk.onUpdate}')`;
    extras.push(`${source},`);
  }
  if (file.customTypes.size > 0) file.imports.add('customType');

  const lines: string[] = [header];
  if (entry.stub) {
    lines.push('// Not created by these migrations: declared only as far as foreign keys reference it.');
  }
  if (file.usesSql) lines.push("import { sql } from 'drizzle-orm';");
  lines.push(`import { ${[...file.imports].sort().join(', ')} } from 'drizzle-orm/mysql-core';`);
  for (const [variable, fileName] of [...otherImports].sort()) lines.push(`import { ${variable} } from './${fileName}';`);
  lines.push('');
  for (const [sqlType, typeName] of file.customTypes) {
    lines.push(`const ${typeName} = customType<{ data: string; driverData: string }>({`);
    lines.push(`  dataType: () => ${literal(sqlType)},`);
    lines.push('});', '');
  }
  const body = extras.length ? `,\n  (table) => [\n${extras.join('\n')}\n  ],\n` : ',\n';
  lines.push(`export const ${entry.variable} = mysqlTable(\n  ${literal(entry.name)},\n  {\n${columns.join('\n')}\n  }${body});`, '');
  const type = pascal(entry.name);
  lines.push(`export type ${type} = typeof ${entry.variable}.$inferSelect;`);
  lines.push(`export type New${type} = typeof ${entry.variable}.$inferInsert;`, '');
  return lines.join('\n');
}

export interface GenerateOptions {
  /** First line of every file (a comment saying where it comes from). */
  readonly header?: string;
}

/** File name (`users.ts`, `index.ts`) -> TypeScript source. */
export function generateDrizzleSchemaFiles(catalog: ExpectedCatalog, options: GenerateOptions = {}): Map<string, string> {
  const header = options.header ?? '// Generated by Laravel Migration Doctor from the project\'s migrations.';
  const entries = new Map<string, TableFile>();
  const used = new Set<string>(['index']);
  const add = (name: string, table: MySqlTable, stub: boolean): void => {
    let variable = camel(name);
    for (let n = 2; used.has(variable); n++) variable = `${camel(name)}${n}`;
    used.add(variable);
    entries.set(name, { table, name, variable, fileName: variable, stub });
  };
  const tables = [...catalog.tables].sort(([a], [b]) => a.localeCompare(b)).map(([name, expected]) => [name, drizzleOf(expected)] as const);
  for (const [name, table] of tables) add(name, table, false);
  // Tables that foreign keys reference but the catalog lacks get a minimal declaration.
  for (const [, table] of tables) {
    for (const fk of getTableConfig(table).foreignKeys) {
      const foreign = fk.reference().foreignTable;
      const name = getTableConfig(foreign).name;
      if (!entries.has(name)) add(name, foreign, true);
    }
  }
  const files = new Map<string, string>();
  const sorted = [...entries.values()].sort((a, b) => a.fileName.localeCompare(b.fileName));
  for (const entry of sorted) files.set(`${entry.fileName}.ts`, tableSource(entry, entries, header));
  files.set('index.ts', [header, ...sorted.map((e) => `export * from './${e.fileName}';`), ''].join('\n'));
  return files;
}
