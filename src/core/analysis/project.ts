// The project-level entry point shared by the CLI and the editor: parse (cached per file),
// order, simulate the timeline, run the rules, apply severities and ignore comments.
import { createHash } from 'node:crypto';
import { orderMigrationPaths } from './load';
import { parseMigration } from './parse';
import { isSeverity } from './severity';
import { rules as defaultRules, type Rule, type RuleFinding } from './rules';
import { fillTemplate } from '../messages/catalog';
import { simulateTimeline, type Timeline } from './timeline';
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

const lower: Record<Severity, Severity> = { error: 'warning', warning: 'information', information: 'hint', hint: 'hint' };

/** Runs every rule over migrations already in Laravel's order. */
export function analyzeProject(migrations: readonly MigrationFile[], options: AnalysisOptions = {}): ProjectAnalysis {
  // Laravel creates its `migrations` table itself, before the first migration runs.
  const timeline = simulateTimeline(migrations, ['migrations', ...(options.baselineTables ?? [])]);
  let byPath: Map<string, MigrationFile> | undefined;
  const findings: Finding[] = [];
  for (const rule of options.rules ?? defaultRules) {
    const configured = options.severities?.[rule.id];
    const severity: SeveritySetting = configured && isSeverity(configured) ? configured : rule.defaultSeverity;
    if (severity === 'off') continue;
    const raw: RuleFinding[] = [];
    if (rule.checkFile) {
      for (const m of migrations) {
        const found = checkFile(rule, m);
        for (let i = 0; i < found.length; i++) raw.push(found[i]);
      }
    }
    if (rule.checkProject) raw.push(...rule.checkProject({ migrations, timeline, drizzle: options.drizzle, laravel: options.laravel }));
    for (const f of raw) {
      byPath ??= new Map(migrations.map((m) => [m.path, m]));
      const ignored = byPath.get(f.file)?.ignores.get(f.range.start.line);
      if (ignored && (ignored.includes(rule.id) || ignored.includes('*'))) continue;
      const { lowered, ...finding } = f;
      findings.push({ ...finding, rule: rule.id, severity: lowered ? lower[severity as Severity] : (severity as Severity), message: fillTemplate(f.template, f.args) });
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
  /** Paths in Laravel's order; re-sorted only when a file is added or removed. */
  private orderedPaths: string[] | undefined;

  /** Sets a file's current text (saved or not); returns its analysis. */
  setFile(path: string, source: string): MigrationFile {
    const hash = createHash('sha1').update(source).digest('base64');
    const known = this.files.get(path);
    if (known?.hash === hash) return known.file;
    const file = parseMigration(path, source);
    this.files.set(path, { hash, file });
    if (!known) this.orderedPaths = undefined;
    return file;
  }

  removeFile(path: string): boolean {
    this.orderedPaths = undefined;
    return this.files.delete(path);
  }

  migrations(): MigrationFile[] {
    this.orderedPaths ??= orderMigrationPaths([...this.files.keys()]);
    return this.orderedPaths.map((p) => this.files.get(p)!.file);
  }

  analyze(options: AnalysisOptions = {}): ProjectAnalysis {
    return analyzeProject(this.migrations(), options);
  }
}
