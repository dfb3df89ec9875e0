// Replays one Blueprint closure the way Laravel 8.83's Blueprint + MySqlGrammar do
// (vendor/laravel/framework/src/Illuminate/Database/Schema): columns and fluent
// attributes first, then the implied `add`/`change` commands, then the explicit and
// fluent index/foreign-key commands in Laravel's order. Never imports 'vscode'.
import type { BlueprintCall, BlueprintStatement, PhpValue, SourceRange } from '../analysis/types';
import { pluralize } from './pluralize';
import {
  ColumnFamily, ColumnState, ForeignKeyState, IndexState, TableState, UnknownStructureError,
} from './tableState';

export interface BlueprintSettings {
  /** The connection's table prefix (`prefix` in config/database.php). */
  readonly tablePrefix: string;
  /** `prefix_indexes` (true in Laravel's default config): whether derived index names carry the prefix. */
  readonly prefixIndexes: boolean;
  /** `Schema::defaultStringLength()`, 255 unless the application changes it. */
  readonly defaultStringLength: number;
}

type Attr = PhpValue | undefined;

/** A Laravel ColumnDefinition: its type and its fluent attributes. */
interface ColumnDefinition {
  type: string;
  name: string;
  attrs: Record<string, Attr>;
}

/** A Laravel command Fluent (index, foreign, dropColumn...). */
interface Command {
  name: string;
  attrs: Record<string, Attr>;
}

export interface BlueprintResult {
  /** New state (undefined when the blueprint dropped the table). */
  table?: TableState;
  /** Set when the blueprint renamed the table (unprefixed name as written). */
  renamedTo?: string;
}

const integerTypes: Record<string, ColumnFamily> = {
  bigInteger: 'bigint', integer: 'int', mediumInteger: 'mediumint', smallInteger: 'smallint', tinyInteger: 'tinyint',
};

const unsupportedColumnTypes = new Set([
  'geometry', 'point', 'lineString', 'polygon', 'geometryCollection', 'multiPoint', 'multiLineString',
  'multiPolygon', 'multiPolygonZ', 'computed', 'foreignIdFor',
]);

/** Modifiers that have no effect on a MySQL table's structure. */
const structurallyInertModifiers = new Set(['from', 'startingValue', 'always', 'persisted', 'generatedAs']);

export function describeCall(call: BlueprintCall): string {
  return `${call.method}(${call.args.map(renderValue).join(', ')})`;
}

function renderValue(value: PhpValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (isUnknown(value)) return '…';
  return '[…]';
}

export function isUnknown(value: Attr): value is { readonly unknown: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { unknown?: unknown }).unknown === 'string';
}

function fail(reason: string): never {
  throw new UnknownStructureError(reason);
}

function known(value: Attr, what: string): Attr {
  if (isUnknown(value)) fail(`${what} is not a literal (${value.unknown})`);
  if (Array.isArray(value)) value.forEach((v) => known(v, what));
  return value;
}

function str(value: Attr, what: string): string {
  known(value, what);
  if (typeof value !== 'string') fail(`${what} is not a string literal`);
  return value;
}

function optionalStr(value: Attr, what: string): string | undefined {
  return value === undefined || value === null ? undefined : str(value, what);
}

/** PHP's `(array) $columns` for index column lists, or func_get_args() for dropColumn. */
function stringList(args: readonly Attr[], what: string): string[] {
  const first = known(args[0], what);
  if (Array.isArray(first)) return first.map((v) => str(v, what));
  return args.map((v) => str(v, what));
}

function int(value: Attr, what: string): number | undefined {
  known(value, what);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return fail(`${what} is not an integer literal`);
}

