// migration-doctor lint: the analysis rules for CI, in text, JSON, SARIF or GitHub annotations.
import * as path from 'node:path';
import { AnalysisCache, analyserIdentity, analysisCachePath } from '../core/analysis/cache';
import { listMigrationPaths, loadSchemaDumpTables, orderMigrationPaths, readingProblem, readMigrations } from '../core/analysis/load';
import { analyzeProject, isSeverity } from '../core/analysis/project';
import { builtInTables } from '../schema';
import { rules } from '../core/analysis/rules';
import type { Finding, SeveritySetting } from '../core/analysis/types';
import { visibleName } from '../core/messages/visible';
import { parseCommandArgs } from './args';
import { githubData, githubProperty } from './githubAnnotations';
import { CliCommand, ExitCode, UsageError } from './io';
import { plural } from './plural';
import { laravelTarget, migrationInputs } from './project';
import { VERSION } from './version';

const formats = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof formats)[number];

const help = `Usage: migration-doctor lint [paths...] [options]

Checks Laravel migration files: file name vs table, down() vs up(), class names, and the
timeline of tables (a create of a table that already exists, a change to one that does not).

Paths are migration folders or files (default: migrationDoctor.migrationPaths from
.vscode/settings.json, else database/migrations).

Options:
  --format text|json|sarif|github  Output format (default text).
  --max-warnings N                 Exit 1 when there are more than N warnings.
  --rule ID=SEVERITY               Override a rule's severity (error, warning, information, hint, off).
                                   Repeatable; applied over migrationDoctor.rules in .vscode/settings.json.
  --laravel-version V              The Laravel version whose grammar builds the tables (schema-mismatch), when
                                   neither composer.lock nor composer.json says (default: migrationDoctor.laravelVersion).
  --no-cache                       Parse every migration file, neither reading nor writing the analysis cache
                                   (.migration-doctor/cache/ under the current folder; a file is parsed again
                                   when its size, modification time, change time or inode differs).

Rules: ${rules.map((r) => r.id).join(', ')}.
A \`// migration-doctor-ignore RULE\` comment silences RULE on its line (or, alone on a line, on the next one).
Exit codes: 1 when an error-severity finding exists or --max-warnings is exceeded, 2 on bad usage,
70 on an internal error (a bug: the message says where its log is), 0 otherwise.
`;

interface LintOptions { paths: string[]; format: Format; maxWarnings?: number; rules: Record<string, SeveritySetting>; laravelVersion?: string; cache: boolean }

export function parseLintArgs(args: readonly string[]): LintOptions | 'help' {
  const { values, positionals } = parseCommandArgs('lint', args, {
    format: { type: 'string' },
    'max-warnings': { type: 'string' },
    rule: { type: 'string', multiple: true },
    'laravel-version': { type: 'string' },
    'no-cache': { type: 'boolean' },
  }, true);
  if (values.help) return 'help';
  const format = values.format ?? 'text';
  if (!(formats as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}': use one of ${formats.join(', ')}.`);
  const maxWarnings = values['max-warnings'];
  if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) throw new UsageError(`--max-warnings needs a whole number, not '${maxWarnings}'.`);
  const options: LintOptions = {
    paths: positionals, format: format as Format, rules: {}, cache: !values['no-cache'],
    ...(maxWarnings !== undefined ? { maxWarnings: Number(maxWarnings) } : {}),
    ...(values['laravel-version'] !== undefined ? { laravelVersion: values['laravel-version'] } : {}),
  };
  for (const rule of values.rule ?? []) {
    const m = /^([a-z][\w-]*)=(\w+)$/.exec(rule);
    if (!m || !isSeverity(m[2])) throw new UsageError('--rule takes ID=SEVERITY, with SEVERITY one of error, warning, information, hint, off.');
    if (!rules.some((r) => r.id === m[1])) throw new UsageError(`unknown rule '${m[1]}': the rules are ${rules.map((r) => r.id).join(', ')}.`);
    options.rules[m[1]!] = m[2];
  }
  return options;
}

