// Seeded random migration histories for the differential test of the translation: valid
// Blueprint code (creates with many column types and modifiers, then alters, renames and
// drops) that the given Laravel version runs on MariaDB. The generator keeps its own model of
// each table only to stay valid (a key on a column that exists, a foreign key to a key of the
// same type, nothing dropped that a key still needs); what the tables really become is the
// real Laravel's business, never this model's.
import type { History } from './migrationHistory';

/** The versions the generator knows what to leave out for. */
export type GeneratorVersion = '8.83' | '11' | '12' | '13';

export interface GeneratorTarget {
  readonly version: GeneratorVersion;
  readonly driver: 'mysql' | 'mariadb';
}

/** mulberry32: a small seeded generator, the same numbers on every machine. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** `count` distinct items, in a random order. */
  some<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < count && copy.length > 0) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }
}

/** What a column is, as far as staying valid needs. */
type Kind =
  | 'int' | 'bigint' | 'smallint' | 'tinyint' | 'mediumint' | 'bool' | 'string' | 'char' | 'text' | 'json' | 'date' | 'datetime'
  | 'time' | 'timestamp' | 'year' | 'decimal' | 'float' | 'double' | 'enum' | 'set' | 'uuid' | 'ulid' | 'binary' | 'generated';

interface Column {
  name: string;
  kind: Kind;
  /** The key type another table's foreign key must have to reference this column. */
  keyType?: string;
  /** Part of a primary key, an index, a foreign key (either side), or auto-increment: left alone by change/drop. */
  pinned?: boolean;
  /** In an index (not a key): change() leaves it alone, a drop takes it out of the index. */
  indexed?: boolean;
  /** Auto-increment: no generated column may name it. */
  auto?: boolean;
  /** A default that is an expression: Laravel 8's doctrine/dbal writes it back quoted on renameColumn(). */
  expressionDefault?: boolean;
  /** A generated column's expression names it. */
  generatedBase?: boolean;
  /** Can take an index (not text, json, blob or generated). */
  indexable: boolean;
}

interface Index {
  name: string;
  columns: string[];
  /** Its columns changed since it was made (renamed, dropped): its name no longer says them. */
  changed?: boolean;
  kind: 'index' | 'unique' | 'primary' | 'fulltext';
}

interface ForeignKey {
  name: string;
  columns: string[];
  table: string;
}

interface Table {
  name: string;
  /** A name ending in a plural noun: a foreign id named after its singular finds it with constrained(). */
  noun?: { singular: string; plural: string };
  columns: Column[];
  indexes: Index[];
  foreignKeys: ForeignKey[];
  /** The column other tables may reference, with its key type. */
  key?: { column: string; type: string };
  /** Made with utf8mb4_bin: a char key (uuid, ulid) is referenced only from a table of the same collation. */
  binary?: boolean;
  /** Tables whose foreign keys reference this one. */
  referencedBy: Set<string>;
  /** Holds an enum or set column: Laravel 8's doctrine/dbal cannot read the table for change() or renameColumn(). */
  hasEnum: boolean;
  /** Was given an auto-increment column. */
  autoIncrement: boolean;
}

export interface GeneratedHistory {
  readonly history: History;
  /** How many Schema calls and Blueprint statements it holds. */
  readonly statements: number;
}

/** Nouns after a table prefix, with the plural Laravel's Str::plural gives them there (an irregular plural is a whole word's only). */
const nouns = [
  ['category', 'categories'], ['person', 'people'], ['box', 'boxes'], ['status', 'statuses'], ['child', 'children'], ['address', 'addresses'],
  ['company', 'companies'], ['leaf', 'leafs'], ['user', 'users'], ['media', 'media'], ['quiz', 'quizzes'], ['analysis', 'analyses'],
  ['wife', 'wives'], ['series', 'series'], ['index', 'indices'], ['goose', 'gooses'],
].map(([singular, plural]) => ({ singular: singular!, plural: plural! }));

const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'north', 'south', 'x', 'é', 'draft', 'done'];

function q(value: string): string {
  return `'${value}'`;
}

/**
 * One seeded history whose tables all start with `prefix` (so that many histories share one
 * database and one Laravel run); `order` keeps its files together in Laravel's name order.
 */
