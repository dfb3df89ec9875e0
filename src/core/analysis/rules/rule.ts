// What a rule is: an id (the diagnostic code, the CLI's `rule`, the settings key), a default
// severity, and a check over one file (cached per parsed file) or over the whole project.
import type { DrizzleTableDefinition } from '../../structure/expected';
import type { LaravelTarget } from '../../translate/laravelTarget';
import type { Timeline } from '../timeline';
import type { Fix, MigrationFile, RelatedLocation, Severity, SourceRange } from '../types';

export interface RuleContext {
  readonly migrations: readonly MigrationFile[];
  readonly timeline: Timeline;
  /** The Drizzle tables the adapter passes (built-in ones, the workspace's own). */
  readonly drizzle?: readonly DrizzleTableDefinition[];
  /** The project's Laravel version and driver: rules that need the translated structure need it. */
  readonly laravel?: LaravelTarget;
}

/** A finding before the engine applies the configured severity and ignore comments. */
export interface RuleFinding {
  readonly file: string;
  readonly template: string;
  readonly args: readonly string[];
  readonly range: SourceRange;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
  /** A cosmetic case of the rule: reported one severity level below the configured one. */
  readonly lowered?: boolean;
}

export interface Rule {
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly description: string;
  /** Depends on the file alone: re-run only when that file is re-parsed. */
  checkFile?(file: MigrationFile): RuleFinding[];
  /** Depends on several files or on the timeline: re-run on every analysis (it must stay cheap). */
  checkProject?(context: RuleContext): RuleFinding[];
}
