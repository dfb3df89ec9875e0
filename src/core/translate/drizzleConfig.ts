// The workspace's Drizzle schema as drizzle-kit finds it: drizzle.config.* names the schema
// files, which may be TypeScript. The compiler is the workspace's own esbuild (drizzle-kit
// depends on it), else its typescript: the extension ships none. The files are the project's
// own code, executed here: callers load them only in a trusted workspace. Never imports 'vscode'.
import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { is } from 'drizzle-orm';
import { getTableConfig, MySqlTable } from 'drizzle-orm/mysql-core';
import type { DrizzleTableDefinition } from '../structure/expected';
import { loadWorkspaceDrizzleSchema, type WorkspaceSchema } from './workspaceSchema';

const configNames = ['drizzle.config.ts', 'drizzle.config.mts', 'drizzle.config.cts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.cjs'];
const codeExtensions = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs'];

type Transpile = (source: string, file: string) => string;

/** The workspace's drizzle.config.* file, if it has one. */
export function findDrizzleConfig(workspace: string): string | undefined {
  return configNames.map((name) => path.join(workspace, name)).find((file) => existsSync(file));
}

/**
 * The Drizzle tables of a workspace: those of the schema its drizzle.config.* names when it has
 * one, else those of `schemaFolder` (compiled JavaScript) when set, else none. Loading runs the
 * project's code, so an untrusted workspace gets none, and a sentence saying so.
 */
export async function loadProjectDrizzleSchema(workspace: string, schemaFolder: string, trusted: boolean): Promise<WorkspaceSchema> {
  const config = findDrizzleConfig(workspace);
  if ((config || schemaFolder) && !trusted) {
    return { tables: [], problems: [`The workspace is not trusted, so its Drizzle schema (${config ? path.basename(config) : schemaFolder}) is not loaded.`] };
  }
  if (config) return loadDrizzleConfigSchema(config);
  if (schemaFolder) return loadWorkspaceDrizzleSchema(path.resolve(workspace, schemaFolder));
  return { tables: [], problems: [] };
}

/** Evaluates `configFile`, then every schema file its `schema` entry names; every exported mysql-core table. */
export async function loadDrizzleConfigSchema(configFile: string): Promise<WorkspaceSchema> {
  const name = path.basename(configFile);
  const transpile = workspaceTranspiler(configFile);
  if (!transpile) {
    return { tables: [], problems: [`${name} was found but neither esbuild nor typescript is installed in the workspace's node_modules, so its schema cannot be read: install the project's dependencies (npm install).`] };
  }
  const load = moduleLoader(transpile);
  let schema: unknown;
  try {
    const exported = load(configFile) as { default?: unknown };
    const config = (exported && typeof exported === 'object' && 'default' in exported ? exported.default : exported) as { schema?: unknown } | undefined;
    schema = config?.schema;
  } catch (error) {
    return { tables: [], problems: [`${name} could not be evaluated (${firstLine(error)}); its schema is ignored.`] };
  }
  const entries = typeof schema === 'string' ? [schema] : Array.isArray(schema) && schema.every((s) => typeof s === 'string') ? (schema as string[]) : undefined;
  if (!entries || entries.length === 0) {
    return { tables: [], problems: [`${name} has no schema entry (a path, a glob or a list of them), so it names no Drizzle tables.`] };
  }
  const base = path.dirname(configFile);
  const files = [...new Set((await Promise.all(entries.map((e) => schemaFiles(base, e)))).flat())].sort();
  const problems: string[] = [];
  if (files.length === 0) problems.push(`The schema entry of ${name} (${entries.join(', ')}) matches no file.`);
  const tables = new Map<string, DrizzleTableDefinition>();
  for (const file of files) {
    let exported: Record<string, unknown>;
    try {
      exported = load(file) as Record<string, unknown>;
    } catch (error) {
      problems.push(`${path.relative(base, file)} could not be loaded (${firstLine(error)}); its tables are ignored.`);
      continue;
    }
    for (const value of Object.values(exported ?? {})) {
      if (!is(value, MySqlTable)) continue;
      const table = getTableConfig(value).name;
      if (!tables.has(table)) tables.set(table, { drizzle: value, owned: true, module: file });
    }
  }
  return { tables: [...tables.values()], problems };
}

