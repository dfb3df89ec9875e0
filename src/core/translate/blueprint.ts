// Replays one Blueprint closure as Laravel's Blueprint does: each call becomes a column
// definition or a command (with its fluent attributes), then the commands run in the order
// the target version's Blueprint::toSql compiles them. Column types are columnTypes.ts's,
// running a command on the table is blueprintRun.ts's. Never imports 'vscode'.
import { type LazyText, message } from '../messages/catalog';
import { type BlueprintCall, type BlueprintStatement, modelClassNamed, type PhpValue, type SourceRange, sqlColumnCall, sqlEngineCall } from '../analysis/types';
import { blueprintParameters } from './blueprintParameters';
import { type Command, type CommandRun, runCommand } from './blueprintRun';
import { singleColumn } from './columnMethods';
import { columnFromSql } from './sqlColumn';
import { ColumnDefinition, compileColumn } from './columnTypes';
import { columnCall, foreignShortcuts } from './fluent';
import type { LaravelGrammar } from './laravelTarget';
import {
  Attr, Attrs, attrs, describeCall, fail, isUnknown, known, optionalStr, rawExpression, refused, str, stringList, truthy, withTablePrefix,
} from './phpValues';
import { pluralize } from './pluralize';
import type { ModelFacts } from '../project/models';
import * as server from './serverTable';
import { copyTable, type ColumnState, type TableState } from './tableState';

export { describeCall, isUnknown } from './phpValues';

export interface BlueprintSettings {
  /** The connection's table prefix (`prefix` in config/database.php). */
  readonly tablePrefix: string;
  /** `prefix_indexes` (true in Laravel's default config): whether derived index names carry the prefix. */
  readonly prefixIndexes: boolean;
  /** `Schema::defaultStringLength()`, 255 unless the application changes it. */
  readonly defaultStringLength: number;
  readonly grammar: LaravelGrammar;
  readonly server?: 'mariadb' | 'mysql';
  /** The models foreignIdFor() names, as the project facts read them (undefined: not read). */
  readonly models?: ModelFacts;
}

/** One command as Blueprint::toSql compiles it, with its columns compiled (create, add, change). */
export interface ReplayStep {
  readonly name: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly columns?: readonly ColumnState[];
  /** The Blueprint statement that wrote the command (a fluent index: its column's), when known. */
  readonly range?: SourceRange;
}

/** Sees each command of a replay against the table before it and after it (a copy, and the table). */
export interface ReplayObserver {
  before(step: ReplayStep, table: TableState | undefined): void;
  after(step: ReplayStep, before: TableState | undefined, after: TableState | undefined): void;
}

export interface BlueprintResult {
  /** New state (undefined when the blueprint dropped the table). */
  table?: TableState;
  /** Set when the blueprint renamed the table (unprefixed name as written). */
  renamedTo?: string;
  /** Columns renamed, as [from, to]: keys of other tables that reference them follow. */
  renamedColumns: (readonly [string, string])[];
}

const unsupportedColumnTypes = new Set([
  'geometry', 'point', 'lineString', 'polygon', 'geometryCollection', 'multiPoint', 'multiLineString',
  'multiPolygon', 'multiPolygonZ', 'computed', 'vector',
]);