/** PHP truthiness, as Laravel's `if ($column->x)` tests it. */
function truthy(value: Attr): boolean {
  known(value, 'a modifier argument');
  if (value === undefined || value === null || value === false || value === 0 || value === '' || value === '0') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function quoteSqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export class BlueprintReplay {
  private readonly columns: ColumnDefinition[] = [];
  private readonly commands: Command[] = [];
  private readonly properties: { engine?: string; charset?: string; collation?: string } = {};
  private afterColumn: string | undefined;
  private readonly declared = new Map<ColumnDefinition, SourceRange>();
  private current: SourceRange | undefined;

  constructor(
    private readonly table: string,
    private readonly creating: boolean,
    private readonly settings: BlueprintSettings,
    /** The migration file, to say where each column was declared. */
    private readonly file?: string,
  ) {
    if (creating) this.commands.push({ name: 'create', attrs: {} });
  }

  private get indexPrefix(): string {
    return this.settings.prefixIndexes ? this.settings.tablePrefix : '';
  }

  /** Blueprint::createIndexName. */
  indexName(type: string, columns: readonly string[]): string {
    return `${this.indexPrefix}${this.table}_${columns.join('_')}_${type}`.toLowerCase().replace(/[-.]/g, '_');
  }

  statement(statement: BlueprintStatement): void {
    const [head, ...modifiers] = statement.chain;
    if (!head) return;
    this.current = statement.range;
    const where = `\`$table->${describeCall(head)}\``;
    const args = head.args;
    const col = (type: string, extra: Record<string, Attr> = {}): ColumnDefinition => this.addColumn(type, str(args[0], `${where}: the column name`), extra);

    let target: ColumnDefinition | Command | undefined;
    switch (head.method) {
      // Property assignments (`$table->engine = 'InnoDB'`), as the analysis reports them.
      case 'engine': case 'charset': case 'collation':
        this.properties[head.method] = str(args[0], `${where}`);
        return;
      case 'temporary': fail('the table is created as a temporary table');
      case 'id': target = this.addColumn('bigInteger', args[0] === undefined ? 'id' : str(args[0], where), { autoIncrement: true, unsigned: true }); break;
      case 'increments': target = col('integer', { autoIncrement: true, unsigned: true }); break;
      case 'integerIncrements': target = col('integer', { autoIncrement: true, unsigned: true }); break;
      case 'tinyIncrements': target = col('tinyInteger', { autoIncrement: true, unsigned: true }); break;
      case 'smallIncrements': target = col('smallInteger', { autoIncrement: true, unsigned: true }); break;
      case 'mediumIncrements': target = col('mediumInteger', { autoIncrement: true, unsigned: true }); break;
      case 'bigIncrements': target = col('bigInteger', { autoIncrement: true, unsigned: true }); break;
      case 'integer': case 'tinyInteger': case 'smallInteger': case 'mediumInteger': case 'bigInteger':
        target = col(head.method, { autoIncrement: args[1] ?? false, unsigned: args[2] ?? false }); break;
      case 'unsignedInteger': case 'unsignedTinyInteger': case 'unsignedSmallInteger': case 'unsignedMediumInteger': case 'unsignedBigInteger': {
        const base = head.method.slice('unsigned'.length);
        target = col(base.charAt(0).toLowerCase() + base.slice(1), { autoIncrement: args[1] ?? false, unsigned: true }); break;
      }
      case 'foreignId': target = col('bigInteger', { autoIncrement: false, unsigned: true, foreignId: true }); break;
      case 'foreignUuid': target = col('uuid', { foreignId: true }); break;
      // ulid()/foreignUlid() arrived in Laravel 9.39 (char(26)); a project using them runs a Laravel that has them.
      case 'ulid': target = this.addColumn('char', args[0] === undefined ? 'ulid' : str(args[0], where), { length: args[1] ?? 26 }); break;
      case 'foreignUlid': target = col('char', { length: args[1] ?? 26, foreignId: true }); break;
      case 'char': case 'string':
        target = col(head.method, { length: truthy(args[1]) ? args[1] : this.settings.defaultStringLength }); break;
      case 'tinyText': case 'text': case 'mediumText': case 'longText': case 'boolean': case 'json': case 'jsonb':
      case 'date': case 'year': case 'binary': case 'uuid': case 'ipAddress': case 'macAddress':
        target = col(head.method); break;
      case 'float': case 'decimal': target = col(head.method, { total: args[1] ?? 8, places: args[2] ?? 2, unsigned: args[3] ?? false }); break;
      case 'double': target = col('double', { total: args[1] ?? null, places: args[2] ?? null, unsigned: args[3] ?? false }); break;
      case 'unsignedFloat': case 'unsignedDecimal': target = col(head.method === 'unsignedFloat' ? 'float' : 'decimal', { total: args[1] ?? 8, places: args[2] ?? 2, unsigned: true }); break;
      case 'unsignedDouble': target = col('double', { total: args[1] ?? null, places: args[2] ?? null, unsigned: true }); break;
      case 'enum': case 'set': target = col(head.method, { allowed: known(args[1], `${where}: the allowed values`) }); break;
      case 'dateTime': case 'dateTimeTz': case 'time': case 'timeTz': case 'timestamp': case 'timestampTz':
        target = col(head.method.replace(/Tz$/, ''), { precision: args[1] ?? 0 }); break;
      case 'timestamps': case 'nullableTimestamps': case 'timestampsTz':
        this.addColumn('timestamp', 'created_at', { precision: args[0] ?? 0, nullable: true });
        this.addColumn('timestamp', 'updated_at', { precision: args[0] ?? 0, nullable: true });
        break;
      case 'softDeletes': case 'softDeletesTz':
        target = this.addColumn('timestamp', args[0] === undefined ? 'deleted_at' : str(args[0], where), { precision: args[1] ?? 0, nullable: true }); break;
      case 'rememberToken': target = this.addColumn('string', 'remember_token', { length: 100, nullable: true }); break;
      case 'morphs': case 'numericMorphs': case 'nullableMorphs': case 'nullableNumericMorphs': case 'uuidMorphs': case 'nullableUuidMorphs': {
        const name = str(args[0], `${where}: the morph name`);
        const nullable = head.method.startsWith('nullable') ? { nullable: true } : {};
        this.addColumn('string', `${name}_type`, { length: this.settings.defaultStringLength, ...nullable });
        // Builder::$defaultMorphKeyType is 'int' unless the application changes it.
        if (/uuid/i.test(head.method)) this.addColumn('uuid', `${name}_id`, nullable);
        else this.addColumn('bigInteger', `${name}_id`, { autoIncrement: false, unsigned: true, ...nullable });
        this.indexCommand('index', [`${name}_type`, `${name}_id`], args[1]);
        break;
      }
      case 'primary': case 'unique': case 'index':
        target = this.indexCommand(head.method, stringList([args[0]], `${where}: the columns`), args[1]);
        if (args[2] !== undefined && args[2] !== null) fail(`${where}: index algorithms are not supported`);
        break;
      case 'foreign': target = this.indexCommand('foreign', stringList([args[0]], `${where}: the columns`), args[1]); break;
      case 'dropColumn': this.command('dropColumn', { columns: stringList(args, where) }); break;
      case 'renameColumn': this.command('renameColumn', { from: str(args[0], where), to: str(args[1], where) }); break;
      case 'dropPrimary': this.dropIndexCommand('dropPrimary', 'primary', args[0]); break;
      case 'dropUnique': this.dropIndexCommand('dropUnique', 'unique', args[0]); break;
      case 'dropIndex': this.dropIndexCommand('dropIndex', 'index', args[0]); break;
      case 'dropForeign': this.dropIndexCommand('dropForeign', 'foreign', args[0]); break;
      case 'dropConstrainedForeignId': {
        const column = str(args[0], where);
        this.dropIndexCommand('dropForeign', 'foreign', [column]);
        this.command('dropColumn', { columns: [column] });
        break;
      }
      case 'renameIndex': this.command('renameIndex', { from: str(args[0], where), to: str(args[1], where) }); break;
      case 'dropTimestamps': case 'dropTimestampsTz': this.command('dropColumn', { columns: ['created_at', 'updated_at'] }); break;
      case 'dropSoftDeletes': case 'dropSoftDeletesTz': this.command('dropColumn', { columns: [args[0] === undefined ? 'deleted_at' : str(args[0], where)] }); break;
      case 'dropRememberToken': this.command('dropColumn', { columns: ['remember_token'] }); break;
      case 'dropMorphs': {
        const name = str(args[0], where);
        this.command('dropIndex', { index: optionalStr(args[1], where) || this.indexName('index', [`${name}_type`, `${name}_id`]) });
        this.command('dropColumn', { columns: [`${name}_type`, `${name}_id`] });
        break;
      }
      case 'rename': this.command('rename', { to: str(args[0], where) }); break;
      case 'drop': case 'dropIfExists': this.command('drop', {}); break;
      default:
        if (unsupportedColumnTypes.has(head.method)) fail(`${where}: the column type \`${head.method}\` is not translated`);
        fail(`${where} is not a Blueprint method the translation knows`);
    }
    if (modifiers.length > 0) {
      if (!target) fail(`${where}: a chained call after a method that returns nothing`);
      this.applyModifiers(target, modifiers, where);
    }
  }

  private applyModifiers(start: ColumnDefinition | Command, modifiers: readonly BlueprintCall[], where: string): void {
    let target: ColumnDefinition | Command = start;
    for (const call of modifiers) {
      const what = `${where}->${describeCall(call)}`;
      const arg = call.args[0];
      if ('type' in target) {
        const column = target;
        switch (call.method) {
          case 'nullable': column.attrs.nullable = arg ?? true; break;
          case 'default': column.attrs.default = rawExpression(arg) ?? known(arg, `${what}: the default`) ?? null; break;
          case 'useCurrent': case 'useCurrentOnUpdate': case 'unsigned': case 'autoIncrement': case 'change': case 'first':
            column.attrs[call.method] = true; break;
          case 'unique': case 'index': case 'primary': column.attrs[call.method] = arg === undefined || arg === null ? true : str(arg, what); break;
          case 'charset': case 'collation': case 'comment': case 'after': column.attrs[call.method] = str(arg, what); break;
          case 'constrained': case 'references': {
            if (!column.attrs.foreignId) fail(`${what}: only foreignId(), foreignUuid() and foreignUlid() columns can be constrained`);
            const referenced = call.method === 'constrained' ? (call.args[1] === undefined ? 'id' : str(call.args[1], what)) : str(arg, what);
            const foreign = this.indexCommand('foreign', [column.name], undefined);
            foreign.attrs.references = referenced;
            if (call.method === 'constrained') {
              foreign.attrs.on = arg === undefined || arg === null ? pluralize(beforeLast(column.name, `_${referenced}`)) : str(arg, what);
            }
            target = foreign;
            break;
          }
          default:
            if (structurallyInertModifiers.has(call.method)) break;
            fail(`${what}: the column modifier \`${call.method}\` is not translated`);
        }
      } else {
        const command = target;
        if (command.name !== 'foreign') fail(`${what}: modifiers of \`${command.name}\` are not translated`);
        switch (call.method) {
          case 'references': command.attrs.references = known(arg, what); break;
          case 'on': command.attrs.on = str(arg, what); break;
          case 'onDelete': case 'onUpdate': command.attrs[call.method] = str(arg, what).toLowerCase(); break;
          case 'cascadeOnDelete': command.attrs.onDelete = 'cascade'; break;
          case 'restrictOnDelete': command.attrs.onDelete = 'restrict'; break;
          case 'nullOnDelete': command.attrs.onDelete = 'set null'; break;
          case 'cascadeOnUpdate': command.attrs.onUpdate = 'cascade'; break;
          case 'restrictOnUpdate': command.attrs.onUpdate = 'restrict'; break;
          default: fail(`${what}: the foreign-key modifier \`${call.method}\` is not translated`);
        }
      }
    }
  }

  private addColumn(type: string, name: string, attrs: Record<string, Attr> = {}): ColumnDefinition {
    const column: ColumnDefinition = { type, name, attrs: { ...attrs } };
    this.columns.push(column);
    if (this.current) this.declared.set(column, this.current);
    if (this.afterColumn) {
      column.attrs.after = this.afterColumn;
      this.afterColumn = column.name;
    }
    return column;
  }

  private command(name: string, attrs: Record<string, Attr>): Command {
    const command = { name, attrs };
    this.commands.push(command);
    return command;
  }

  private indexCommand(type: string, columns: string[], name: Attr): Command {
    const index = (truthy(name) ? str(name, 'an index name') : undefined) ?? this.indexName(type, columns);
    return this.command(type, { index, columns });
  }

  private dropIndexCommand(command: string, type: string, index: Attr): void {
    known(index, `${command}()`);
    if (Array.isArray(index)) this.command(command, { index: this.indexName(type, index.map((c) => str(c, command))) });
    else this.command(command, { index: optionalStr(index, command) });
  }

  /** Blueprint::toSql's command order: change, add, explicit commands, fluent indexes. */
  private finalCommands(): Command[] {
    const commands = [...this.commands];
    const added = this.columns.filter((c) => !c.attrs.change);
    const changed = this.columns.filter((c) => c.attrs.change);
    if (!this.creating && added.length > 0) commands.unshift({ name: 'add', attrs: {} });
    if (!this.creating && changed.length > 0) commands.unshift({ name: 'change', attrs: {} });
    for (const column of this.columns) {
      // Only the first of these fluent attributes counts (`continue 2` in addFluentIndexes).
      for (const kind of ['primary', 'unique', 'index', 'fulltext', 'fullText', 'spatialIndex']) {
        const value = column.attrs[kind];
        if (value === undefined || value === null || value === false) continue;
        if (kind !== 'primary' && kind !== 'unique' && kind !== 'index') fail(`\`${kind}\` indexes are not translated`);
        commands.push({ name: kind, attrs: { index: value === true ? this.indexName(kind, [column.name]) : str(value, kind), columns: [column.name] } });
        break;
      }
    }
    return commands;
  }

  /** Applies the blueprint to `existing` (undefined for Schema::create). */
  apply(existing: TableState | undefined, serverName: string, migration: string): BlueprintResult {
    let table: TableState | undefined = existing;
    let renamedTo: string | undefined;
    for (const command of this.finalCommands()) {
      if (command.name === 'create') {
        table = {
          name: serverName, columns: [], indexes: [], foreignKeys: [], migrations: [migration],
          engine: this.properties.engine, charset: this.properties.charset, collation: this.properties.collation,
        };
        for (const column of this.columns.filter((c) => !c.attrs.change)) addColumnToTable(table, this.compile(column));
        continue;
      }
      if (!table) fail(`\`${command.name}\` on a table that does not exist`);
      switch (command.name) {
        case 'add':
          for (const column of this.columns.filter((c) => !c.attrs.change)) addColumnToTable(table, this.compile(column), column.attrs);
          break;
        case 'change':
          for (const column of this.columns.filter((c) => c.attrs.change)) changeColumn(table, column.type, this.compile(column), column.attrs);
          break;
        case 'primary': case 'unique': case 'index':
          addIndex(table, { name: command.name === 'primary' ? 'PRIMARY' : (command.attrs.index as string), columns: command.attrs.columns as string[], kind: command.name });
          break;
        case 'foreign': addForeignKey(table, this.foreignKey(command)); break;
        case 'dropColumn': dropColumns(table, command.attrs.columns as string[]); break;
        case 'renameColumn': renameColumn(table, command.attrs.from as string, command.attrs.to as string); break;
        case 'dropPrimary': removeIndex(table, 'PRIMARY'); break;
        case 'dropUnique': case 'dropIndex': removeIndex(table, command.attrs.index as string); break;
        case 'dropForeign': dropForeignKey(table, command.attrs.index as string); break;
        case 'renameIndex': {
          const at = table.indexes.findIndex((i) => i.name === command.attrs.from);
          if (at === -1) fail(`renameIndex: no index \`${String(command.attrs.from)}\``);
          table.indexes[at] = { ...table.indexes[at], name: command.attrs.to as string, implicitForForeignKey: false };
          break;
        }
        case 'rename': renamedTo = command.attrs.to as string; break;
        case 'drop': return {};
        default: fail(`the command \`${command.name}\` is not translated`);
      }
    }
    if (table && !existing) return { table, renamedTo };
    if (table && table.migrations[table.migrations.length - 1] !== migration) table.migrations.push(migration);
    return { table, renamedTo };
  }

  private foreignKey(command: Command): ForeignKeyState {
    const on = command.attrs.on;
    if (on === undefined) fail(`foreign key \`${String(command.attrs.index)}\` has no referenced table (->on())`);
    const referenced = command.attrs.references;
    if (referenced === undefined) fail(`foreign key \`${String(command.attrs.index)}\` has no referenced column (->references())`);
    return {
      name: command.attrs.index as string,
      columns: command.attrs.columns as string[],
      referencedTable: this.settings.tablePrefix + str(on, 'the referenced table'),
      referencedColumns: Array.isArray(referenced) ? referenced.map((c) => str(c, 'a referenced column')) : [str(referenced, 'the referenced column')],
      onDelete: command.attrs.onDelete as ForeignKeyState['onDelete'],
      onUpdate: command.attrs.onUpdate as ForeignKeyState['onUpdate'],
    };
  }

  /** MySqlGrammar: type + modifiers, resolved to the structure the server keeps. */
  private compile(definition: ColumnDefinition): ColumnState {
    const a = definition.attrs;
    const what = `column \`${definition.name}\``;
    const unsigned = truthy(a.unsigned);
    const u = unsigned ? ' unsigned' : '';
    const state: ColumnState = {
      name: definition.name, sqlType: '', family: 'int', unsigned,
      nullable: truthy(a.nullable), autoIncrement: false, onUpdateCurrentTimestamp: false,
      charset: optionalStr(a.charset, `${what}: charset`), collation: optionalStr(a.collation, `${what}: collation`),
      comment: optionalStr(a.comment, `${what}: comment`),
    };
    const range = this.declared.get(definition);
    if (range && this.file !== undefined) state.declaredAt = { file: this.file, range };
    const precision = int(a.precision, `${what}: precision`) ?? 0;
    const timePart = (base: 'datetime' | 'timestamp' | 'time'): void => {
      state.family = base;
      state.sqlType = precision ? `${base}(${precision})` : base;
      if (precision) state.fsp = precision;
      if (base === 'time') return;
      const current = precision ? `CURRENT_TIMESTAMP(${precision})` : 'CURRENT_TIMESTAMP';
      if (truthy(a.useCurrent)) state.default = { kind: 'expression', sql: current };
      state.onUpdateCurrentTimestamp = truthy(a.useCurrentOnUpdate);
    };
    const family = integerTypes[definition.type];
    if (family) {
      state.family = family;
      state.sqlType = family + u;
      // 'auto_increment primary key' only for serial types.
      state.autoIncrement = truthy(a.autoIncrement);
    } else {
      switch (definition.type) {
        case 'boolean': state.family = 'boolean'; state.sqlType = `tinyint(1)${u}`; break;
        case 'string': case 'char': {
          const length = int(a.length, `${what}: length`)!;
          state.family = definition.type === 'string' ? 'varchar' : 'char';
          state.sqlType = `${state.family}(${length})`;
          state.length = length;
          break;
        }
        case 'uuid': state.family = 'char'; state.length = 36; state.sqlType = 'char(36)'; break;
        case 'ipAddress': state.family = 'varchar'; state.length = 45; state.sqlType = 'varchar(45)'; break;
        case 'macAddress': state.family = 'varchar'; state.length = 17; state.sqlType = 'varchar(17)'; break;
        case 'tinyText': case 'text': case 'mediumText': case 'longText':
          state.family = definition.type.toLowerCase() as ColumnFamily; state.sqlType = state.family; break;
        case 'float': case 'double': {
          const total = int(a.total, `${what}: total digits`);
          const places = int(a.places, `${what}: places`);
          state.family = 'double';
          if (total && places) { state.precision = total; state.scale = places; state.sqlType = `double(${total},${places})${u}`; }
          else state.sqlType = `double${u}`;
          break;
        }
        case 'decimal': {
          const total = int(a.total, `${what}: total digits`) ?? 0;
          const places = int(a.places, `${what}: places`) ?? 0;
          state.family = 'decimal'; state.precision = total; state.scale = places;
          state.sqlType = `decimal(${total},${places})${u}`;
          break;
        }
        case 'enum': case 'set': {
          const allowed = a.allowed;
          if (!Array.isArray(allowed) || allowed.length === 0) fail(`${what}: the allowed values are not a literal list`);
          state.family = definition.type;
          state.values = allowed.map((v) => (typeof v === 'number' ? String(v) : str(v, `${what}: an allowed value`)));
          // Grammar::quoteString does not escape: Laravel's own SQL would break or differ.
          if (state.values.some((v) => /['\\]/.test(v))) fail(`${what}: Laravel 8 does not escape quotes or backslashes in allowed values`);
          state.sqlType = `${definition.type}(${state.values.map(quoteSqlString).join(',')})`;
          break;
        }
        case 'json': case 'jsonb': state.family = 'json'; state.sqlType = 'json'; break;
        case 'date': state.family = 'date'; state.sqlType = 'date'; break;
        case 'year': state.family = 'year'; state.sqlType = 'year'; break;
        case 'binary': state.family = 'blob'; state.sqlType = 'blob'; break;
        case 'dateTime': timePart('datetime'); break;
        case 'time': timePart('time'); break;
        case 'timestamp': timePart('timestamp'); break;
        default: fail(`${what}: the column type \`${definition.type}\` is not translated`);
      }
      if (unsigned && !['boolean', 'float', 'double', 'decimal'].includes(definition.type)) {
        fail(`${what}: unsigned() on a ${definition.type} column`);
      }
    }
    const value = a.default;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { expression?: unknown }).expression === 'string') {
      if (state.default) fail(`${what}: both useCurrent() and default()`);
      rawDefault((value as { expression: string }).expression, state, what);
    } else if (value !== undefined && value !== null) {
      if (state.default) fail(`${what}: both useCurrent() and default()`);
      state.default = { kind: 'literal', value: phpStringCast(value, what) };
      if (/['\\]/.test(state.default.value)) fail(`${what}: Laravel 8 does not escape quotes or backslashes in defaults`);
    }
    return state;
  }
}

/** `DB::raw('...')` / `new Expression('...')` with a literal argument, as the analysis reports it (source text). */
const rawCall = /^(?:\\?(?:Illuminate\\Support\\Facades\\)?DB::raw|new\s+\\?(?:Illuminate\\Database\\Query\\)?Expression)\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\$]|\\.)*)"|(-?\d+(?:\.\d+)?))\s*\)$/s;

function rawExpression(value: Attr): { readonly expression: string } | undefined {
  if (!isUnknown(value)) return undefined;
  const m = rawCall.exec(value.unknown.trim());
  if (!m) return undefined;
  const sql = m[1] !== undefined ? m[1].replace(/\\(['\\])/g, '$1') : m[2] !== undefined ? m[2].replace(/\\(["\\])/g, '$1') : m[3];
  return { expression: sql };
}

/**
 * A raw default goes into the SQL as written (Grammar::getDefaultValue): only the forms whose
 * stored result is certain are translated.
 */
function rawDefault(sql: string, state: ColumnState, what: string): void {
  const trimmed = sql.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(?:current_timestamp|now)(?:\((\d?)\))?(?:\s+on\s+update\s+(?:current_timestamp|now)(?:\((\d?)\))?)?$/i.exec(trimmed))) {
    if (state.family !== 'timestamp' && state.family !== 'datetime') fail(`${what}: a CURRENT_TIMESTAMP default on a ${state.family} column`);
    if ((m[1] || '0') !== String(state.fsp ?? 0)) fail(`${what}: CURRENT_TIMESTAMP of another precision than the column's`);
    state.default = { kind: 'expression', sql: state.fsp ? `CURRENT_TIMESTAMP(${state.fsp})` : 'CURRENT_TIMESTAMP' };
    if (/on\s+update/i.test(trimmed)) state.onUpdateCurrentTimestamp = true;
    return;
  }
  if (/^-?\d+(?:\.\d+)?$/.test(trimmed) && ['bigint', 'int', 'mediumint', 'smallint', 'tinyint', 'boolean', 'decimal', 'double'].includes(state.family)) {
    state.default = { kind: 'literal', value: trimmed };
    return;
  }
  if ((m = /^'((?:[^'\\]|'')*)'$/.exec(trimmed))) {
    state.default = { kind: 'literal', value: m[1].replace(/''/g, "'") };
    return;
  }
  if (/^null$/i.test(trimmed) && state.nullable) return;
  fail(`${what}: the raw default \`${sql}\` is not translated`);
}

