// The analysis core's data model: what a migration file says, as far as the code backs it.
// Shared by the linter (issue 3), the status engine (issue 5) and the Blueprint
// translation (issue 7). Never imports 'vscode'.

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
  | { readonly unknown: string };

/** One call of a fluent chain on the Blueprint, e.g. `string('name', 50)` then `nullable()`. */
export interface BlueprintCall {
  readonly method: string;
  readonly args: readonly PhpValue[];
}

/** One statement of a Blueprint closure: `$table->string('x', 50)->nullable();`. */
export interface BlueprintStatement {
  readonly chain: readonly BlueprintCall[];
  readonly range: SourceRange;
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
  /** The whole `Schema::...(...)` call. */
  readonly range: SourceRange;
}

export interface MethodAnalysis {
  /** Whether the class declares this method at all. */
  readonly declared: boolean;
  readonly range?: SourceRange;
  readonly operations: readonly SchemaOperation[];
  /** Statements that touch the schema in ways not known statically (DB::statement, variable table names...). */
  readonly unknown: readonly { readonly reason: string; readonly range: SourceRange }[];
}

export type MigrationClass =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'named'; readonly name: string; readonly range: SourceRange }
  | { readonly kind: 'none' };

export interface ParseProblem {
  readonly message: string;
  readonly range: SourceRange;
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
