// Reads the workspace's `.vscode/settings.json` (JSON with comments) so the CLI honours the
// same rule severities and migration folders as the editor.
import * as fs from '../asyncFs';
import * as path from 'node:path';
import type * as Jsonc from 'jsonc-parser';
import { readTextFile } from './readSource';
import { isSeverity } from './severity';
import type { SeveritySetting } from './types';

/**
 * Parses JSON with comments and trailing commas as VS Code reads settings (its own parser,
 * jsonc-parser; a leading BOM is dropped as VS Code drops it). Throws on a syntax error, saying where.
 */
export function parseJsonc(text: string): unknown {
  // Loaded when there is a file to parse: evaluating the package (its formatter builds ~1,200
  // strings) cost every status run, most of which find no settings file.
  const { parse, printParseErrorCode } = require('jsonc-parser') as typeof Jsonc;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const errors: Jsonc.ParseError[] = [];
  const value: unknown = parse(source, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const { error, offset } = errors[0]!;
    const before = source.slice(0, offset).split('\n');
    throw new SyntaxError(`${printParseErrorCode(error)} at line ${before.length}, column ${before[before.length - 1]!.length + 1}`);
  }
  return value;
}

export interface WorkspaceAnalysisSettings {
  readonly rules: Record<string, SeveritySetting>;
  readonly migrationPaths?: string[];
  /** migrationDoctor.laravelVersion: used when composer.lock and composer.json do not say. */
  readonly laravelVersion?: string;
  /** A sentence when the settings file exists but cannot be read. */
  readonly problem?: string;
}

export async function readWorkspaceSettings(folder: string): Promise<WorkspaceAnalysisSettings> {
  const file = path.join(folder, '.vscode', 'settings.json');
  let text: string;
  try {
    text = await readTextFile(file);
  } catch {
    return { rules: {} };
  }
  let json: Record<string, unknown>;
  try {
    json = (parseJsonc(text) ?? {}) as Record<string, unknown>;
  } catch (error) {
    return { rules: {}, problem: `${file} is not valid JSON with comments (${(error as Error).message}); its Migration Doctor settings are ignored.` };
  }
  const rules: Record<string, SeveritySetting> = {};
  const configured = json['migrationDoctor.rules'] ?? (json.migrationDoctor as Record<string, unknown> | undefined)?.rules;
  if (configured && typeof configured === 'object') {
    for (const [id, value] of Object.entries(configured)) if (isSeverity(value)) rules[id] = value;
  }
  const paths = json['migrationDoctor.migrationPaths'];
  const migrationPaths = Array.isArray(paths) && paths.every((p) => typeof p === 'string') ? (paths as string[]) : undefined;
  const laravelVersion = typeof json['migrationDoctor.laravelVersion'] === 'string' && json['migrationDoctor.laravelVersion'] !== '' ? json['migrationDoctor.laravelVersion'] : undefined;
  return { rules, ...(migrationPaths ? { migrationPaths } : {}), ...(laravelVersion ? { laravelVersion } : {}) };
}

export interface MigrationInput {
  /** As given (or configured). */
  readonly input: string;
  /** Resolved against the project root. */
  readonly path: string;
  /** Undefined when nothing exists there. */
  readonly kind?: 'folder' | 'file';
}

/**
 * The migration folders or files the CLI reads: those given, else migrationDoctor.migrationPaths,
 * else Laravel's database/migrations; the caller decides what a missing one or a file means.
 */
export async function resolveMigrationInputs(root: string, given: readonly string[], settings: WorkspaceAnalysisSettings): Promise<MigrationInput[]> {
  const inputs = given.length ? given : settings.migrationPaths ?? ['database/migrations'];
  return Promise.all(inputs.map(async (input) => {
    const resolved = path.resolve(root, input);
    const stat = await fs.stat(resolved).catch(() => undefined);
    return { input, path: resolved, ...(stat ? { kind: stat.isDirectory() ? 'folder' as const : 'file' as const } : {}) };
  }));
}