/** Grammar::getDefaultValue: booleans as '1'/'0', everything else as PHP's (string) cast. */
function phpStringCast(value: PhpValue, what: string): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    // PHP prints floats with up to 14 significant digits.
    return String(Number(value.toPrecision(14)));
  }
  if (typeof value === 'string') return value;
  return fail(`${what}: the default is not a scalar literal`);
}

function beforeLast(subject: string, search: string): string {
  const at = subject.lastIndexOf(search);
  return at === -1 ? subject : subject.slice(0, at);
}

function addColumnToTable(table: TableState, column: ColumnState, attrs: Record<string, Attr> = {}): void {
  if (table.columns.some((c) => c.name === column.name)) fail(`column \`${column.name}\` is added twice`);
  if (attrs.first) table.columns.unshift(column);
  else if (typeof attrs.after === 'string') {
    const at = table.columns.findIndex((c) => c.name === attrs.after);
    if (at === -1) fail(`after('${attrs.after}'): no such column`);
    table.columns.splice(at + 1, 0, column);
  } else table.columns.push(column);
  if (column.autoIncrement) addIndex(table, { name: 'PRIMARY', columns: [column.name], kind: 'primary' });
}

/**
 * Laravel 8's change() goes through doctrine/dbal (ChangeColumn): Doctrine reads the current
 * column, sets only the attributes the new definition carries, and writes it back. What the
 * definition does not say (nullability, default, comment) is kept; the position is kept.
 * Only the types Doctrine knows can be changed.
 */