/** Blueprint's methods are PHP methods: `$table->datetime()` is dateTime(). */
const blueprintMethods = new Map([
  'engine', 'charset', 'collation', 'temporary', 'id', 'increments', 'integerIncrements', 'tinyIncrements', 'smallIncrements', 'mediumIncrements',
  'bigIncrements', 'integer', 'tinyInteger', 'smallInteger', 'mediumInteger', 'bigInteger', 'unsignedInteger', 'unsignedTinyInteger',
  'unsignedSmallInteger', 'unsignedMediumInteger', 'unsignedBigInteger', 'foreignId', 'foreignUuid', 'ulid', 'foreignUlid', 'char', 'string',
  'binary', 'tinyText', 'text', 'mediumText', 'longText', 'boolean', 'json', 'jsonb', 'date', 'year', 'uuid', 'ipAddress', 'macAddress',
  'float', 'double', 'decimal', 'unsignedDecimal', 'unsignedFloat', 'unsignedDouble', 'enum', 'set', 'dateTime', 'dateTimeTz', 'time', 'timeTz',
  'timestamp', 'timestampTz', 'timestamps', 'nullableTimestamps', 'timestampsTz', 'softDeletes', 'softDeletesTz', 'rememberToken', 'morphs',
  'numericMorphs', 'nullableMorphs', 'nullableNumericMorphs', 'uuidMorphs', 'nullableUuidMorphs', 'ulidMorphs', 'nullableUlidMorphs', 'comment', 'primary', 'unique', 'index', 'foreign',
  'fullText', 'dropFullText', 'dropColumn', 'renameColumn', 'dropPrimary', 'dropUnique', 'dropIndex', 'dropForeign', 'dropConstrainedForeignId', 'renameIndex',
  'dropTimestamps', 'dropTimestampsTz', 'dropSoftDeletes', 'dropSoftDeletesTz', 'dropRememberToken', 'dropMorphs', 'rename', 'drop', 'dropIfExists', 'addColumn', 'foreignIdFor',
  'foreignUuidFor', 'foreignUlidFor', 'removeColumn', ...unsupportedColumnTypes,
].map((m) => [m.toLowerCase(), m]));

/** The commands whose Fluent only the grammar's compileDrop… reads, by `index` or `columns`. */
const dropCommands = new Set(['dropForeign', 'dropIndex', 'dropUnique', 'dropPrimary', 'dropColumn']);

/** Blueprint::createIndexName's spelling of its parts joined by `_`: lower case, `-` and `.` made `_`. */
export function laravelIndexName(...parts: readonly string[]): string {
  return parts.join('_').toLowerCase().replace(/[-.]/g, '_');
}

/** Whether a statement's first call is one of Blueprint's own methods (not a macro), case-insensitive as PHP's. */
export const isBlueprintMethod = (method: string): boolean => blueprintMethods.has(method.toLowerCase());

/** Methods a foreignId() column really has (case-insensitive, as PHP methods are). */
const foreignIdMethods = new Map([['constrained', 'constrained'], ['references', 'references']]);

const fluentIndexKinds = ['primary', 'unique', 'index', 'fulltext', 'fullText', 'spatialIndex'] as const;

function hasNamedArguments(call: BlueprintCall): boolean {
  return call.namedArgs !== undefined && Object.keys(call.namedArgs).length > 0;
}

