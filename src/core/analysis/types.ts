// The analysis core's data model: what a migration file says, as far as the code backs it.
// Shared by the linter, the status engine and the Blueprint
// translation. Never imports 'vscode'.

import type { Message } from '../messages/catalog';

/** 0-based line and column (UTF-16 code units, as VS Code counts), plus the 0-based offset. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/** A table name exactly as written: the string literal and its range (quotes excluded). */
export interface TableReference {
  readonly name: string;
  readonly range: SourceRange;
}

export type SchemaOperationKind = 'create' | 'table' | 'drop' | 'dropIfExists' | 'rename';

/** A guard such as `if (! Schema::hasTable('t'))` around the operation. */
export interface TableGuard {
  readonly table: string;
  /** true for `if (Schema::hasTable(t))`, false for `if (! Schema::hasTable(t))`. */
  readonly requiresExisting: boolean;
}

/** A literal value as written in PHP; anything not literal is `{ unknown: reason }`. */
export type PhpValue =
  | string
  | number
  | boolean
  | null
  | readonly PhpValue[]
  | { readonly [key: string]: PhpValue }
  /** Anything not a literal, as written; `Foo::class` also says which class it names. */
  | { readonly unknown: string; readonly className?: string };

/** The class a foreignIdFor() argument names (`Foo::class`, or a string naming it in full), as PHP resolves it; else undefined. */
export function modelClassNamed(value: PhpValue | undefined): string | undefined {
  if (typeof value === 'string') return value.replace(/^\\/, '');
  const named = typeof value === 'object' && value !== null && !Array.isArray(value) ? value as { readonly unknown?: unknown; readonly className?: unknown } : undefined;
  return typeof named?.unknown === 'string' && typeof named.className === 'string' ? named.className : undefined;
}

/** One call of a fluent chain on the Blueprint, e.g. `string('name', 50)` then `nullable()`. */
export interface BlueprintCall {
  readonly method: string;
  /** Positional arguments, in order. */
  readonly args: readonly PhpValue[];
  /** PHP 8 named arguments (`nullable: true`), when any. */
  readonly namedArgs?: { readonly [name: string]: PhpValue };
}

/** One statement of a Blueprint closure: `$table->string('x', 50)->nullable();`. */
export interface BlueprintStatement {
  readonly chain: readonly BlueprintCall[];
  readonly range: SourceRange;
  /** `if (Schema::hasColumn('t', 'c'))` around it in the closure: it runs only when each holds. */
  readonly when?: readonly SchemaGuard[];
  /** In the closure's branch on the driver that the mysql and the mariadb driver take differently: it runs with this one only. */
  readonly driver?: 'mysql' | 'mariadb';
}

/** `Schema::hasColumn(table, column)` (exists: true) or its negation, read when the closure runs. */
export interface ColumnGuard {
  readonly table: string;
  readonly column: string;
  readonly exists: boolean;
  /** `in_array('c', Schema::getColumnListing('t'))`: the name as the server keeps it, not hasColumn()'s any case. */
  readonly caseSensitive?: true;
}

/**
 * `Schema::hasIndex(table, index[, type])` (exists: true) or its negation, read when the closure
 * runs (Laravel 10.43+: the translation decides whether the version has it).
 */
export interface IndexGuard {
  readonly table: string;
  /** The index's name, or its columns in order: Laravel compares them with the server's (`===`). */
  readonly index: string | readonly string[];
  /** The type asked for, lower case: 'primary', 'unique', or the server's index_type ('btree', 'fulltext' ...). */
  readonly type?: string;
  readonly exists: boolean;
}

/** `Schema::hasTable(table)` (tableExists: true) or its negation, as a part of a condition. */
export interface TableExistsGuard {
  readonly table: string;
  readonly tableExists: boolean;
}

/** Holds when one of its guards does (`A || B`, `! Schema::hasColumns('t', ['a', 'b'])`). */
export interface AnyGuard {
  readonly any: readonly SchemaGuard[];
}

/** Holds when each of its guards does (`A && B` inside an {@link AnyGuard}). */
export interface AllGuard {
  readonly all: readonly SchemaGuard[];
}