const changeableTypes = new Set([
  'bigInteger', 'binary', 'boolean', 'date', 'dateTime', 'decimal', 'integer', 'longText', 'mediumText',
  'smallInteger', 'string', 'text', 'time', 'uuid',
]);
const characterTypes = new Set(['string', 'text', 'mediumText', 'longText', 'uuid']);

function changeColumn(table: TableState, type: string, next: ColumnState, attrs: Record<string, Attr>): void {
  const at = table.columns.findIndex((c) => c.name === next.name);
  if (at === -1) fail(`change(): no column \`${next.name}\``);
  if (!changeableTypes.has(type)) fail(`change() of a ${type} column: Laravel 8 (doctrine/dbal) cannot change it, or changes it in ways not translated`);
  if (attrs.useCurrent || attrs.useCurrentOnUpdate || next.fsp) fail(`change() of \`${next.name}\`: doctrine/dbal ignores useCurrent(), useCurrentOnUpdate() and precisions`);
  const current = table.columns[at];
  const has = (key: string): boolean => attrs[key] !== undefined;
  table.columns[at] = {
    ...next,
    nullable: has('nullable') ? next.nullable : current.nullable,
    default: has('default') ? next.default : current.default,
    comment: has('comment') ? next.comment : current.comment,
    // Doctrine clears the character set of the types that have none.
    charset: !characterTypes.has(type) ? undefined : has('charset') ? next.charset : current.charset,
    collation: !characterTypes.has(type) ? undefined : has('collation') ? next.collation : current.collation,
    autoIncrement: has('autoIncrement') ? next.autoIncrement : current.autoIncrement,
    declaredAt: next.declaredAt ?? current.declaredAt,
  };
}

