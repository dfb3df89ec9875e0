// Which Laravel builds the tables: the grammar rules differ between versions and drivers.
// The adapters read it from the project (composer.lock, settings) and pass it in; the
// translation has no default of its own. Never imports 'vscode'.

import { english, message, type Message } from '../messages/catalog';
import type { ModelFacts } from '../project/models';

export type LaravelDriver = 'mysql' | 'mariadb';

/** A connection's table prefix and whether derived index names carry it. */
export interface ConnectionPrefixValue {
  readonly table: string;
  readonly indexes: boolean;
}

export interface LaravelTarget {
  /** `laravel/framework`'s version, e.g. '8.83', 'v12.0.1', '11.x'. */
  readonly version: string;
  /** `DB_CONNECTION`: Laravel 11+ has a separate `mariadb` driver with its own grammar. */
  readonly driver: LaravelDriver;
  /**
   * The project does not say which driver its connection runs (11+): `driver` is only the grammar
   * followed, and a branch on `DB::getDriverName()` that mysql and mariadb take differently is not decided.
   */
  readonly driverAssumed?: true;
  /**
   * config('database.default'), when known: a migration that names this connection (its
   * `$connection`, `Schema::connection('mysql')`) runs on the default one's database.
   */
  readonly defaultConnection?: string;
  /**
   * The default connection's `strict` and `charset` in config/database.php, when they can be read
   * (absent: not known). A strict connection refuses a VARCHAR too long for its character set;
   * otherwise the server makes it a TEXT. The charset is what a new table gets unless it sets its own.
   */
  readonly strict?: boolean;
  readonly charset?: string;
  /**
   * The default connection's non-empty `prefix`, when config/database.php proves it, and whether the
   * index names Laravel derives carry it (`prefix_indexes`). Absent: none, or not known.
   */
  readonly connectionPrefix?: ConnectionPrefixValue;
  /** Whether the default connection is known to run on MySQL or MariaDB (false: another database's; absent: not known). */
  readonly mysqlFamily?: boolean;
  /**
   * The models the migrations name in foreignIdFor(), as the project facts read them: Laravel
   * instantiates the model for its key. undefined: not read, such a column is unknown.
   */
  readonly models?: ModelFacts;
}

/** The rules of one Laravel version's schema grammar that the translation follows. */
export interface LaravelGrammar {
  /** 'Laravel 8.83 (mysql)', for reasons. */
  readonly label: string;
  /**
   * 'doctrine' (8–10): change() and renameColumn() go through doctrine/dbal, every added and
   * changed column is compiled before the other commands. 'native' (11+): MODIFY / RENAME
   * COLUMN, every command in the order it was written.
   */
  readonly alter: 'doctrine' | 'native';
  /** 'double' (8–10): float() and double() are double(total, places). 'precision' (11+): float(precision), double. */
  readonly floats: 'double' | 'precision';
  /** The mariadb driver (11+) makes uuid() the server's native uuid type. */
  readonly nativeUuid: boolean;
  /** ulid() and foreignUlid() exist (9.39+). */
  readonly ulid: boolean;
  /** uuid(), ipAddress() and macAddress() name their column 'uuid', 'ip_address', 'mac_address' when given none (9+). */
  readonly defaultColumnNames: boolean;
  /** Blueprint::comment(), the table's comment, exists (9.x: from a minor not checked, so 10+). */
  readonly tableComment: boolean;
  /** unsignedDecimal(), unsignedFloat(), unsignedDouble() exist (removed in 11). */
  readonly unsignedDecimal: boolean;
  readonly unsignedFloat: boolean;
  /** binary($column, $length, $fixed) makes binary/varbinary (11.x+ accepts a length). */
  readonly binaryLength: boolean;
  /** `->unique(false)->change()` drops the column's index (10+); before, false still names an index. */
  readonly falseFluentIndexDrops: boolean;
  /** Fluent has its own helpers (`integer()`, `string()`, `when()` ...) from 11 on; before, those names are attributes. */
  readonly fluentHelpers: boolean;
  /** A column's `onUpdate` attribute is compiled (10+: `on update <expression>`); before, it is inert. */
  readonly readsOnUpdate: boolean;
  /** morphs() and its kin take a third argument, `after` (12.23+); before, PHP drops a third argument. */
  readonly morphsAfter: boolean;
  /** Fluent::__call stores its first argument, named or not (`reset($parameters)`, 9.32+); before, `$parameters[0]`, which a named one is not. */
  readonly namedFluentArguments: boolean;
  /**
   * MySqlGrammar::compilePrimary sends the primary key's name (8.x; the server checks its length,
   * then ignores it); 9.47+ sends none. undefined: a 9.x whose minor is not known.
   */
  readonly namesPrimaryKey: boolean | undefined;
  /** Blueprint::foreignUuidFor() (13.9+) and foreignUlidFor() (13.25+) exist; before, PHP refuses the call. */
  readonly foreignUuidFor: boolean;
  readonly foreignUlidFor: boolean;
  /** Schema::hasIndex() exists (10.43+); before, PHP refuses the call. */
  readonly hasIndex: boolean;
  /** The ForeignKeyDefinition shortcuts this version has (others are inert Fluent attributes there). */
  readonly foreignKeyShortcuts: ReadonlySet<string>;
  /**
   * How this version's foreignIdFor() reads the model; undefined where it changed within the
   * major and the minor is not known.
   */
  readonly foreignIdFor: {
    /** An int key makes foreignId() even when not incrementing (11.35+); before, only an incrementing one. */
    readonly intKeyOnly: boolean | undefined;
    /** A model using HasUlids gets foreignUlid() (10.9+); before, foreignUuid(). */
    readonly ulid: boolean | undefined;
    /** The column carries the model's table (11.28+) and key name (11.31+), which constrained() then references. */
    readonly modelTable: boolean | undefined;
    readonly modelKey: boolean | undefined;
  };
}