/** A condition made of Schema's questions on the default connection, its names literal: PHP decides it on the tables as they are. */
export type SchemaGuard = ColumnGuard | IndexGuard | TableExistsGuard | AnyGuard | AllGuard;

/** The guard that holds when `guard` does not (De Morgan's laws). */
export function negatedGuard(guard: SchemaGuard): SchemaGuard {
  if ('any' in guard) return { all: guard.any.map(negatedGuard) };
  if ('all' in guard) return { any: guard.all.map(negatedGuard) };
  if ('tableExists' in guard) return { ...guard, tableExists: !guard.tableExists };
  return { ...guard, exists: !guard.exists };
}

/** The tables a guard asks about. */
export function guardTables(guard: SchemaGuard): string[] {
  if ('any' in guard) return guard.any.flatMap(guardTables);
  if ('all' in guard) return guard.all.flatMap(guardTables);
  return [guard.table];
}

/** Whether a guard asks about an index of `table` (which any Blueprint on it may change). */
export function asksIndexOf(guard: SchemaGuard, table: string): boolean {
  if ('any' in guard) return guard.any.some((g) => asksIndexOf(g, table));
  if ('all' in guard) return guard.all.some((g) => asksIndexOf(g, table));
  return 'index' in guard && guard.table === table;
}

export interface SchemaOperation {
  readonly kind: SchemaOperationKind;
  /** The table operated on (for 'rename', the old name). */
  readonly table: TableReference;
  /** For 'rename', the new name. */
  readonly renamedTo?: TableReference;
  /** `Schema::connection('x')->...`: the connection name, when literal. */
  readonly connection?: string;
  readonly guards: readonly TableGuard[];
  /** The Blueprint closure's statements ('create' and 'table'), in order. */
  readonly blueprint?: readonly BlueprintStatement[];
  /** Why the closure cannot be fully known statically (loop, variable, raw SQL...), if so. */
  readonly blueprintUnknown?: string;
  /** The same as a message, for the user's language (code in it is said as written). */
  readonly blueprintUnknownSaid?: Message;
  /**
   * When the closure is not known only because of conditions that cannot be decided statically:
   * the Blueprint statements of their branches, which may run. With `blueprint` they bound what it may add.
   */
  readonly blueprintMayRun?: readonly BlueprintStatement[];
  /** The whole `Schema::...(...)` call. */
  readonly range: SourceRange;
  /**
   * Set when the operation may not run: inside a loop, a try, or a condition other than a
   * `hasTable` guard (the reason, e.g. 'condition'). Rules make no existence claim about it.
   */
  readonly conditional?: string;
  /**
   * A drop or rename written as `$table->drop()` / `$table->rename('x')` inside the
   * `Schema::table` just before it: reported for the rules and status, already part of that
   * Blueprint's statements for the translation.
   */
  readonly inBlueprint?: true;
  /**
   * The call is the only statement of a try whose catch takes any query exception and throws
   * nothing: if its SQL fails, the table stays as it was and the migration goes on.
   */
  readonly failureSwallowed?: true;
  /**
   * Read from literal SQL (`DB::statement('ALTER TABLE t DROP FOREIGN KEY k')`): `table` is the
   * name the server knows, the connection's prefix already in it (see {@link operationTable}).
   */
  readonly fromSql?: true;
  /**
   * With `conditional` {@link driverCondition}: the driver it runs with (`if (DB::getDriverName() === 'mysql')`),
   * which only the project's connection decides (Laravel 11+ has a mariadb driver of its own).
   */
  readonly driver?: 'mysql' | 'mariadb';
}

/** `conditional` of the operations of a migration whose class declares shouldRun(): they happened if it is recorded. */
export const shouldRunCondition = 'shouldRun';

/**
 * `conditional` of a create or rename guarded by `Schema::hasTable()` on another table: the replay
 * decides its guards, but a claim that its table exists (status) takes no guard into account.
 */
export const guardedElsewhereCondition = 'guard on another table';

/**
 * `conditional` of an operation on a named connection when the project's default connection is
 * not known: it may be the default one's database, or another's.
 */