function addIndex(table: TableState, index: IndexState): void {
  if (table.indexes.some((i) => i.name === index.name)) fail(`index \`${index.name}\` is created twice`);
  for (const column of index.columns) {
    if (!table.columns.some((c) => c.name === column)) fail(`index \`${index.name}\` on a missing column \`${column}\``);
  }
  // The server drops an index it made for a foreign key once another index can serve it.
  table.indexes = table.indexes.filter((i) => !(i.implicitForForeignKey && startsWith(index.columns, i.columns)));
  table.indexes.push(index);
}

function startsWith(columns: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= columns.length && prefix.every((c, i) => columns[i] === c);
}

function addForeignKey(table: TableState, key: ForeignKeyState): void {
  if (table.foreignKeys.some((f) => f.name === key.name)) fail(`foreign key \`${key.name}\` is created twice`);
  for (const column of key.columns) {
    if (!table.columns.some((c) => c.name === column)) fail(`foreign key \`${key.name}\` on a missing column \`${column}\``);
  }
  table.foreignKeys.push(key);
  if (!table.indexes.some((i) => startsWith(i.columns, key.columns))) {
    table.indexes.push({ name: key.name, columns: [...key.columns], kind: 'index', implicitForForeignKey: true });
  }
}

function dropForeignKey(table: TableState, name: string): void {
  const before = table.foreignKeys.length;
  table.foreignKeys = table.foreignKeys.filter((f) => f.name !== name);
  if (table.foreignKeys.length === before) fail(`dropForeign: no foreign key \`${name}\``);
  // The index the server made for it stays, as an ordinary index.
  table.indexes = table.indexes.map((i) => (i.name === name ? { ...i, implicitForForeignKey: false } : i));
}

