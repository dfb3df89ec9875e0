// The workspace's own Drizzle schema folder (setting migrationDoctor.drizzleSchemaFolder):
// its tables take precedence over translated structures. Only compiled JavaScript is
// loaded: running TypeScript would mean shipping a compiler. The files are the project's
// own code, executed with require(): callers load them only in a trusted workspace.
// Never imports 'vscode'.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { is } from 'drizzle-orm';
import { getTableConfig, MySqlTable } from 'drizzle-orm/mysql-core';
import type { DrizzleTableDefinition } from '../structure/expected';

export interface WorkspaceSchema {
  readonly tables: readonly DrizzleTableDefinition[];
  /** One sentence each, with what to do: a file that failed to load, TypeScript sources... */
  readonly problems: readonly string[];
}

const scriptExtensions = new Set(['.js', '.cjs']);

/** Loads every exported mysql-core table of the `.js`/`.cjs` files directly in `folder`. */
export async function loadWorkspaceDrizzleSchema(folder: string): Promise<WorkspaceSchema> {
  let entries: string[];
  try {
    entries = (await fs.readdir(folder)).sort();
  } catch {
    return { tables: [], problems: [`The Drizzle schema folder ${folder} does not exist: fix migrationDoctor.drizzleSchemaFolder or clear it.`] };
  }
  const scripts = entries.filter((e) => scriptExtensions.has(path.extname(e)));
  const problems: string[] = [];
  const typescript = entries.filter((e) => /\.(ts|mts|cts)$/.test(e) && !e.endsWith('.d.ts'));
  if (scripts.length === 0 && typescript.length > 0) {
    problems.push(`${folder} holds TypeScript only (${typescript.slice(0, 3).join(', ')}${typescript.length > 3 ? ', …' : ''}): Migration Doctor loads compiled JavaScript; compile the schema (for example tsc --outDir) and point migrationDoctor.drizzleSchemaFolder at the output.`);
  }
  const load = createRequire(path.join(folder, 'migration-doctor.js'));
  const tables = new Map<string, DrizzleTableDefinition>();
  for (const script of scripts) {
    const file = path.join(folder, script);
    // Re-read on every load: the schema may have been recompiled since.
    delete load.cache[load.resolve(file)];
    let exported: Record<string, unknown>;
    try {
      exported = load(file) as Record<string, unknown>;
    } catch (error) {
      problems.push(`${script} could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); its tables are ignored.`);
      continue;
    }
    for (const value of Object.values(exported ?? {})) {
      if (!is(value, MySqlTable)) continue;
      const name = getTableConfig(value).name;
      if (!tables.has(name)) {
        tables.set(name, { drizzle: value, owned: true, module: file });
      }
    }
  }
  return { tables: [...tables.values()], problems };
}

/** The Drizzle definitions in force: the workspace's tables, then the built-in ones it does not redefine. */
export function withWorkspaceTables(workspace: readonly DrizzleTableDefinition[], builtIn: readonly DrizzleTableDefinition[]): DrizzleTableDefinition[] {
  const nameOf = (t: DrizzleTableDefinition): string => getTableConfig(t.drizzle).name;
  const names = new Set(workspace.map(nameOf));
  return [...workspace, ...builtIn.filter((t) => !names.has(nameOf(t)))];
}