export const connectionNotKnownCondition = 'connection not known to be the default';

/** `conditional` of the operations in a branch on the driver that the mysql and the mariadb driver take differently. */
export const driverCondition = 'driver condition';

/** The driver a Laravel version runs a MySQL/MariaDB connection with: the mariadb driver came with Laravel 11. */
export function runningDriver(target: { readonly version: string; readonly driver: 'mysql' | 'mariadb'; readonly driverAssumed?: true }): 'mysql' | 'mariadb' | undefined {
  const major = /^\s*v?(\d+)/i.exec(target.version)?.[1];
  if (major === undefined) return undefined;
  if (Number(major) < 11) return 'mysql';
  return target.driverAssumed ? undefined : target.driver;
}

/**
 * Whether a replay of the migrations that ran takes an operation as run ('runs'), as never run
 * (a branch of the other driver: 'never'), or cannot tell ('maybe', and then claims nothing).
 * A recorded migration's shouldRun() said yes.
 */
export function operationRuns(op: Pick<SchemaOperation, 'conditional' | 'driver'>, driver: 'mysql' | 'mariadb' | undefined): 'runs' | 'never' | 'maybe' {
  if (op.conditional === undefined || op.conditional === shouldRunCondition || op.conditional === guardedElsewhereCondition) return 'runs';
  if (op.conditional === driverCondition && op.driver !== undefined && driver !== undefined) return op.driver === driver ? 'runs' : 'never';
  return 'maybe';
}

/** The table an operation works on, as the server names it: Laravel adds the connection's prefix to a Blueprint's, never to SQL's. */
export function operationTable(op: SchemaOperation, prefix: string): string {
  return op.fromSql ? op.table.name : prefix + op.table.name;
}

export interface MethodAnalysis {
  /** Whether the class declares this method at all. */
  readonly declared: boolean;
  readonly range?: SourceRange;
  /** The method's name (`down`), where a diagnostic about the whole method sits. */
  readonly nameRange?: SourceRange;
  readonly operations: readonly SchemaOperation[];
  /** Statements that touch the schema in ways not known statically (DB::statement, variable table names...). */
  readonly unknown: readonly UnknownStatement[];
  /** True when the body holds no statement at all (comments only): a deliberate no-op. */
  readonly empty?: boolean;
  /** The method's `{ ... }` block, braces included (for quick fixes that rewrite it). */
  readonly bodyRange?: SourceRange;
  /** The `throw`s it reaches whenever the driver lets it, in order. */
  readonly throws?: readonly ThrowStatement[];
  /**
   * Tables whose rows it writes through the query builder (`DB::table('t')->insert(...)`, literal
   * names): a data migration's tables, which change no structure.
   */
  readonly rowsWritten?: readonly string[];
  /** `Schema::disableForeignKeyConstraints()` and `enableForeignKeyConstraints()` on the class's connection, in order. */
  readonly foreignKeyChecks?: readonly ForeignKeyChecksCall[];
}

/**
 * A call that turns the connection's FOREIGN_KEY_CHECKS off or on: a session setting, so it holds
 * for what follows, in this migration and the next ones, until turned back.
 */
export interface ForeignKeyChecksCall extends Pick<SchemaOperation, 'conditional' | 'driver'> {
  readonly range: SourceRange;
  readonly enabled: boolean;
  /** The call as written (`Schema::disableForeignKeyConstraints()`), for the reasons that name it. */
  readonly written: string;
}

/**
 * A `throw` only the driver decides (`if (DB::getDriverName() !== 'mysql') { throw ...; }`), or
 * none: where it is reached, the migration fails after what precedes it ran (MySQL's DDL is not
 * transactional) and is not recorded. A recorded migration did not reach it.
 */
export interface ThrowStatement {
  readonly range: SourceRange;
  /** What is thrown, as written (`new \RuntimeException('...')`). */
  readonly thrown: string;
  /** The driver it is reached with (as {@link SchemaOperation.driver}); undefined: with any. */
  readonly driver?: 'mysql' | 'mariadb';
}

/**
 * The Blueprint call an `ALTER TABLE t ENGINE = ...` is read as (its engine the argument): a name
 * no PHP method has, so no call written in a file is taken for it.
 */