function removeIndex(table: TableState, name: string): void {
  const before = table.indexes.length;
  table.indexes = table.indexes.filter((i) => i.name !== name);
  if (table.indexes.length === before) fail(`no index \`${name}\` to drop`);
}

function dropColumns(table: TableState, columns: readonly string[]): void {
  for (const name of columns) {
    if (!table.columns.some((c) => c.name === name)) fail(`dropColumn: no column \`${name}\``);
    if (table.foreignKeys.some((f) => f.columns.includes(name))) fail(`dropColumn: \`${name}\` is still used by a foreign key`);
  }
  table.columns = table.columns.filter((c) => !columns.includes(c.name));
  // MySQL removes dropped columns from indexes, and drops indexes left empty.
  table.indexes = table.indexes
    .map((i) => ({ ...i, columns: i.columns.filter((c) => !columns.includes(c)) }))
    .filter((i) => i.columns.length > 0);
}

/**
 * Laravel 8's renameColumn() also goes through doctrine/dbal (RenameColumn): the column is
 * read into Doctrine's types and written back under its new name. Doctrine has no
 * timestamp, tinyint, mediumint, fractional seconds, ON UPDATE or column character set, so
 * those come back as Doctrine writes them; types it cannot read back faithfully are unknown.
 */
function renamedByDoctrine(column: ColumnState): ColumnState {
  const base: ColumnState = { ...column, charset: undefined, collation: undefined, fsp: undefined, onUpdateCurrentTimestamp: false };
  const unsigned = column.unsigned ? ' unsigned' : '';
  switch (column.family) {
    case 'varchar': case 'char': case 'text': case 'tinytext': case 'mediumtext': case 'longtext':
    case 'int': case 'bigint': case 'smallint': case 'boolean': case 'decimal': case 'date': case 'blob':
      return base;
    case 'mediumint': return { ...base, family: 'int', sqlType: `int${unsigned}` };
    case 'tinyint': return { ...base, family: 'boolean', sqlType: 'tinyint(1)', unsigned: false };
    case 'double': return { ...base, precision: undefined, scale: undefined, sqlType: `double${unsigned}` };
    case 'datetime': case 'timestamp': return { ...base, family: 'datetime', sqlType: 'datetime' };
    case 'time': return { ...base, sqlType: 'time' };
    default: return fail(`renameColumn() of a ${column.family} column: doctrine/dbal rewrites it in ways not translated`);
  }
}

function renameColumn(table: TableState, from: string, to: string): void {
  const at = table.columns.findIndex((c) => c.name === from);
  if (at === -1) fail(`renameColumn: no column \`${from}\``);
  table.columns[at] = { ...renamedByDoctrine(table.columns[at]), name: to };
  const rename = (c: string): string => (c === from ? to : c);
  table.indexes = table.indexes.map((i) => ({ ...i, columns: i.columns.map(rename) }));
  table.foreignKeys = table.foreignKeys.map((f) => ({ ...f, columns: f.columns.map(rename) }));
}