/** A numeric string as PHP 8 reads one (leading and trailing whitespace allowed). */
const phpNumeric = /^[ \t\n\r\v\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

/** PHP 8's `==` of two strings: as numbers when both are numeric, else byte for byte. */
function phpLooselyEqual(a: string, b: string): boolean {
  return phpNumeric.test(a) && phpNumeric.test(b) ? Number(a.trim()) === Number(b.trim()) : a === b;
}

const isScalar = (value: PhpValue): boolean => typeof value !== 'object' || value === null;

/** Str::snake of a class name: `_` before each capital that follows a character, then lowercase. */
function snake(value: string): string {
  return value.replace(/(.)(?=[A-Z])/gu, '$1_').toLowerCase();
}

/** Str::pluralStudly: the last word of a studly name made plural. */
function pluralStudly(value: string): string {
  let at = 0;
  for (let i = value.length - 1; i >= 1; i--) {
    if (/[A-Z]/.test(value[i]!)) {
      at = i;
      break;
    }
  }
  return value.slice(0, at) + pluralize(value.slice(at));
}

function beforeLast(subject: string, search: string): string {
  const at = subject.lastIndexOf(search);
  return at === -1 ? subject : subject.slice(0, at);
}

export class BlueprintReplay {
  /** Column definitions and commands, in the order they were written. */
  private readonly entries: (ColumnDefinition | Command)[] = [];
  private readonly properties: { engine?: string; charset?: string; collation?: string } = {};
  private readonly declared = new Map<ColumnDefinition, SourceRange>();
  private readonly written = new Map<Command, SourceRange>();
  private current: SourceRange | undefined;

  constructor(
    private readonly table: string,
    private readonly creating: boolean,
    private readonly settings: BlueprintSettings,
    /** The migration file, to say where each column was declared. */
    private readonly file?: string,
  ) {}

  private get grammar(): LaravelGrammar {
    return this.settings.grammar;
  }

  private get indexPrefix(): string {
    return this.settings.prefixIndexes ? this.settings.tablePrefix : '';
  }

  /** Blueprint::createIndexName. */
  indexName(type: string, columns: readonly string[]): string {
    return laravelIndexName(`${this.indexPrefix}${this.table}`, columns.join('_'), type);
  }

  private get columns(): ColumnDefinition[] {
    return this.entries.filter((e): e is ColumnDefinition => 'type' in e);
  }

  statement(statement: BlueprintStatement): void {
    const [written, ...modifiers] = statement.chain.map((call, i) => this.withTablePrefix(i === 0 ? call : this.fluentArguments(call)));
    if (!written) return;
    this.current = statement.range;
    const where = () => `\`$table->${describeCall(written)}\``;
    // A Fluent's magic __call gets named arguments keyed by name, which each version reads differently.
    const named = modifiers.find(hasNamedArguments);
    if (named) fail(message('unknown.namedArguments', where, named.method));
    const head = hasNamedArguments(written) ? this.boundByName(written, where) : written;
    const target = this.dispatch(head, where);
    if (modifiers.length > 0) {
      if (!target) fail(message('unknown.chainedAfterNothing', where));
      this.applyModifiers(target, modifiers, where);
    }
  }

  /**
   * A modifier's named arguments after its positional ones, in the order written, as Fluent::__call
   * gets them: it stores the first (9.32+). Not for the real methods (constrained(), references(),
   * the foreign key shortcuts, Fluent's own), which PHP binds by name: left for statement() to refuse.
   */
  private fluentArguments(call: BlueprintCall): BlueprintCall {
    const lower = call.method.toLowerCase();
    if (!hasNamedArguments(call) || !this.grammar.namedFluentArguments || foreignIdMethods.has(lower) || foreignShortcuts.has(lower)
      || columnCall(call.method, this.grammar) === 'method') return call;
    return { method: call.method, args: [...call.args, ...Object.values(call.namedArgs!)] };
  }

  /** The call with `DB::getTablePrefix().'name'` arguments read with the connection's prefix. */
  private withTablePrefix(call: BlueprintCall): BlueprintCall {
    // A call of literal scalars only (most of them) has nothing to read again: the call itself.
    if (!call.namedArgs && call.args.every(isScalar)) return call;
    const prefix = this.settings.tablePrefix;
    const args = call.args.map((a) => withTablePrefix(a, prefix) as PhpValue);
    if (!call.namedArgs) return { ...call, args };
    const namedArgs = Object.fromEntries(Object.entries(call.namedArgs).map(([k, v]) => [k, withTablePrefix(v, prefix) as PhpValue]));
    return { ...call, args, namedArgs };
  }

  /** The call with its named arguments put in their parameters' places, as PHP binds them. */
  private boundByName(call: BlueprintCall, where: LazyText): BlueprintCall {
    const method = blueprintMethods.get(call.method.toLowerCase()) ?? call.method;
    const parameters = blueprintParameters(method, this.grammar);
    if (!parameters) fail(message('unknown.namedArguments', where, call.method));
    const args: Attr[] = [...call.args];
    for (const [name, value] of Object.entries(call.namedArgs!)) {
      const at = parameters.indexOf(name);
      // An unknown name, or one a positional argument already gave: PHP refuses the call.
      if (at < 0 || at < call.args.length) fail(message('unknown.namedArgument', where, name, call.method));
      args[at] = value;
    }
    return { method: call.method, args: Array.from({ length: args.length }, (_, i) => args[i]) as PhpValue[] };
  }

  private dispatch(call: BlueprintCall, where: LazyText): ColumnDefinition | Command | undefined {
    const method = blueprintMethods.get(call.method.toLowerCase()) ?? call.method;
    const head = method === call.method ? call : { ...call, method };
    const args = head.args;
    const g = this.grammar;
    const column = singleColumn(head, this.settings, where);
    if (column) return this.pushColumn(column);
    switch (head.method) {
      // Property assignments (`$table->engine = 'InnoDB'`), as the analysis reports them.
      case 'engine': case 'charset': case 'collation':
        this.properties[head.method] = str(args[0], where);
        return undefined;
      case 'temporary': return fail(message('unknown.temporary'));
      case 'foreignIdFor': return this.foreignIdFor(head, where);
      case 'foreignUuidFor': case 'foreignUlidFor': {
        const since = head.method === 'foreignUuidFor' ? g.foreignUuidFor || '13.9' : g.foreignUlidFor || '13.25';
        if (since !== true) fail(message('unknown.arrivedInVersion', where, g.label, head.method, since));
        return this.foreignIdFor(head, where, head.method === 'foreignUuidFor' ? 'foreignUuid' : 'foreignUlid');
      }
      case 'timestamps': case 'nullableTimestamps': case 'timestampsTz':
        this.addColumn('timestamp', 'created_at', { precision: args[0] ?? 0, nullable: true });
        this.addColumn('timestamp', 'updated_at', { precision: args[0] ?? 0, nullable: true });
        return undefined;
      case 'morphs': case 'numericMorphs': case 'nullableMorphs': case 'nullableNumericMorphs': case 'uuidMorphs': case 'nullableUuidMorphs':
      case 'ulidMorphs': case 'nullableUlidMorphs': {
        if (/ulid/i.test(head.method) && !g.ulid) fail(message('unknown.arrivedIn', where, g.label, head.method));
        const morph = str(args[0], message('part.morphName', where));
        const nullable = head.method.startsWith('nullable') ? { nullable: true } : {};
        const after = this.morphsAfter(args[2], where);
        const type = this.addColumn('string', `${morph}_type`, { length: this.settings.defaultStringLength, ...nullable });
        // Builder::$defaultMorphKeyType is 'int' unless the application changes it.
        const id = /uuid/i.test(head.method) ? this.addColumn('uuid', `${morph}_id`, nullable)
          : /ulid/i.test(head.method) ? this.addColumn('char', `${morph}_id`, { length: 26, ...nullable })
          : this.addColumn('bigInteger', `${morph}_id`, { autoIncrement: false, unsigned: true, ...nullable });
        if (after) {
          type.attrs.after = after;
          id.attrs.after = type.name;
        }
        this.indexCommand('index', [`${morph}_type`, `${morph}_id`], args[1]);
        return undefined;
      }
      case 'primary': case 'unique': case 'index': {
        const command = this.indexCommand(head.method, stringList([args[0]], message('part.columns', where)), args[1]);
        if (args[2] !== undefined && args[2] !== null) fail(message('unknown.indexAlgorithm', where));
        return command;
      }
      case 'fullText': {
        const command = this.indexCommand('fulltext', stringList([args[0]], message('part.columns', where)), args[1]);
        if (args[2] !== undefined && args[2] !== null) fail(message('unknown.indexAlgorithm', where));
        return command;
      }
      case 'dropFullText': return this.dropIndexCommand('dropIndex', 'fulltext', args[0]);
      case 'foreign': return this.indexCommand('foreign', stringList([args[0]], message('part.columns', where)), args[1]);
      case 'dropColumn': return this.command('dropColumn', { columns: stringList(args, where) });
      case 'renameColumn': return this.command('renameColumn', { from: str(args[0], where), to: str(args[1], where) });
      case 'dropPrimary': return this.dropIndexCommand('dropPrimary', 'primary', args[0]);
      case 'dropUnique': return this.dropIndexCommand('dropUnique', 'unique', args[0]);
      case 'dropIndex': return this.dropIndexCommand('dropIndex', 'index', args[0]);
      case 'dropForeign': return this.dropIndexCommand('dropForeign', 'foreign', args[0]);
      case 'dropConstrainedForeignId': {
        const column = str(args[0], where);
        this.dropIndexCommand('dropForeign', 'foreign', [column]);
        return this.command('dropColumn', { columns: [column] });
      }
      case 'renameIndex': return this.command('renameIndex', { from: str(args[0], where), to: str(args[1], where) });
      case 'dropTimestamps': case 'dropTimestampsTz': return this.command('dropColumn', { columns: ['created_at', 'updated_at'] });
      case 'dropSoftDeletes': case 'dropSoftDeletesTz': return this.command('dropColumn', { columns: [args[0] === undefined ? 'deleted_at' : str(args[0], where)] });
      case 'dropRememberToken': return this.command('dropColumn', { columns: ['remember_token'] });
      case 'dropMorphs': {
        const morph = str(args[0], where);
        this.command('dropIndex', { index: optionalStr(args[1], where) || this.indexName('index', [`${morph}_type`, `${morph}_id`]) });
        return this.command('dropColumn', { columns: [`${morph}_type`, `${morph}_id`] });
      }
      case 'rename': return this.command('rename', { to: str(args[0], where) });
      // The table's comment: nothing the structure model compares.
      case 'comment':
        if (!g.tableComment) fail(message('unknown.notBlueprintMethod', where));
        str(args[0], where);
        return undefined;
      case 'drop': case 'dropIfExists': return this.command('drop', {});
      case 'removeColumn': this.removeColumn(str(args[0], where)); return undefined;
      // Raw SQL's `ALTER TABLE t ENGINE = ...` (never a Blueprint's: `$table->engine` on an existing table changes nothing).
      case sqlEngineCall: return this.command('engine', { engine: str(args[0], where) });
      // Raw SQL's `ALTER TABLE t ADD|MODIFY|CHANGE [COLUMN] ...` of one column (see sqlColumn.ts).
      case sqlColumnCall: {
        const text = str(args[4], where);
        const sql = `\`${text}\``;
        const read = columnFromSql(str(args[2], sql), str(args[3], sql), sql, this.settings.server);
        if (this.current && this.file !== undefined) read.column.declaredAt = { file: this.file, range: this.current };
        // The new name and the text sent, for preflight's check and the statement it names.
        return this.command('sqlColumn', { action: str(args[0], sql), from: str(args[1], sql), to: read.column.name, sql: text }, read);
      }
      default:
        if (unsupportedColumnTypes.has(head.method)) fail(message('unknown.columnType', where, head.method));
        return fail(message('unknown.notBlueprintMethod', where));
    }
  }

  /**
   * Blueprint::foreignIdFor(): Laravel instantiates the model and makes a foreignId(),
   * foreignUlid() or foreignUuid() column from its key, as the project facts read it.
   * foreignUuidFor() and foreignUlidFor() (`method`) make that column whatever the key's type.
   */
  private foreignIdFor(call: BlueprintCall, where: LazyText, method?: 'foreignUuid' | 'foreignUlid'): ColumnDefinition {
    const model = call.args[0];
    const className = modelClassNamed(model);
    if (!className) fail(message('unknown.foreignIdForModel', where));
    const reading = this.settings.models?.[className];
    if (!reading) fail(message('unknown.foreignIdForModelsNotRead', where));
    if ('unknown' in reading) fail(message('unknown.foreignIdForModelNotRead', where, className, reading.unknown));
    const { key } = reading;
    const rules = this.grammar.foreignIdFor;
    const decided = (rule: boolean | undefined): boolean => rule ?? fail(message('unknown.foreignIdForMinor', where, className, this.grammar.label));
    const basename = className.split('\\').pop()!;
    // `$column ?: $model->getForeignKey()`: Str::snake(class_basename($model)).'_'.getKeyName().
    const name = truthy(call.args[1]) ? str(call.args[1], where) : `${snake(basename)}_${key.keyName}`;
    const made = method ?? (key.keyType === 'int' && (key.incrementing || decided(rules.intKeyOnly)) ? 'foreignId'
      : key.ulids && decided(rules.ulid) ? 'foreignUlid' : 'foreignUuid');
    const column = this.pushColumn(singleColumn({ method: made, args: [name] }, this.settings, where)!);
    // getTable(): `$table`, else Str::snake(Str::pluralStudly(class_basename($model))).
    const table = key.table ?? snake(pluralStudly(basename));
    if (rules.modelTable === undefined || rules.modelKey === undefined) column.attrs.modelUnknownIn = className;
    if (rules.modelTable) column.attrs.table = table;
    if (rules.modelKey) column.attrs.referencesModelColumn = key.keyName;
    return column;
  }

  /**
   * Blueprint::removeColumn: the columns this Blueprint added or changed under the name (`!=`, PHP's
   * loose comparison) leave its own list, with their fluent indexes; no SQL, so a column it did
   * not add stays in the table. Commands already made (a morphs() index) stay.
   */
  private removeColumn(name: string): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      if ('type' in entry && phpLooselyEqual(entry.name, name)) this.entries.splice(i, 1);
    }
  }

  /** morphs()' `after`, where the version has that parameter (before, PHP drops the argument). */
  private morphsAfter(value: Attr, where: LazyText): string | undefined {
    return this.grammar.morphsAfter ? optionalStr(value, where) : undefined;
  }

  private applyModifiers(start: ColumnDefinition | Command, modifiers: readonly BlueprintCall[], where: LazyText): void {
    let target: ColumnDefinition | Command = start;
    for (const call of modifiers) {
      const what = () => `${where()}->${describeCall(call)}`;
      target = 'type' in target ? this.columnModifier(target, call, what) : this.foreignModifier(target, call, what);
    }
  }

  /** A ColumnDefinition's fluent method; `constrained()`/`references()` continue on a foreign command. */
  private columnModifier(column: ColumnDefinition, call: BlueprintCall, what: LazyText): ColumnDefinition | Command {
    const arg = call.args[0];
    const foreignIdMethod = column.attrs.foreignId ? foreignIdMethods.get(call.method.toLowerCase()) : undefined;
    switch (foreignIdMethod ?? call.method) {
      case 'nullable': column.attrs.nullable = arg ?? true; break;
      // Without an argument, Fluent's __call stores true, which the grammar writes '1'.
      case 'default': column.attrs.default = call.args.length === 0 ? true : rawExpression(arg) ?? known(arg, message('part.default', what)) ?? null; break;
      case 'useCurrent': case 'useCurrentOnUpdate': case 'unsigned': case 'autoIncrement': case 'change': case 'first':
        column.attrs[call.method] = true; break;
      case 'unique': case 'index': case 'primary': case 'fulltext': case 'fullText': column.attrs[call.method] = arg === undefined || arg === null ? true : known(arg, what); break;
      case 'charset': case 'collation': case 'comment': case 'after': column.attrs[call.method] = str(arg, what); break;
      case 'virtualAs': case 'storedAs': column.attrs[call.method] = rawExpression(arg) ?? (arg === undefined || arg === null ? null : str(arg, what)); break;
      case 'constrained': case 'references': {
        // On another column these are Fluent attributes nobody reads: no key is made.
        if (!column.attrs.foreignId) break;
        // foreignIdFor() (11.28+): constrained() falls back on the model's table and key (`$table ??= $this->table`).
        const modelTable = typeof column.attrs.table === 'string' ? column.attrs.table : undefined;
        const modelKey = typeof column.attrs.referencesModelColumn === 'string' ? column.attrs.referencesModelColumn : undefined;
        const given = call.args[1];
        if (call.method === 'constrained' && column.attrs.modelUnknownIn !== undefined && (given === undefined || given === null || arg === undefined || arg === null)) {
          fail(message('unknown.foreignIdForMinor', what, String(column.attrs.modelUnknownIn), this.grammar.label));
        }
        const referenced = call.method === 'constrained'
          ? (given === undefined || (given === null && modelKey !== undefined) ? modelKey ?? 'id' : str(given, what)) : str(arg, what);
        const foreign = this.indexCommand('foreign', [column.name], undefined);
        foreign.attrs.references = referenced;
        if (call.method === 'constrained') {
          foreign.attrs.on = arg === undefined || arg === null ? modelTable ?? pluralize(beforeLast(column.name, `_${referenced}`)) : str(arg, what);
        }
        return foreign;
      }
      case 'onUpdate':
        if (this.grammar.readsOnUpdate && arg !== null) fail(message('unknown.onUpdateExpression', what));
        break;
      default:
        switch (columnCall(call.method, this.grammar)) {
          case 'method': fail(message('unknown.fluentMethod', what, call.method, this.grammar.label));
          case 'untranslated': fail(message('unknown.columnModifier', what, call.method));
          case 'typeAttribute': column.attrs[call.method] = call.args.length > 0 ? known(arg, what) : true; break;
          case 'inert': break;
        }
    }
    return column;
  }

  private addColumn(type: string, name: string, initial: Attrs = {}): ColumnDefinition {
    return this.pushColumn({ type, name, attrs: attrs(initial) });
  }

  private pushColumn(column: ColumnDefinition): ColumnDefinition {
    this.entries.push(column);
    if (this.current) this.declared.set(column, this.current);
    return column;
  }

  private command(name: string, initial: Attrs, sqlColumn?: Command['sqlColumn']): Command {
    const command: Command = { name, attrs: attrs(initial), ...(sqlColumn ? { sqlColumn } : {}) };
    this.entries.push(command);
    if (this.current) this.written.set(command, this.current);
    return command;
  }

  private indexCommand(type: string, columns: string[], name: Attr): Command {
    const index = (truthy(name) ? str(name, message('part.indexName')) : undefined) ?? this.indexName(type, columns);
    return this.command(type, { index, columns });
  }

  private dropIndexCommand(command: string, type: string, index: Attr): Command {
    known(index, `${command}()`);
    if (Array.isArray(index)) return this.command(command, { index: this.indexName(type, index.map((c) => str(c, command))) });
    return this.command(command, { index: optionalStr(index, command) });
  }

  /** The fluent indexes (addFluentIndexes): only the first of these attributes of a column counts. */
  private fluentIndexes(): Command[] {
    const commands: Command[] = [];
    for (const column of this.columns) {
      for (const kind of fluentIndexKinds) {
        const value = column.attrs[kind];
        if (value === undefined || value === null) continue;
        if (value === false && column.attrs.change && this.grammar.falseFluentIndexDrops) {
          {
            commands.push({ name: kind === 'primary' ? 'dropPrimary' : kind === 'unique' ? 'dropUnique' : 'dropIndex', attrs: attrs({ index: this.indexName(kind, [column.name]) }) });
            break;
          }
        }
        if (kind === 'spatialIndex') fail(message('unknown.indexKind', kind));
        // `$this->{$index}(...)`: a PHP method, so fulltext() is fullText().
        const name = kind === 'fullText' ? 'fulltext' : kind;
        // `isset($column->unique)`: false names no index, so the conventional name is used.
        const index = value === true || value === false ? this.indexName(name, [column.name]) : str(value, kind);
        const command: Command = { name, attrs: attrs({ index, columns: [column.name] }) };
        const declared = this.declared.get(column);
        if (declared) this.written.set(command, declared);
        commands.push(command);
        break;
      }
    }
    return commands;
  }

  /** The commands in the order Blueprint::toSql compiles them for the target version. */
  private orderedCommands(): Command[] {
    const commands = this.entries.filter((e): e is Command => !('type' in e));
    const columns = this.columns;
    if (this.creating) {
      // The table's own charset and collation, for what the server allows its columns.
      const { charset, collation } = this.properties;
      const options = attrs({ ...(charset !== undefined ? { charset } : {}), ...(collation !== undefined ? { collation } : {}) });
      return [{ name: 'create', attrs: options, columns: columns.filter((c) => !c.attrs.change) }, ...commands, ...this.fluentIndexes()];
    }
    if (this.grammar.alter === 'native') {
      const inOrder = this.entries.map((e): Command => ('type' in e ? { name: e.attrs.change ? 'change' : 'add', attrs: attrs(), columns: [e] } : e));
      return [...inOrder, ...this.fluentIndexes()];
    }
    // 8–10: all changes, then all additions, then the rest.
    const changed = columns.filter((c) => c.attrs.change);
    const added = columns.filter((c) => !c.attrs.change);
    return [
      ...(changed.length > 0 ? [{ name: 'change', attrs: attrs(), columns: changed }] : []),
      ...(added.length > 0 ? [{ name: 'add', attrs: attrs(), columns: added }] : []),
      ...commands,
      ...this.fluentIndexes(),
    ];
  }

  /** What running the commands needs of this Blueprint. */
  private get running(): CommandRun {
    return {
      settings: this.settings,
      compile: (definition) => this.compile(definition),
      primaryCommand: this.entries.some((e) => !('type' in e) && e.name === 'primary'),
    };
  }

  private compile(definition: ColumnDefinition) {
    const range = this.declared.get(definition);
    return compileColumn(definition, this.grammar, range && this.file !== undefined ? { file: this.file, range } : undefined, this.settings.server);
  }

  /**
   * Applies the blueprint to `existing` (undefined for Schema::create); `existing` is not changed,
   * unless `inPlace`: the caller holds it alone and drops it if this throws.
   * `observer` sees each command before and after it runs (a throw from `before` stops the replay).
   */
  apply(existing: TableState | undefined, serverName: string, migration: string, observer?: ReplayObserver, inPlace = false): BlueprintResult {
    let table: TableState | undefined = existing && (inPlace ? existing : copyTable(existing));
    const result: BlueprintResult = { renamedColumns: [] };
    for (const command of this.orderedCommands()) {
      const range = this.written.get(command) ?? (command.name !== 'create' && command.columns?.length === 1 ? this.declared.get(command.columns[0]!) : undefined);
      const step = observer && { name: command.name, attrs: command.attrs, columns: command.columns?.map((c) => this.compile(c)), ...(range ? { range } : {}) };
      if (step) observer.before(step, table);
      const snapshot = step && table && copyTable(table);
      if (command.name === 'create') table = this.created(command, serverName, migration);
      else if (!table) fail(message('unknown.commandOnMissingTable', command.name));
      else if (command.name === 'drop') table = undefined;
      else runCommand(this.running, command, table, existing, result);
      if (step) observer.after(step, snapshot, table);
      if (!table) return { renamedColumns: result.renamedColumns };
    }
    if (table && existing && table.migrations[table.migrations.length - 1] !== migration) table.migrations.push(migration);
    return { ...result, table };
  }

  private created(command: Command, serverName: string, migration: string): TableState {
    const table: TableState = {
      name: serverName, columns: [], indexes: [], foreignKeys: [], migrations: [migration],
      engine: this.properties.engine, charset: this.properties.charset, collation: this.properties.collation,
    };
    for (const column of command.columns!) {
      // MySqlGrammar compiles them into CREATE TABLE too, where the server takes neither.
      const placed = typeof column.attrs.after === 'string' ? 'after' : column.attrs.first === true ? 'first' : undefined;
      if (placed) refused(message('unknown.createPlaced', column.name, placed));
      server.addColumn(table, this.compile(column));
    }
    return table;
  }

  /**
   * A ForeignKeyDefinition's fluent method. The shortcuts are PHP methods (any case) where the
   * version has them; references/on/onDelete/onUpdate and anything else are Fluent attributes
   * under their exact name, and MySqlGrammar::compileForeign reads only those four.
   */
  private foreignModifier(command: Command, call: BlueprintCall, what: LazyText): Command {
    // A full-text index's language is PostgreSQL's: MySqlGrammar never reads it.
    if (command.name === 'fulltext' && call.method === 'language') return command;
    // `$table->dropForeign('k')->dropIndex('k')`: a drop command is a plain Fluent, so the chained
    // call only sets an attribute of that name, and no grammar of 8.x to 13.x reads one named drop….
    if (dropCommands.has(command.name) && /^drop/i.test(call.method)) return command;
    if (command.name !== 'foreign') fail(message('unknown.commandModifiers', what, command.name));
    const arg = call.args[0];
    const shortcut = foreignShortcuts.get(call.method.toLowerCase());
    if (shortcut) {
      if (this.grammar.foreignKeyShortcuts.has(shortcut.method)) command.attrs[shortcut.attribute] = shortcut.action;
      return command;
    }
    switch (call.method) {
      case 'references': command.attrs.references = known(arg, what); break;
      case 'on': command.attrs.on = str(arg, what); break;
      case 'onDelete': case 'onUpdate': command.attrs[call.method] = str(arg, what).toLowerCase(); break;
      default: break;
    }
    return command;
  }
}