export const sqlEngineCall = 'sql:engine';

/**
 * The Blueprint call an `ALTER TABLE t ADD|MODIFY|CHANGE [COLUMN] ...` of one column is read as:
 * its arguments the action, the column's name before and after, its definition and the SQL.
 */
export const sqlColumnCall = 'sql:column';

export interface UnknownStatement {
  readonly reason: string;
  /** The reason as a message, when it is a sentence (code such as `Artisan::call` is said as written). */
  readonly said?: Message;
  readonly range: SourceRange;
  /** Tables a literal SQL statement creates / drops (`DB::statement('CREATE TABLE x ...')`), when readable. */
  readonly sqlCreates?: readonly string[];
  readonly sqlDrops?: readonly string[];
  /**
   * Tables the statement may change when that is bounded: those literal SQL names after TABLE
   * (create, alter, drop, rename); those an unread own method changes with `Schema::table()`.
   */
  readonly sqlTables?: readonly string[];
  /** The literal SQL is one UPDATE, INSERT, REPLACE or DELETE: it changes rows, no structure. */
  readonly rowsOnly?: true;
  /** The literal SQL is one ALTER TABLE that keeps the table's name: it changes the table it names only. */
  readonly alterOnly?: true;
  /**
   * The statement may create, drop or rename tables it does not name: a table name or SQL text
   * that is not a literal, `Artisan::call`, a helper method that was not read (and not bounded, see tablesReached).
   */
  readonly anyTable?: true;
  /** A Schema::create() under a name that is not a literal: it leaves the existing tables as they were, but any absent name may exist after it. */
  readonly createsUnnamed?: true;
  /**
   * The statement renames or drops only tables whose names the server lists as matching each of
   * these SQL LIKE patterns (`foreach (DB::select('SELECT TABLE_NAME FROM information_schema.tables
   * WHERE table_name LIKE ?', ['backup%']) as $row) Schema::rename($row->TABLE_NAME, ...)`): see {@link reachesTable}.
   */
  readonly tablesLike?: readonly string[];
  /**
   * A Schema::table() under a name not known whose Blueprint only changes and drops these
   * columns: it failed on a table without them all, and a failure there fails the migration.
   */
  readonly requiresColumns?: readonly string[];
  /** Set when the statement may not run, as {@link SchemaOperation.conditional}: the tables its SQL creates may not exist. */
  readonly conditional?: string;
  /** SQL run on a connection the class names (its `$connection`), as {@link SchemaOperation.connection}. */
  readonly connection?: string;
  /** As {@link SchemaOperation.driver}. */
  readonly driver?: 'mysql' | 'mariadb';
  /** A Schema call on a table named by an expression the analysis cannot read: how the name is written. */
  readonly unnamed?: UnnamedTable;
}

/**
 * How a Schema call's table name is written when the analysis cannot read it as a name: a
 * config() or env() value, a variable, a call's result, a constant, a property or an element,
 * text built from parts, or a name cut by a syntax error.
 */
export type UnnamedKind = 'config' | 'env' | 'variable' | 'call' | 'constant' | 'property' | 'concatenation' | 'cut' | 'other';

/** A table a Schema call names with an expression the analysis cannot read: which table it is, is not known. */
export interface UnnamedTable {
  /** The Schema method, lower case (`create`, `table`, `drop`, `dropifexists`, `rename`). */
  readonly method: string;
  /** 'newName': the new name of a rename (the table renamed may be known). */
  readonly which: 'table' | 'newName';
  /** The name argument as written, on one line (each run of spaces one space), shortened past 100 characters. */
  readonly written: string;
  readonly kind: UnnamedKind;
  /**
   * A variable assigned once, with `=`, in a statement of the function's own body before the call
   * and changed nowhere else: what it assigns, as `written`, its kind and its 1-based line.
   */
  readonly assigned?: { readonly written: string; readonly kind: UnnamedKind; readonly line: number };
}

export type MigrationClass =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'named'; readonly name: string; readonly range: SourceRange; readonly namespace?: string }
  | { readonly kind: 'none' };

