// The project-level entry point shared by the CLI and the editor: parse (cached per file),
// order, simulate the timeline, run the rules, apply severities and ignore comments.
import { createHash } from 'node:crypto';
import { orderMigrationPaths } from './load';
import { parseMigration, unreadableMigration } from './parse';
import { largestReadableFile, tooLarge } from './readSource';
import { isSeverity } from './severity';
import { rules as defaultRules, type Rule, type RuleFinding } from './rules';
import { perFileValues } from './rules/perFile';
import { fillTemplate } from '../messages/catalog';
import { visibleName } from '../messages/visible';
import { simulateTimeline, type Timeline } from './timeline';
import { onDefaultConnection } from './connections';
import type { DrizzleTableDefinition } from '../structure/expected';
import type { LaravelTarget } from '../translate/laravelTarget';
import type { Finding, MigrationFile, Severity, SeveritySetting } from './types';

export { isSeverity };

export interface AnalysisOptions {
  /** Rule id -> severity (or 'off'); rules not listed keep their default. */
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
  readonly rules?: readonly Rule[];
  /** Tables that exist before the first migration (see loadSchemaDumpTables). */
  readonly baselineTables?: readonly string[];
  /** The Drizzle tables the migrations are checked against (schema-mismatch). */
  readonly drizzle?: readonly DrizzleTableDefinition[];
  /** The project's Laravel version and driver (rules comparing translated structures need it). */
  readonly laravel?: LaravelTarget;
}

export interface ProjectAnalysis {
  readonly migrations: readonly MigrationFile[];
  readonly timeline: Timeline;
  readonly findings: readonly Finding[];
}

// Per parsed file, the results of the per-file rules: a keystroke re-runs them for one file only.
const fileFindings = new WeakMap<MigrationFile, Map<string, RuleFinding[]>>();

function checkFile(rule: Rule, file: MigrationFile): RuleFinding[] {
  let cache = fileFindings.get(file);
  if (!cache) fileFindings.set(file, (cache = new Map()));
  let found = cache.get(rule.id);
  if (!found) cache.set(rule.id, (found = rule.checkFile!(file)));
  return found;
}

// Per rule, its per-file findings over the last ordered list: a save looks up only the file that changed.
const fileRuleValues = new WeakMap<Rule, (migrations: readonly MigrationFile[]) => readonly RuleFinding[][]>();

const lower: Record<Severity, Severity> = { error: 'warning', warning: 'information', information: 'hint', hint: 'hint' };

/** Runs every rule over migrations already in Laravel's order. */
export function analyzeProject(migrations: readonly MigrationFile[], options: AnalysisOptions = {}): ProjectAnalysis {
  let byPath: Map<string, MigrationFile> | undefined;
  return analyzeOrdered(migrations, options, (path) => (byPath ??= new Map(migrations.map((m) => [m.path, m]))).get(path));
}

/** `fileAt`: the migration of a path (the project's own map when it has one: no map of every file per analysis). */
function analyzeOrdered(migrations: readonly MigrationFile[], options: AnalysisOptions, fileAt: (path: string) => MigrationFile | undefined,
  previous?: Timeline): ProjectAnalysis {
  // The project-wide rules see each table where it is made: `Schema::connection('mysql')` with mysql as
  // the default is the default connection's table (per file, the code as written: a fix keeps its connection).
  const onDefault = onDefaultConnection(migrations, options.laravel?.defaultConnection);
  // Laravel creates its `migrations` table itself, before the first migration runs.
  const timeline = simulateTimeline(onDefault, ['migrations', ...(options.baselineTables ?? [])], previous);
  const findings: Finding[] = [];
  for (const rule of options.rules ?? defaultRules) {
    const configured = options.severities?.[rule.id];
    const severity: SeveritySetting = configured && isSeverity(configured) ? configured : rule.defaultSeverity;
    if (severity === 'off') continue;
    const raw: RuleFinding[] = [];
    if (rule.checkFile) {
      let values = fileRuleValues.get(rule);
      if (!values) fileRuleValues.set(rule, (values = perFileValues((m) => checkFile(rule, m))));
      for (const found of values(migrations)) for (let i = 0; i < found.length; i++) raw.push(found[i]);
    }
    if (rule.checkProject) raw.push(...rule.checkProject({ migrations: onDefault, timeline, drizzle: options.drizzle, laravel: options.laravel }));
    for (const f of raw) {
      const ignored = fileAt(f.file)?.ignores.get(f.range.start.line);
      if (ignored && (ignored.includes(rule.id) || ignored.includes('*'))) continue;
      const { lowered, ...finding } = f;
      findings.push({ ...finding, rule: rule.id, severity: lowered ? lower[severity as Severity] : (severity as Severity), message: fillTemplate(f.template, f.args.map(visibleName)) });
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.offset - b.range.start.offset));
  return { migrations, timeline, findings };
}

/**
 * A project kept in memory: each file is re-parsed only when its text changes, so one
 * keystroke costs one parse plus the (cheap) timeline and project rules.
 */
export class MigrationProject {
  private readonly files = new Map<string, { hash: string; file: MigrationFile }>();
  /** The files in Laravel's order (re-sorted only when a file is added or removed) and each path's place in it; a changed file is replaced in a copy. */
  private ordered: { files: MigrationFile[]; at: Map<string, number> } | undefined;
  /** The last analysis's timeline: the next one patches it when it can. */
  private timeline: Timeline | undefined;

  /**
   * Sets a file's current text (saved or not), or why it cannot be read; returns its analysis. A
   * file that cannot be read, or a text too large to be a migration (an editor's buffer), stays in
   * the timeline as a migration whose effects are unknown: a later one on its tables is no alarm.
   */
  setFile(path: string, source: string | { readonly problem: string }): MigrationFile {
    const text = typeof source === 'string' && source.length <= largestReadableFile ? source : undefined;
    const problem = text !== undefined ? undefined : typeof source === 'string' ? tooLarge(source.length) : source.problem;
    const hash = text !== undefined ? createHash('sha1').update(text).digest('base64') : `unreadable: ${problem}`;
    const known = this.files.get(path);
    if (known?.hash === hash) return known.file;
    const file = text !== undefined ? parseMigration(path, text) : unreadableMigration(path, `cannot be read: ${problem}`);
    this.files.set(path, { hash, file });
    if (!known) {
      this.ordered = undefined;
    } else if (this.ordered) {
      // A copy: the array a previous analysis returned stays as it was.
      const files = this.ordered.files.slice();
      files[this.ordered.at.get(path)!] = file;
      this.ordered = { files, at: this.ordered.at };
    }
    return file;
  }

  removeFile(path: string): boolean {
    this.ordered = undefined;
    return this.files.delete(path);
  }

  migrations(): MigrationFile[] {
    return this.inOrder().slice();
  }

  analyze(options: AnalysisOptions = {}): ProjectAnalysis {
    const analysis = analyzeOrdered(this.inOrder(), options, (path) => this.files.get(path)?.file, this.timeline);
    this.timeline = analysis.timeline;
    return analysis;
  }

  private inOrder(): readonly MigrationFile[] {
    if (!this.ordered) {
      const paths = orderMigrationPaths([...this.files.keys()]);
      this.ordered = { files: paths.map((p) => this.files.get(p)!.file), at: new Map(paths.map((p, i) => [p, i])) };
    }
    return this.ordered.files;
  }
}