function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** esbuild, else typescript, as the workspace itself resolves them from its config file. */
function workspaceTranspiler(configFile: string): Transpile | undefined {
  const require = createRequire(configFile);
  try {
    const esbuild = require('esbuild') as { transformSync(code: string, options: object): { code: string } };
    return (source, file) => esbuild.transformSync(source, { loader: /\.tsx$/.test(file) ? 'tsx' : 'ts', format: 'cjs', platform: 'node', sourcefile: file, target: `node${process.versions.node}` }).code;
  } catch { /* not installed: try typescript */ }
  try {
    const ts = require('typescript') as typeof import('typescript');
    return (source, file) => ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, jsx: ts.JsxEmit.React },
    }).outputText;
  } catch {
    return undefined;
  }
}

/**
 * A CommonJS loader for the workspace's own source files: relative imports are transpiled and
 * evaluated here (each file once per load), packages come from the workspace's node_modules.
 */
function moduleLoader(transpile: Transpile): (file: string) => unknown {
  const loaded = new Map<string, { exports: unknown }>();
  const load = (file: string): unknown => {
    const known = loaded.get(file);
    if (known) return known.exports;
    const module = { exports: {} as unknown };
    loaded.set(file, module);
    if (file.endsWith('.json')) {
      module.exports = JSON.parse(readFileSync(file, 'utf8'));
      return module.exports;
    }
    const packages = createRequire(file);
    const localRequire = (specifier: string): unknown => {
      const local = specifier.startsWith('.') || path.isAbsolute(specifier) ? resolveSource(path.resolve(path.dirname(file), specifier)) : undefined;
      return local ? load(local) : packages(specifier);
    };
    const run = vm.compileFunction(transpile(readFileSync(file, 'utf8'), file), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
    run(module.exports, localRequire, module, file, path.dirname(file));
    return module.exports;
  };
  return load;
}

/** A relative import as TypeScript projects write it: extension omitted, `.js` for `.ts`, or a folder's index. */
function resolveSource(target: string): string | undefined {
  const stem = target.replace(/\.(js|mjs|cjs)$/, '');
  const candidates = [target, ...codeExtensions.map((e) => stem + e), `${target}.json`, ...codeExtensions.map((e) => path.join(target, `index${e}`))];
  return candidates.find((c) => isFile(c));
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The files one schema entry names, as drizzle-kit reads it: a file, a folder (every source file in it) or a glob. */
async function schemaFiles(base: string, entry: string): Promise<string[]> {
  const target = path.resolve(base, entry);
  if (!/[*?[{]/.test(entry)) {
    const stat = await fs.stat(target).catch(() => undefined);
    if (stat?.isFile()) return [target];
    return stat?.isDirectory() ? sourcesUnder(target, () => true) : [];
  }
  const pattern = globPattern(target.split(path.sep).join('/'));
  const root = path.resolve(base, entry.slice(0, entry.search(/[*?[{]/)).replace(/[^/\\]*$/, '') || '.');
  return sourcesUnder(root, (file) => pattern.test(file.split(path.sep).join('/')));
}

async function sourcesUnder(folder: string, keep: (file: string) => boolean): Promise<string[]> {
  const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .map((e) => path.join(e.parentPath ?? folder, e.name))
    .filter((file) => !file.split(path.sep).includes('node_modules') && codeExtensions.includes(path.extname(file)) && !/\.d\.[mc]?ts$/.test(file) && isFile(file) && keep(file));
}

/** `*`, `**`, `?`, `{a,b}` and `[…]`, as the glob library drizzle-kit uses reads them. */
function globPattern(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') { braces++; out += '(?:'; }
    else if (c === '}' && braces > 0) { braces--; out += ')'; }
    else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      out += end > i ? glob.slice(i, end + 1) : '\\[';
      i = end > i ? end : i;
    } else out += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