export interface ParseProblem {
  readonly message: string;
  readonly range: SourceRange;
  /**
   * 'syntax': PHP's syntax, what precedes the error is still read; 'unreadable': the file could
   * not be read (the message says why); 'internal': the analyser failed (a bug). Nothing is read from the last two.
   */
  readonly kind: 'syntax' | 'unreadable' | 'internal';
}

export interface MigrationFile {
  /** Absolute path (or the path as given). */
  readonly path: string;
  /** File name without `.php`: the value Laravel records in the migrations table. */
  readonly name: string;
  /** `2025_09_23_011532`, or undefined when the file name has no timestamp. */
  readonly timestamp?: string;
  /** The part after the timestamp: `create_eklektik_notifications_tracking_table`. */
  readonly slug: string;
  readonly class: MigrationClass;
  readonly up: MethodAnalysis;
  readonly down: MethodAnalysis;
  /** Syntax errors; what could still be known is kept. */
  readonly parseProblems: readonly ParseProblem[];
  /** `// migration-doctor-ignore rule-id` comments: 0-based line they silence -> rule ids. */
  readonly ignores: ReadonlyMap<number, readonly string[]>;
}

/**
 * What the Blueprint translation and the status engine read of an analysed migration: its name,
 * path, reading problems and its up()'s operations and statements. A MigrationFile is one.
 */
export interface ReplayedMigration {
  readonly path: string;
  readonly name: string;
  readonly parseProblems: readonly ParseProblem[];
  readonly up: Pick<MethodAnalysis, 'operations' | 'unknown'>;
}

/**
 * The part of `file` a status run keeps until it translates: not its down(), its class, its
 * ignore comments nor the ranges of its methods, which it never reads. At 10,000 files a cold
 * run holds every analysis until the snapshot has the recorded rows: what it keeps is marked
 * (and first copied) by every collection that comes before.
 */
export function replayedPart(file: MigrationFile): ReplayedMigration {
  return { path: file.path, name: file.name, parseProblems: file.parseProblems, up: { operations: file.up.operations, unknown: file.up.unknown } };
}

// ---- Findings: what rules report (shared by the CLI and the editor) ----

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface RelatedLocation {
  readonly file: string;
  readonly range: SourceRange;
  readonly message: string;
}

/** A text replacement in one file. */
export interface TextEdit {
  readonly file: string;
  readonly range: SourceRange;
  readonly newText: string;
}

/**
 * A quick fix, described without 'vscode' so the editor can translate its title.
 * `title` is an English template with {0}.. placeholders filled from `args`.
 */
export interface Fix {
  readonly kind: 'setTableLiteral' | 'renameFile' | 'makeDownInverse' | 'renameClass';
  readonly title: string;
  readonly args: readonly string[];
  readonly isPreferred: boolean;
  readonly edits: readonly TextEdit[];
  /** For 'renameFile': the file's new absolute path. */
  readonly renameTo?: string;
}

export interface Finding {
  readonly file: string;
  readonly rule: string;
  readonly severity: Severity;
  /** English message (CLI output); equals `template` filled with `args`, each through `visibleName`. */
  readonly message: string;
  /** The message template with {0}.. placeholders, so the editor can translate it. */
  readonly template: string;
  readonly args: readonly string[];
  readonly range: SourceRange;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

/**
 * Whether a statement bounded by {@link UnknownStatement.tablesLike} may reach the table the
 * server names `table`: the name matches each pattern, with or without the connection's prefix
 * (the server lists names with it, Schema:: adds it again). Case-insensitive, as MariaDB's
 * information_schema compares names: a wider match only leaves more tables unknown.
 */
export function reachesTable(patterns: readonly string[], table: string, prefix: string): boolean {
  const names = prefix !== '' && table.startsWith(prefix) ? [table, table.slice(prefix.length)] : [table];
  return names.some((name) => patterns.every((pattern) => likePattern(pattern).test(name)));
}

/** SQL's LIKE as a regular expression: `%` any text, `_` one character, `\` escaping the next. */
function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else source += c === '%' ? '[\\s\\S]*' : c === '_' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}
