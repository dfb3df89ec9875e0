// Reads the workspace's `.vscode/settings.json` (JSON with comments) so the CLI honours the
// same rule severities and migration folders as the editor.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isSeverity } from './severity';
import type { SeveritySetting } from './types';

/** Strips comments and trailing commas (JSONC), leaving strings intact, then parses. */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

export interface WorkspaceAnalysisSettings {
  readonly rules: Record<string, SeveritySetting>;
  readonly migrationPaths?: string[];
  /** A sentence when the settings file exists but cannot be read. */
  readonly problem?: string;
}

export async function readWorkspaceSettings(folder: string): Promise<WorkspaceAnalysisSettings> {
  const file = path.join(folder, '.vscode', 'settings.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return { rules: {} };
  }
  let json: Record<string, unknown>;
  try {
    json = (parseJsonc(text) ?? {}) as Record<string, unknown>;
  } catch (error) {
    return { rules: {}, problem: `${file} is not valid JSON (${(error as Error).message}); its rule severities are ignored.` };
  }
  const rules: Record<string, SeveritySetting> = {};
  const configured = json['migrationDoctor.rules'] ?? (json.migrationDoctor as Record<string, unknown> | undefined)?.rules;
  if (configured && typeof configured === 'object') {
    for (const [id, value] of Object.entries(configured)) if (isSeverity(value)) rules[id] = value;
  }
  const paths = json['migrationDoctor.migrationPaths'];
  const migrationPaths = Array.isArray(paths) && paths.every((p) => typeof p === 'string') ? (paths as string[]) : undefined;
  return { rules, ...(migrationPaths ? { migrationPaths } : {}) };
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