export const lint: CliCommand = async (args, io) => {
  const options = parseLintArgs(args);
  if (options === 'help') {
    io.out(help);
    return ExitCode.ok;
  }
  const settings = await migrationInputs(io, 'lint', options.paths);
  const folders: string[] = [];
  const files: string[] = [];
  for (const { input, path: abs, kind } of settings.inputs) {
    if (!kind) throw new UsageError(`'${input}' does not exist. Give a migrations folder or file, or run from the Laravel project's root.`);
    (kind === 'folder' ? folders : files).push(abs);
  }
  const listing = await listMigrationPaths(folders);
  const paths = orderMigrationPaths([...listing.paths, ...files]);
  const baselineTables = await loadSchemaDumpTables(io.cwd, paths);
  // A warm cache spares the parse of every unchanged file, most of a lint run.
  const cache = options.cache ? new AnalysisCache(analysisCachePath(io.cwd, [...folders, ...files]), analyserIdentity(VERSION)) : undefined;
  const migrations = cache ? cache.readMigrations(paths).migrations : readMigrations(paths);
  // schema-mismatch compares the structure the project's Laravel version builds.
  const laravel = await laravelTarget(io, { laravelVersion: options.laravelVersion });
  const analysis = analyzeProject(migrations, { severities: { ...settings.rules, ...options.rules }, baselineTables, drizzle: builtInTables, laravel });
  const findings = analysis.findings;
  const relative = (file: string) => path.relative(io.cwd, file).split(path.sep).join('/');
  // Not findings (PHP's own linter reports syntax errors), but the user must know the check was partial.
  const partial: string[] = listing.skipped.map((skipped) => `${visibleName(relative(skipped.path))} skipped: ${visibleName(skipped.reason)}`);
  for (const m of migrations) {
    // The path made relative only for a file with a problem: a path.relative per file costs more than the check.
    const problem = m.parseProblems.length > 0 ? readingProblem(m, relative(m.path)) : undefined;
    if (problem) partial.push(visibleName(problem));
  }
  io.out(render(options.format, findings, relative, paths.length, partial.length));
  for (const line of partial) io.err(`migration-doctor lint: ${line}.\n`);
  const cacheError = cache?.save();
  if (cacheError) io.err(`migration-doctor lint: the analysis cache could not be written (${cacheError.message}); run with --no-cache to skip it.\n`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.err(`migration-doctor lint: ${plural(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings}.\n`);
  }
  return errors > 0 || (options.maxWarnings !== undefined && warnings > options.maxWarnings) ? ExitCode.findings : ExitCode.ok;
};

function render(format: Format, findings: readonly Finding[], relative: (file: string) => string, fileCount: number, partial: number): string {
  switch (format) {
    case 'json': return `${JSON.stringify(findings.map((f) => ({ file: relative(f.file), ...position(f), rule: f.rule, severity: f.severity, message: f.message })), null, 2)}\n`;
    case 'sarif': return `${JSON.stringify(sarif(findings, relative), null, 2)}\n`;
    case 'github': return findings.map((f) => github(f, relative)).join('');
    case 'text': return text(findings, relative, fileCount, partial);
  }
}

/** 1-based lines and columns (columns in UTF-16 code units, as editors and SARIF count). */
function position(f: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: f.range.start.line + 1, column: f.range.start.column + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.column + 1 };
}

/** `partial`: the files skipped or not read in full, each said on stderr; "no problems" must not read as all of them checked. */
function text(findings: readonly Finding[], relative: (file: string) => string, fileCount: number, partial: number): string {
  const lines = findings.map((f) => {
    const p = position(f);
    return `${visibleName(relative(f.file))}:${p.line}:${p.column}  ${f.severity.padEnd(11)} ${visibleName(f.message)}  ${f.rule}`;
  });
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const unread = partial === 0 ? '' : `; ${plural(partial, 'file')} skipped or not read in full, not checked (said on stderr)`;
  lines.push(findings.length === 0
    ? `No problems in ${plural(fileCount, 'migration')}${unread}.`
    : `${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('information') + count('hint'), 'note')}) in ${plural(fileCount, 'migration')}${unread}.`);
  return `${lines.join('\n')}\n`;
}

const sarifLevel = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

function sarif(findings: readonly Finding[], relative: (file: string) => string): object {
  const region = (r: Finding['range']) => ({ startLine: r.start.line + 1, startColumn: r.start.column + 1, endLine: r.end.line + 1, endColumn: r.end.column + 1 });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: {
        name: 'migration-doctor',
        rules: rules.map((r) => ({ id: r.id, shortDescription: { text: r.description }, defaultConfiguration: { level: sarifLevel[r.defaultSeverity] } })),
      } },
      columnKind: 'utf16CodeUnits',
      results: findings.map((f) => ({
        ruleId: f.rule,
        level: sarifLevel[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: relative(f.file) }, region: region(f.range) } }],
        ...(f.related?.length ? { relatedLocations: f.related.map((r, id) => ({
          id, message: { text: r.message }, physicalLocation: { artifactLocation: { uri: relative(r.file) }, region: region(r.range) },
        })) } : {}),
      })),
    }],
  };
}

const githubLevel = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

function github(f: Finding, relative: (file: string) => string): string {
  const p = position(f);
  return `::${githubLevel[f.severity]} file=${githubProperty(relative(f.file))},line=${p.line},endLine=${p.endLine},col=${p.column},endColumn=${p.endColumn},title=${githubProperty(`migration-doctor ${f.rule}`)}::${githubData(f.message)}\n`;
}