export function generateHistory(seed: number, prefix: string, order: number, target: GeneratorTarget): GeneratedHistory {
  const r = new Random(seed);
  const v8 = target.version === '8.83';
  const tables = new Map<string, Table>();
  const history: Record<string, string> = {};
  let statements = 0;
  let fileCount = 0;
  let counter = 0;
  const fresh = (base: string): string => `${base}${++counter}`;
  const addFile = (body: string): void => {
    const stamp = String(order).padStart(4, '0') + String(fileCount++).padStart(3, '0');
    history[`2020_01_01_${stamp.slice(0, 6)}_${stamp.slice(6)}_${prefix}step`] = body;
  };

  /** A column definition (with its modifiers) for a new column; `creating`: inside Schema::create. */
  function columnStatement(table: Table, creating: boolean, locked: Set<string>): string | undefined {
    let name = fresh('c');
    const mods: string[] = [];
    let column: Column;
    let head: string;
    const nullable = r.chance(0.3);
    let expressionDefault = false;
    const choice = r.int(0, 30);
    const intDefault = (): void => {
      if (r.chance(0.3)) mods.push(`->default(${r.int(0, 99)})`);
      else if (r.chance(0.1)) mods.push(`->default('${r.int(0, 9)}')`);
    };
    switch (choice) {
      case 0: case 1: {
        const type = r.pick(['integer', 'bigInteger', 'smallInteger', 'tinyInteger', 'mediumInteger'] as const);
        const kind = ({ integer: 'int', bigInteger: 'bigint', smallInteger: 'smallint', tinyInteger: 'tinyint', mediumInteger: 'mediumint' } as const)[type];
        const unsigned = r.chance(0.3);
        // Named arguments are bound by name: unsigned is the third parameter.
        const named = unsigned && r.chance(0.3);
        head = named ? `$t->${type}(unsigned: true, column: '${name}')` : `$t->${type}('${name}')`;
        if (unsigned && !named) mods.push('->unsigned()');
        intDefault();
        column = { name, kind, indexable: true };
        break;
      }
      case 2: {
        const type = r.pick(['unsignedInteger', 'unsignedBigInteger', 'unsignedSmallInteger', 'unsignedTinyInteger']);
        head = `$t->${type}('${name}')`;
        intDefault();
        column = { name, kind: 'int', indexable: true };
        break;
      }
      case 29: {
        // Raw defaults: the translation reads a few forms, and must call the others unknown.
        const which = r.int(0, 5);
        if (which === 0) {
          head = `$t->integer('${name}')`;
          mods.push(`->default(DB::raw('${r.int(0, 9)}'))`);
          column = { name, kind: 'int', indexable: true };
        } else if (which === 1) {
          head = `$t->string('${name}', 40)`;
          mods.push(`->default(DB::raw("'raw'"))`);
          column = { name, kind: 'string', indexable: true };
        } else if (which === 2) {
          head = `$t->char('${name}', 36)`;
          mods.push(`->default(DB::raw('(uuid())'))`);
          column = { name, kind: 'char', indexable: true };
        } else if (which === 3) {
          head = `$t->date('${name}')`;
          mods.push(`->default(DB::raw('(CURRENT_DATE)'))`);
          column = { name, kind: 'date', indexable: true };
        } else if (which === 4) {
          head = `$t->json('${name}')`;
          mods.push(`->default(new \\Illuminate\\Database\\Query\\Expression('(JSON_ARRAY())'))`);
          column = { name, kind: 'json', indexable: false };
        } else {
          head = `$t->integer('${name}')`;
          mods.push(`->default(DB::raw('(${r.int(0, 9)})'))`);
          column = { name, kind: 'int', indexable: true };
        }
        column.expressionDefault = true;
        break;
      }
      case 3: {
        head = `$t->boolean('${name}')`;
        if (r.chance(0.5)) mods.push(`->default(${r.pick(['true', 'false', '0', '1'])})`);
        column = { name, kind: 'bool', indexable: true };
        break;
      }
      case 4: case 5: case 6: {
        const length = r.pick([undefined, 20, 40, 100, 191]);
        head = length === undefined ? `$t->string('${name}')` : r.chance(0.2) ? `$t->string('${name}', length: ${length})` : `$t->string('${name}', ${length})`;
        stringModifiers(mods);
        column = { name, kind: 'string', indexable: true };
        break;
      }
      case 7: {
        const length = r.pick([2, 8, 36]);
        head = `$t->char('${name}', ${length})`;
        stringModifiers(mods, length);
        column = { name, kind: 'char', indexable: true };
        break;
      }
      case 8: {
        head = `$t->${r.pick(['text', 'mediumText', 'longText', 'tinyText'])}('${name}')`;
        if (r.chance(0.2)) mods.push(`->charset('utf8mb4')->collation('utf8mb4_bin')`);
        column = { name, kind: 'text', indexable: false };
        break;
      }
      case 9: {
        head = `$t->${r.pick(['json', 'jsonb'])}('${name}')`;
        column = { name, kind: 'json', indexable: false };
        break;
      }
      case 10: {
        head = `$t->date('${name}')`;
        if (r.chance(0.2)) mods.push(`->default('2020-0${r.int(1, 9)}-1${r.int(0, 9)}')`);
        column = { name, kind: 'date', indexable: true };
        break;
      }
      case 11: case 12: {
        const type = r.pick(['dateTime', 'timestamp', 'dateTimeTz', 'timestampTz']);
        const precision = r.pick([undefined, undefined, 0, 3, 6]);
        head = precision === undefined ? `$t->${type}('${name}')` : `$t->${type}('${name}', ${precision})`;
        const p = precision ? `(${precision})` : '';
        const which = r.int(0, 5);
        if (which === 0) mods.push('->useCurrent()');
        else if (which === 1) mods.push('->useCurrent()->useCurrentOnUpdate()');
        else if (which === 2) mods.push(`->default(DB::raw('CURRENT_TIMESTAMP${p}'))`);
        if (which <= 2) expressionDefault = true;
        else if (which === 3 && !type.startsWith('timestamp')) mods.push("->default('2021-02-03 04:05:06')");
        else if (which === 4 && !nullable && type.startsWith('timestamp')) mods.push('->nullable()');
        column = { name, kind: type.startsWith('timestamp') ? 'timestamp' : 'datetime', indexable: true, expressionDefault };
        break;
      }
      case 13: {
        const precision = r.pick([undefined, 0, 2]);
        head = precision === undefined ? `$t->time('${name}')` : `$t->time('${name}', ${precision})`;
        column = { name, kind: 'time', indexable: true };
        break;
      }
      case 14: {
        head = `$t->year('${name}')`;
        column = { name, kind: 'year', indexable: true };
        break;
      }
      case 15: case 16: {
        const total = r.pick([5, 8, 10, 12]);
        const places = r.pick([0, 2, 3]);
        head = r.chance(0.3) ? `$t->decimal('${name}')` : `$t->decimal('${name}', ${total}, ${places})`;
        if (r.chance(0.3)) mods.push('->unsigned()');
        if (r.chance(0.3)) mods.push(`->default(${r.pick(["'1.50'", '2', "'0'"])})`);
        column = { name, kind: 'decimal', indexable: true };
        break;
      }
      case 17: {
        const type = r.pick(['float', 'double'] as const);
        const args = r.pick(v8 ? ['', ', 8, 2', ', 15, 4'] : ['', ', 20', ', 40']);
        head = type === 'double' && !v8 ? `$t->double('${name}')` : `$t->${type}('${name}'${args})`;
        if (r.chance(0.2)) mods.push('->unsigned()');
        if (r.chance(0.2)) mods.push('->default(1.5)');
        column = { name, kind: type, indexable: true };
        break;
      }
      case 18: {
        const type = r.pick(['enum', 'set'] as const);
        const values = r.some(['a', 'b', 'c', 'draft', 'live', 'x y'], r.int(1, 4));
        head = `$t->${type}('${name}', [${values.map(q).join(', ')}])`;
        if (r.chance(0.4)) mods.push(`->default('${values[0]}')`);
        column = { name, kind: type, indexable: true };
        table.hasEnum = true;
        break;
      }
      case 19: {
        head = `$t->uuid('${name}')`;
        column = { name, kind: 'uuid', indexable: true };
        break;
      }
      case 20: {
        if (v8) return undefined;
        head = `$t->ulid('${name}')`;
        column = { name, kind: 'ulid', indexable: true };
        break;
      }
      case 21: {
        head = `$t->${r.pick(['ipAddress', 'macAddress'])}('${name}')`;
        column = { name, kind: 'string', indexable: true };
        break;
      }
      case 22: {
        const length = v8 ? undefined : r.pick([undefined, 16]);
        head = length === undefined ? `$t->binary('${name}')` : `$t->binary('${name}', ${length}${r.chance(0.5) ? ', true' : ''})`;
        column = { name, kind: 'binary', indexable: length !== undefined };
        break;
      }
      case 23: {
        // A generated column over an integer column the table already has.
        const base = table.columns.find((c) => c.kind === 'int' && !c.auto && !locked.has(c.name));
        if (!base) return undefined;
        head = `$t->integer('${name}')`;
        mods.push(`->${r.pick(['virtualAs', 'storedAs'])}('${base.name} + 1')`);
        column = { name, kind: 'generated', indexable: false, pinned: true };
        base.pinned = true;
        base.generatedBase = true;
        break;
      }
      case 24: case 25: {
        // A foreign key to another table's key.
        const targets = [...tables.values()].filter((t) => t !== table && t.key && (t.key.type !== 'uuid' && t.key.type !== 'ulid' || !t.binary === !table.binary));
        if (targets.length === 0) return undefined;
        const target = r.pick(targets);
        const key = target.key!;
        let fkName = `${table.name}_${name}_foreign`;
        const nullOnDelete = nullable;
        const action = nullOnDelete ? r.pick(['->nullOnDelete()', "->onDelete('set null')"]) : r.pick(['', '->cascadeOnDelete()', "->onDelete('cascade')", '->restrictOnDelete()', "->onUpdate('cascade')", '->cascadeOnUpdate()']);
        const nullMod = nullable ? '->nullable()' : '';
        let definition: string;
        const guessed = target.noun && `${target.name.slice(0, -target.noun.plural.length)}${target.noun.singular}_${key.column}`;
        if (guessed && (key.type === 'bigint' || key.type === 'uuid') && !table.columns.some((c) => c.name === guessed) && r.chance(0.7)) {
          // constrained() with no table: Laravel guesses it from the column's name (Str::plural).
          name = guessed;
          fkName = `${table.name}_${name}_foreign`;
          definition = `$t->${key.type === 'bigint' ? 'foreignId' : 'foreignUuid'}('${name}')${nullMod}->constrained(${key.column === 'id' ? '' : `null, '${key.column}'`})${action}`;
        } else if (key.type === 'bigint' && r.chance(0.6)) {
          definition = `$t->foreignId('${name}')${nullMod}->constrained('${target.name}'${key.column === 'id' ? '' : `, '${key.column}'`})${action}`;
        } else if (key.type === 'uuid' && r.chance(0.6)) {
          definition = `$t->foreignUuid('${name}')${nullMod}->constrained('${target.name}', '${key.column}')${action}`;
        } else if (key.type === 'ulid' && r.chance(0.6)) {
          definition = `$t->foreignUlid('${name}')${nullMod}->constrained('${target.name}', '${key.column}')${action}`;
        } else {
          const type = { bigint: 'unsignedBigInteger', int: 'unsignedInteger', smallint: 'unsignedSmallInteger', uuid: 'uuid', ulid: 'ulid' }[key.type]!;
          definition = `$t->${type}('${name}')${nullMod};\n        $t->foreign('${name}')->references('${key.column}')->on('${target.name}')${action}`;
          statements++;
        }
        table.foreignKeys.push({ name: fkName, columns: [name], table: target.name });
        target.referencedBy.add(table.name);
        table.columns.push({ name, kind: 'bigint', indexable: true, pinned: true });
        table.indexes.push({ name: fkName, columns: [name], kind: 'index' });
        locked.add(name);
        return `${definition};`;
      }
      case 26: {
        const morph = fresh('m');
        const type = r.pick(v8 ? ['morphs', 'nullableMorphs', 'uuidMorphs', 'nullableUuidMorphs'] : ['morphs', 'nullableMorphs', 'uuidMorphs', 'nullableUuidMorphs', 'ulidMorphs', 'numericMorphs']);
        if (!creating && r.chance(0.5)) return undefined;
        table.columns.push({ name: `${morph}_type`, kind: 'string', indexable: true, pinned: true }, { name: `${morph}_id`, kind: 'bigint', indexable: true, pinned: true });
        table.indexes.push({ name: `${table.name}_${morph}_type_${morph}_id_index`, columns: [`${morph}_type`, `${morph}_id`], kind: 'index' });
        // Laravel 8 reads the table before this Blueprint adds them: not renamed by it (seed 2008).
        locked.add(`${morph}_type`);
        locked.add(`${morph}_id`);
        return `$t->${type}('${morph}');`;
      }
      case 27: {
        // Laravel 8 adds columns before it renames any: not a name this Blueprint renames away either.
        if (table.columns.some((c) => c.name === 'created_at' || c.name === 'updated_at') || locked.has('created_at') || locked.has('updated_at')) return undefined;
        const type = r.pick(['timestamps', 'nullableTimestamps', 'timestampsTz']);
        const precision = r.pick(['', '', '3']);
        table.columns.push({ name: 'created_at', kind: 'timestamp', indexable: true }, { name: 'updated_at', kind: 'timestamp', indexable: true });
        locked.add('created_at');
        locked.add('updated_at');
        return `$t->${type}(${precision});`;
      }
      case 28: {
        if (r.chance(0.3)) {
          table.columns.push({ name, kind: 'timestamp', indexable: true });
          // Laravel 8 reads the table before this Blueprint adds it: not renamed by it (seed 3024).
          locked.add(name);
          return `$t->softDeletes('${name}'${r.pick(['', ', 3'])});`;
        }
        if (table.columns.some((c) => c.name === 'deleted_at') || locked.has('deleted_at')) return undefined;
        table.columns.push({ name: 'deleted_at', kind: 'timestamp', indexable: true });
        locked.add('deleted_at');
        return `$t->${r.pick(['softDeletes', 'softDeletesTz'])}();`;
      }
      default: {
        if (table.columns.some((c) => c.name === 'remember_token') || locked.has('remember_token')) return undefined;
        table.columns.push({ name: 'remember_token', kind: 'string', indexable: true });
        locked.add('remember_token');
        return '$t->rememberToken();';
      }
    }
    if (nullable && column.kind !== 'generated') mods.unshift('->nullable()');
    if (r.chance(0.15)) mods.push(`->comment('${r.pick(['A note', 'Shown in lists', 'é accent', 'why: legacy', "it\\'s old"])}')`);
    // after() a column this Blueprint does not touch: Laravel 8 adds columns before it renames any.
    const anchors = table.columns.filter((c) => !locked.has(c.name));
    if (!creating && r.chance(0.25) && anchors.length > 0) {
      if (r.chance(0.2)) mods.push('->first()');
      else mods.push(`->after('${r.pick(anchors).name}')`);
    }
    if (column.indexable && column.kind !== 'generated' && r.chance(0.15)) {
      const kind = r.pick(['unique', 'index']);
      const named = r.chance(0.3);
      const indexName = named ? fresh(`${table.name}_i`) : `${table.name}_${name}_${kind}`;
      mods.push(named ? `->${kind}('${indexName}')` : `->${kind}()`);
      table.indexes.push({ name: indexName, columns: [name], kind: kind as 'unique' | 'index' });
      column.indexed = true;
    }
    table.columns.push(column);
    locked.add(name);
    return `${head}${mods.join('')};`;
  }

  function stringModifiers(mods: string[], length = 255): void {
    const which = r.int(0, 9);
    if (which === 0) mods.push("->charset('latin1')->collation('latin1_swedish_ci')");
    else if (which === 1) mods.push("->collation('utf8mb4_bin')");
    else if (which === 2) mods.push("->charset('utf8mb4')");
    if (r.chance(0.3)) mods.push(`->default('${r.pick(words.filter((w) => w.length <= length))}')`);
  }

  /** The primary key statement(s) of a new table, and the key it offers to foreign keys. */
  function primaryKey(table: Table): string[] {
    switch (r.int(0, 8)) {
      case 0: case 1:
        table.key = { column: 'id', type: 'bigint' };
        table.columns.push({ name: 'id', kind: 'bigint', indexable: true, pinned: true, auto: true });
        table.autoIncrement = true;
        return ['$t->id();'];
      case 2:
        table.key = { column: 'id', type: 'int' };
        table.columns.push({ name: 'id', kind: 'int', indexable: true, pinned: true, auto: true });
        table.autoIncrement = true;
        return [`$t->${r.pick(['increments', 'integerIncrements'])}('id');`];
      case 3:
        table.key = { column: 'id', type: 'bigint' };
        table.columns.push({ name: 'id', kind: 'bigint', indexable: true, pinned: true, auto: true });
        table.autoIncrement = true;
        return ["$t->bigIncrements('id');"];
      case 6:
        table.key = { column: 'id', type: 'smallint' };
        table.columns.push({ name: 'id', kind: 'smallint', indexable: true, pinned: true, auto: true });
        table.autoIncrement = true;
        return ["$t->smallIncrements('id');"];
      case 7: {
        const column = fresh('pk');
        table.key = { column, type: 'bigint' };
        table.columns.push({ name: column, kind: 'bigint', indexable: true, pinned: true, auto: true });
        table.autoIncrement = true;
        return [`$t->id('${column}');`];
      }
      case 4:
        table.key = { column: 'id', type: 'uuid' };
        table.columns.push({ name: 'id', kind: 'uuid', indexable: true, pinned: true });
        return [r.chance(0.5) ? "$t->uuid('id')->primary();" : "$t->uuid('id');\n        $t->primary('id');"];
      case 5:
        if (v8) return primaryKey(table);
        table.key = { column: 'id', type: 'ulid' };
        table.columns.push({ name: 'id', kind: 'ulid', indexable: true, pinned: true });
        return ["$t->ulid('id')->primary();"];
      default: {
        // No key of its own; a composite primary key comes after its columns.
        return [];
      }
    }
  }

  function createTable(): void {
    const noun = r.chance(0.35) ? r.pick(nouns) : undefined;
    const name = `${prefix}${fresh('t')}${noun ? `_${noun.plural}` : ''}`;
    const table: Table = { name, ...(noun ? { noun } : {}), columns: [], indexes: [], foreignKeys: [], referencedBy: new Set(), hasEnum: false, autoIncrement: false };
    const locked = new Set<string>();
    if (r.chance(0.1)) table.binary = true;
    const lines = primaryKey(table);
    const columnCount = r.int(1, 7);
    for (let i = 0; i < columnCount; i++) {
      const line = columnStatement(table, true, locked);
      if (line) lines.push(line);
    }
    if (table.columns.length === 0) lines.push(columnStatement(table, true, locked) ?? `$t->string('${fresh('c')}');`);
    if (table.columns.length === 0) table.columns.push({ name: `c${counter}`, kind: 'string', indexable: true });
    if (!table.key && !table.columns.some((c) => c.name === 'id')) {
      const candidates = table.columns.filter((c) => c.indexable && !c.pinned && c.kind !== 'generated' && c.kind !== 'timestamp' && c.kind !== 'datetime');
      if (candidates.length >= 1 && r.chance(0.7)) {
        const columns = r.some(candidates, Math.min(candidates.length, r.int(1, 2)));
        lines.push(`$t->primary([${columns.map((c) => q(c.name)).join(', ')}]${r.chance(0.3) ? `, '${fresh('pk')}'` : ''});`);
        table.indexes.push({ name: 'PRIMARY', columns: columns.map((c) => c.name), kind: 'primary' });
        columns.forEach((c) => (c.pinned = true));
      }
    }
    lines.push(...indexStatements(table, r.int(0, 2)));
    if (r.chance(0.1)) lines.unshift(`$t->engine = 'InnoDB';`);
    if (table.binary) lines.unshift(`$t->charset = 'utf8mb4';\n        $t->collation = 'utf8mb4_bin';`);
    if (!v8 && r.chance(0.1)) lines.push(`$t->comment('Table note');`);
    statements += lines.length + 1;
    tables.set(name, table);
    addFile(`        Schema::create('${name}', function (Blueprint $t) {\n        ${lines.join('\n        ')}\n        });`);
  }

  /** index()/unique() commands over the table's indexable columns, single or composite, named or not. */
  function indexStatements(table: Table, count: number): string[] {
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      // A full-text index over a character column (text ones included); it serves no foreign key.
      // One column: the generator does not follow collations, which the columns of one must share.
      const texts = table.columns.filter((c) => c.kind === 'string' || c.kind === 'char' || c.kind === 'text');
      if (texts.length > 0 && r.chance(0.15)) {
        const columns = [r.pick(texts).name];
        const generatedName = `${table.name}_${columns.join('_')}_fulltext`;
        const named = r.chance(0.3) || generatedName.length > 60;
        const name = named ? fresh(`${table.name}_ft`) : generatedName;
        if (table.indexes.some((x) => x.name === name)) continue;
        const list = columns.length === 1 && r.chance(0.5) ? q(columns[0]!) : `[${columns.map(q).join(', ')}]`;
        lines.push(`$t->fullText(${list}${named ? `, '${name}'` : ''})${r.chance(0.3) ? "->language('simple')" : ''};`);
        table.indexes.push({ name, columns, kind: 'fulltext' });
        for (const column of table.columns) if (columns.includes(column.name)) column.indexed = true;
        continue;
      }
      const candidates = table.columns.filter((c) => c.indexable && c.kind !== 'generated');
      if (candidates.length === 0) break;
      const columns = r.some(candidates, r.int(1, Math.min(3, candidates.length))).map((c) => c.name);
      const kind = r.pick(['index', 'unique'] as const);
      const generatedName = `${table.name}_${columns.join('_')}_${kind}`;
      const named = r.chance(0.3) || generatedName.length > 60;
      const name = named ? fresh(`${table.name}_k`) : generatedName;
      if (table.indexes.some((x) => x.name === name)) continue;
      const list = columns.length === 1 && r.chance(0.5) ? q(columns[0]!) : `[${columns.map(q).join(', ')}]`;
      lines.push(`$t->${kind}(${list}${named ? `, '${name}'` : ''});`);
      table.indexes.push({ name, columns, kind });
      // The index the server made for a foreign key goes once this one can serve the key.
      table.indexes = table.indexes.filter((x) => !table.foreignKeys.some((k) => k.name === x.name && x.columns.every((c, j) => columns[j] === c)));
      for (const column of table.columns) if (columns.includes(column.name)) column.indexed = true;
    }
    return lines;
  }

  /**
   * Whether the server lets these columns go together: no foreign key on them, and no unique or
   * primary key left with only some of its columns (MariaDB answers 1072).
   */
  function canDrop(table: Table, names: readonly string[]): boolean {
    if (table.foreignKeys.some((k) => k.columns.some((c) => names.includes(c)))) return false;
    return table.indexes.every((x) => x.kind === 'index' || x.columns.length === 1 || x.columns.every((c) => names.includes(c)) || !x.columns.some((c) => names.includes(c)));
  }

  /**
   * Columns gone, from the table and from its indexes, as the server does: an index loses them, and
   * one left with none is gone too (a unique key on a column dropConstrainedForeignId drops).
   */
  function dropColumns(table: Table, names: readonly string[]): void {
    table.columns = table.columns.filter((c) => !names.includes(c.name));
    table.indexes = table.indexes
      .map((x) => (x.columns.some((c) => names.includes(c)) ? { ...x, columns: x.columns.filter((c) => !names.includes(c)), changed: true } : x))
      .filter((x) => x.columns.length > 0);
  }

  /** One alter statement on `table`, or undefined when the pick does not fit it. */
  function alterStatement(table: Table, locked: Set<string>): string | undefined {
    const free = table.columns.filter((c) => !c.pinned && !c.indexed && !locked.has(c.name));
    // A column in an index no foreign key needs: the server takes it out of the index.
    const foreignColumns = new Set(table.foreignKeys.flatMap((k) => k.columns));
    const droppable = table.columns.filter((c) => !c.pinned && !locked.has(c.name)
      && table.indexes.every((x) => !x.columns.includes(c.name)
        // MariaDB refuses to shrink a unique key (1072): only a plain index, or a key of this column alone.
        || ((x.kind === 'index' || x.columns.length === 1) && x.kind !== 'primary' && !x.columns.some((o) => foreignColumns.has(o)))));
    // Laravel 8 reads the table through doctrine/dbal, which knows no enum or set.
    const doctrineReads = !v8 || !table.hasEnum;
    switch (r.int(0, 14)) {
      case 0: case 1: case 2:
        return columnStatement(table, false, locked);
      case 14: {
        const primary = table.indexes.find((x) => x.kind === 'primary');
        if (!primary || table.autoIncrement || table.key || primary.columns.some((c) => locked.has(c) || table.foreignKeys.some((k) => k.columns.includes(c)))) return undefined;
        table.indexes = table.indexes.filter((x) => x !== primary);
        primary.columns.forEach((c) => locked.add(c));
        return r.chance(0.5) ? '$t->dropPrimary();' : `$t->dropPrimary([${primary.columns.map(q).join(', ')}]);`;
      }
      case 3: {
        // Dropping: a column no key needs; the table keeps at least two.
        const pool = r.chance(0.4) ? droppable : free;
        if (pool.length === 0 || table.columns.length < 3) return undefined;
        const drop = r.some(pool, r.int(1, Math.min(2, pool.length, table.columns.length - 2)));
        if (!canDrop(table, drop.map((c) => c.name))) return undefined;
        dropColumns(table, drop.map((c) => c.name));
        drop.forEach((c) => locked.add(c.name));
        return drop.length === 1 && r.chance(0.5) ? `$t->dropColumn('${drop[0]!.name}');` : `$t->dropColumn([${drop.map((c) => q(c.name)).join(', ')}]);`;
      }
      case 4: case 5: {
        if (!doctrineReads) return undefined;
        const candidates = table.columns.filter((c) => !locked.has(c.name) && c.kind !== 'generated' && !c.generatedBase && !(v8 && c.expressionDefault) && !(v8 && table.referencedBy.size > 0 && c.name === table.key?.column));
        if (candidates.length === 0) return undefined;
        const column = r.pick(candidates);
        const from = column.name;
        const to = fresh('n');
        for (const index of table.indexes) {
          if (index.columns.includes(from)) index.changed = true;
          index.columns = index.columns.map((c) => (c === from ? to : c));
        }
        for (const key of table.foreignKeys) key.columns = key.columns.map((c) => (c === column.name ? to : c));
        if (table.key?.column === column.name) table.key = { ...table.key, column: to };
        locked.add(from);
        column.name = to;
        locked.add(to);
        return `$t->renameColumn('${from}', '${to}');`;
      }
      case 6: case 7: {
        if (!doctrineReads) return undefined;
        return changeStatement(table, free, locked);
      }
      case 8: {
        const lines = indexStatements(table, 1);
        return lines[0];
      }
      case 9: {
        // Drop or rename an index that no foreign key needs.
        const droppable = table.indexes.filter((x) => x.kind !== 'primary' && !table.foreignKeys.some((k) => x.columns.includes(k.columns[0]!)) && !x.columns.some((c) => locked.has(c)));
        if (droppable.length === 0) return undefined;
        const index = r.pick(droppable);
        table.indexes = table.indexes.filter((x) => x !== index);
        if (r.chance(0.4)) {
          const to = fresh(`${table.name}_r`);
          table.indexes.push({ ...index, name: to });
          return `$t->renameIndex('${index.name}', '${to}');`;
        }
        const method = index.kind === 'unique' ? 'dropUnique' : index.kind === 'fulltext' ? 'dropFullText' : 'dropIndex';
        const generated = `${table.name}_${index.columns.join('_')}_${index.kind}`;
        return index.name === generated && !index.changed && r.chance(0.5)
          ? `$t->${method}([${index.columns.map(q).join(', ')}]);`
          : `$t->${method}('${index.name}');`;
      }
      case 10: {
        // Drop a foreign key (its index stays).
        if (table.foreignKeys.length === 0) return undefined;
        const key = r.pick(table.foreignKeys);
        if (key.columns.some((c) => locked.has(c))) return undefined;
        table.foreignKeys = table.foreignKeys.filter((k) => k !== key);
        tables.get(key.table)?.referencedBy.delete(table.name);
        const generated = `${table.name}_${key.columns.join('_')}_foreign`;
        key.columns.forEach((c) => locked.add(c));
        if (key.name === generated && r.chance(0.3) && canDrop({ ...table, foreignKeys: table.foreignKeys.filter((k) => k !== key) }, key.columns)) {
          dropColumns(table, key.columns);
          return `$t->dropConstrainedForeignId('${key.columns[0]}');`;
        }
        return key.name === generated && r.chance(0.5) ? `$t->dropForeign(['${key.columns[0]}']);` : `$t->dropForeign('${key.name}');`;
      }
      case 11: {
        if (!table.columns.some((c) => c.name === 'created_at') || locked.has('created_at')) return undefined;
        const stamps = table.columns.filter((c) => c.name === 'created_at' || c.name === 'updated_at');
        if (stamps.some((c) => c.pinned) || stamps.length !== 2 || !canDrop(table, ['created_at', 'updated_at']) || table.columns.length < 3) return undefined;
        dropColumns(table, ['created_at', 'updated_at']);
        locked.add('created_at');
        locked.add('updated_at');
        return '$t->dropTimestamps();';
      }
      case 12: {
        const soft = table.columns.find((c) => c.name === 'deleted_at' && !c.pinned && !locked.has(c.name));
        if (!soft || !canDrop(table, ['deleted_at']) || table.columns.length < 2) return undefined;
        dropColumns(table, ['deleted_at']);
        locked.add('deleted_at');
        return '$t->dropSoftDeletes();';
      }
      default: {
        const morph = table.indexes.find((x) => /_m\d+_type_m\d+_id_index$/.test(x.name) && x.columns.every((c) => !locked.has(c)));
        if (!morph || table.foreignKeys.some((k) => morph.columns.includes(k.columns[0]!))) return undefined;
        const name = morph.columns[0]!.replace(/_type$/, '');
        if (morph.columns[1] !== `${name}_id` || morph.name !== `${table.name}_${name}_type_${name}_id_index` || !canDrop(table, morph.columns) || table.columns.length < 3) return undefined;
        dropColumns(table, morph.columns);
        morph.columns.forEach((c) => locked.add(c));
        return `$t->dropMorphs('${name}');`;
      }
    }
  }

  function changeStatement(table: Table, free: Column[], locked: Set<string>): string | undefined {
    const kinds = ['int', 'bigint', 'smallint', 'string', 'char', 'text', 'decimal', 'bool', 'date', 'json', ...(v8 ? [] : ['timestamp', 'datetime', 'enum', 'float', 'double', 'time', 'tinyint'])];
    // Laravel 8's doctrine/dbal writes an expression default back quoted (1067).
    const changeable = free.filter((c) => kinds.includes(c.kind) && !(v8 && c.expressionDefault));
    if (changeable.length === 0) return undefined;
    const column = r.pick(changeable);
    locked.add(column.name);
    const mods: string[] = [];
    if (r.chance(0.4)) mods.push(r.chance(0.7) ? '->nullable()' : '->nullable(false)');
    if (r.chance(0.2)) mods.push(`->comment('changed')`);
    let head: string;
    switch (column.kind) {
      case 'int': case 'bigint': case 'smallint': {
        const type = r.pick(['integer', 'bigInteger', 'smallInteger'] as const);
        head = `$t->${type}('${column.name}')`;
        if (r.chance(0.3)) mods.push('->unsigned()');
        if (r.chance(0.3)) mods.push(`->default(${r.int(0, 9)})`);
        column.kind = ({ integer: 'int', bigInteger: 'bigint', smallInteger: 'smallint' } as const)[type];
        break;
      }
      case 'string': case 'char': {
        if (r.chance(0.2)) {
          head = `$t->${r.pick(['text', 'mediumText'])}('${column.name}')`;
          column.kind = 'text';
          column.indexable = false;
        } else {
          head = `$t->string('${column.name}', ${r.pick([30, 80, 150])})`;
          if (r.chance(0.3)) mods.push(`->default('${r.pick(words)}')`);
          if (r.chance(0.2)) mods.push("->charset('utf8mb4')->collation('utf8mb4_unicode_ci')");
        }
        break;
      }
      case 'text':
        head = `$t->${r.pick(['text', 'mediumText', 'longText'])}('${column.name}')`;
        break;
      case 'decimal':
        head = `$t->decimal('${column.name}', ${r.pick([9, 14])}, ${r.pick([1, 4])})`;
        break;
      case 'bool':
        head = `$t->boolean('${column.name}')`;
        if (r.chance(0.5)) mods.push('->default(true)');
        break;
      case 'date':
        head = `$t->${v8 ? 'dateTime' : r.pick(['dateTime', 'timestamp'])}('${column.name}')`;
        column.kind = 'datetime';
        break;
      case 'timestamp': case 'datetime': {
        const precision = r.pick(['', ', 3']);
        head = `$t->${r.pick(['timestamp', 'dateTime'])}('${column.name}'${precision})`;
        // A timestamp NOT NULL with no default would make every later ALTER of the table fail (1067).
        if (!mods.includes('->nullable()')) mods.push(r.chance(0.5) ? '->nullable()' : '->useCurrent()');
        if (r.chance(0.2)) mods.push('->useCurrentOnUpdate()');
        column.expressionDefault = true;
        break;
      }
      case 'enum':
        head = `$t->enum('${column.name}', ['a', 'b', 'draft', 'z'])`;
        if (r.chance(0.4)) mods.push("->default('z')");
        break;
      case 'float': case 'double':
        head = r.chance(0.5) ? `$t->float('${column.name}', ${r.pick([10, 30, 53])})` : `$t->double('${column.name}')`;
        break;
      case 'time':
        head = `$t->time('${column.name}'${r.pick(['', ', 1'])})`;
        break;
      case 'tinyint':
        head = `$t->${r.pick(['tinyInteger', 'mediumInteger'])}('${column.name}')`;
        if (r.chance(0.5)) mods.push('->unsigned()');
        column.kind = 'int';
        break;
      default:
        head = `$t->json('${column.name}')`;
        break;
    }
    return `${head}${mods.join('')}->change();`;
  }

  function alterTable(): void {
    const candidates = [...tables.values()];
    if (candidates.length === 0) return;
    const table = r.pick(candidates);
    const roll = r.int(0, 19);
    // Whole-table operations.
    if (roll === 0 || roll === 1) {
      const to = `${prefix}${fresh('r')}`;
      const viaBlueprint = roll === 1;
      tables.delete(table.name);
      for (const other of tables.values()) {
        for (const key of other.foreignKeys) if (key.table === table.name) key.table = to;
        if (other.referencedBy.delete(table.name)) other.referencedBy.add(to);
      }
      const from = table.name;
      table.name = to;
      delete table.noun;
      tables.set(to, table);
      statements++;
      addFile(viaBlueprint
        ? `        Schema::table('${from}', function (Blueprint $t) {\n            $t->rename('${to}');\n        });`
        : `        Schema::rename('${from}', '${to}');`);
      return;
    }
    if (roll === 2 && table.referencedBy.size === 0 && tables.size > 2) {
      tables.delete(table.name);
      for (const key of table.foreignKeys) tables.get(key.table)?.referencedBy.delete(table.name);
      statements++;
      addFile(`        Schema::${r.pick(['drop', 'dropIfExists'])}('${table.name}');`);
      return;
    }
    const locked = new Set<string>();
    const lines: string[] = [];
    const count = r.int(1, 4);
    for (let i = 0; i < count * 3 && lines.length < count; i++) {
      const line = alterStatement(table, locked);
      if (line) lines.push(line);
    }
    if (lines.length === 0) return;
    statements += lines.length + 1;
    addFile(`        Schema::table('${table.name}', function (Blueprint $t) {\n        ${lines.join('\n        ')}\n        });`);
  }

  const creates = r.int(2, 5);
  for (let i = 0; i < creates; i++) createTable();
  const alters = r.int(3, 10);
  for (let i = 0; i < alters; i++) {
    if (r.chance(0.15)) createTable();
    else alterTable();
  }
  return { history, statements };
}