const baseShortcuts = ['cascadeOnUpdate', 'restrictOnUpdate', 'cascadeOnDelete', 'restrictOnDelete', 'nullOnDelete'];

/**
 * The versions whose grammar is modelled: 8.x (tested against 8.83), 9.x, 10.x, 11.x, 12.x, 13.x.
 * 13's schema grammars, Blueprint and migrator build on MySQL and MariaDB what 12's do (its new
 * MariaDB vector indexes are tables left unknown).
 */
const modelled = { min: 8, max: 13 };

/** Why a Laravel version's tables cannot be known: in English, and as a message. */
export interface UnknownGrammar {
  readonly unknown: string;
  readonly said: Message;
}

function unknownGrammar(said: Message): UnknownGrammar {
  return { unknown: english(said), said };
}

/** The grammar of `target`, or why its tables cannot be known. */
export function grammarOf(target: LaravelTarget): LaravelGrammar | UnknownGrammar {
  const m = /^\s*v?(\d+)(?:\.(\d+|x|\*))?/i.exec(target.version);
  if (!m) return unknownGrammar(message('unknown.laravelVersion', target.version));
  const major = Number(m[1]);
  const minor = m[2] === undefined || !/^\d+$/.test(m[2]) ? undefined : Number(m[2]);
  if (major < modelled.min || major > modelled.max) {
    return unknownGrammar(message('unknown.laravelNotModelled', target.version, modelled.min, modelled.max));
  }
  // The mariadb driver exists from 11 on; before, a connection named so uses the mysql driver.
  const driver = major >= 11 ? target.driver : 'mysql';
  return {
    label: `Laravel ${target.version} (${driver})`,
    alter: major >= 11 ? 'native' : 'doctrine',
    floats: major >= 11 ? 'precision' : 'double',
    nativeUuid: major >= 11 && driver === 'mariadb',
    // An unknown 9.x minor: a project that calls ulid() runs a Laravel that has it.
    ulid: major >= 10 || (major === 9 && (minor === undefined || minor >= 39)),
    defaultColumnNames: major >= 9,
    tableComment: major >= 10,
    unsignedDecimal: major < 11,
    unsignedFloat: major < 11,
    binaryLength: major >= 11,
    falseFluentIndexDrops: major >= 10,
    readsOnUpdate: major >= 10,
    fluentHelpers: major >= 11,
    // An unknown 12.x minor: what composer installs for ^12 today has it.
    morphsAfter: major > 12 || (major === 12 && (minor === undefined || minor >= 23)),
    foreignIdFor: {
      intKeyOnly: since(major, minor, 11, 35),
      ulid: since(major, minor, 10, 9),
      modelTable: since(major, minor, 11, 28),
      modelKey: since(major, minor, 11, 31),
    },
    // An unknown minor: a project that calls them runs a Laravel that has them (else the migration fails).
    foreignUuidFor: arrived(major, minor, 13, 9),
    foreignUlidFor: arrived(major, minor, 13, 25),
    hasIndex: arrived(major, minor, 10, 43),
    // An unknown 9.x minor: not known to have it.
    namedFluentArguments: major >= 10 || (major === 9 && minor !== undefined && minor >= 32),
    namesPrimaryKey: major === 8 || (major === 9 ? (minor === undefined ? undefined : minor < 47) : false),
    foreignKeyShortcuts: new Set([
      ...baseShortcuts,
      ...(major >= 10 ? ['noActionOnUpdate', 'noActionOnDelete'] : []),
      ...(major >= 11 ? ['nullOnUpdate'] : []),
    ]),
  };
}

/** Whether `major.minor` is `fromMajor.fromMinor` or later; undefined when that turns on a minor not known. */
function since(major: number, minor: number | undefined, fromMajor: number, fromMinor: number): boolean | undefined {
  if (major !== fromMajor) return major > fromMajor;
  return minor === undefined ? undefined : minor >= fromMinor;
}

/** Whether a method that arrived in `fromMajor.fromMinor` exists in `major.minor`; an unknown minor of that major: it does. */
function arrived(major: number, minor: number | undefined, fromMajor: number, fromMinor: number): boolean {
  return since(major, minor, fromMajor, fromMinor) ?? true;
}
