// The migration folders the project's installed packages register with loadMigrationsFrom():
// Laravel's migrator runs them with the app's own, so their records are not orphans. Found as
// Laravel finds the providers (package discovery from vendor/composer/installed.json minus
// dont-discover, plus config/app.php and bootstrap/providers.php), each provider read with
// php-parser. A path that cannot be resolved statically is reported, never guessed.
// Never imports 'vscode'.
import * as path from 'node:path';
import { parsePhp } from '../analysis/parse';
import { classScopeOf as scopeOf, resolveClassName as resolveName, type ClassScope as Scope } from '../analysis/phpNames';
import { message, type Message } from '../messages/catalog';
import { plainFiles, type ProjectFiles } from './files';

type Node = { kind: string; loc?: { start: { offset: number }; end: { offset: number } } | null; [key: string]: any };

export interface Registration {
  /** The provider class, and the file and line of its loadMigrationsFrom() call. */
  readonly provider: string;
  readonly file: string;
  readonly line: number;
  /** The composer package the provider belongs to, when it is one. */
  readonly package?: string;
}

export interface PackageMigrationFolder extends Registration {
  readonly folder: string;
  /** The `if` the call sits in (Laravel runs it unless the app opted out, which was looked for). */
  readonly condition?: string;
}

export interface UnresolvedRegistration extends Registration {
  /** The argument as written. */
  readonly expression: string;
}

export interface PackageMigrations {
  /** Folders in provider order; Laravel puts the app's own folder after them. */
  readonly folders: readonly PackageMigrationFolder[];
  /** loadMigrationsFrom() calls whose path cannot be told without running the code. */
  readonly unresolved: readonly UnresolvedRegistration[];
  /** Registrations the app switched off (e.g. `Sanctum::ignoreMigrations()`), with where. */
  readonly ignored: readonly (PackageMigrationFolder & { readonly because: Message })[];
  /** Providers or files that could not be read: their migrations cannot be told. */
  readonly problems: readonly Message[];
}

interface Package {
  readonly name: string;
  readonly dir: string;
  readonly providers: readonly string[];
  readonly dontDiscover: readonly string[];
  /** Composer's psr-4 and psr-0 roots: where a class of this package is. */
  readonly roots: readonly AutoloadRoot[];
}

async function readJson(file: string, files: ProjectFiles): Promise<unknown> {
  return JSON.parse(await files.readText(file));
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');

interface AutoloadRoot { readonly prefix: string; readonly dirs: readonly string[]; readonly psr0: boolean }

function autoloadRoots(base: string, autoload: unknown): AutoloadRoot[] {
  const maps = (autoload ?? {}) as { 'psr-4'?: Record<string, unknown>; 'psr-0'?: Record<string, unknown> };
  return (['psr-4', 'psr-0'] as const).flatMap((kind) => Object.entries(maps[kind] ?? {}).map(([prefix, dirs]) => ({
    prefix, dirs: strings(dirs).map((dir) => path.resolve(base, dir)), psr0: kind === 'psr-0',
  })));
}

function laravelExtra(json: unknown): { providers?: unknown; 'dont-discover'?: unknown } {
  return ((json as { extra?: { laravel?: unknown } } | undefined)?.extra?.laravel ?? {}) as { providers?: unknown; 'dont-discover'?: unknown };
}

/** vendor/composer/installed.json, in composer 2's `{ packages }` or composer 1's list form. */
async function installedPackages(vendor: string, problems: Message[], files: ProjectFiles): Promise<Package[] | 'not-installed'> {
  const file = path.join(vendor, 'composer', 'installed.json');
  let json: unknown;
  try {
    json = await readJson(file, files);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'not-installed';
    problems.push(message('packages.unreadable', file, (error as Error).message));
    return [];
  }
  const list = Array.isArray(json) ? json : (json as { packages?: unknown }).packages;
  return (Array.isArray(list) ? list : []).flatMap((entry: any) => {
    if (typeof entry?.name !== 'string') return [];
    const dir = typeof entry['install-path'] === 'string' ? path.resolve(vendor, 'composer', entry['install-path']) : path.join(vendor, ...entry.name.split('/'));
    const extra = laravelExtra(entry);
    return [{ name: entry.name, dir, providers: strings(extra.providers), dontDiscover: strings(extra['dont-discover']), roots: autoloadRoots(dir, entry.autoload) }];
  });
}

/** `Foo::class` names in a PHP array expression, resolved against the file's namespace and imports. */
function classNames(node: Node | undefined, scope: Scope): string[] {
  const found: string[] = [];
  walk(node, (n) => {
    if (n.kind === 'staticlookup' && n.offset?.kind === 'identifier' && String(n.offset.name).toLowerCase() === 'class' && n.what?.kind === 'name') {
      found.push(resolveName(n.what, scope));
    }
  });
  return found;
}

/** The providers a config file's returned array lists under `key` (or the whole array, for bootstrap/providers.php). */
async function configuredProviders(file: string, key: string | undefined, problems: Message[], files: ProjectFiles): Promise<string[]> {
  let source: string;
  try {
    source = await files.readText(file);
  } catch {
    return [];
  }
  const program = parseSafely(file, source, problems);
  if (!program) return [];
  const scope = scopeOf(program);
  const returned = findFirst(program, (n) => n.kind === 'return')?.expr as Node | undefined;
  if (key === undefined) return classNames(returned, scope);
  const entry = (returned?.kind === 'array' ? (returned.items as Node[]) : []).find((item) => item?.key?.kind === 'string' && item.key.value === key);
  return entry ? classNames(entry.value, scope) : [];
}

function walk(node: unknown, visit: (node: Node, ancestors: readonly Node[]) => void, ancestors: Node[] = []): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit, ancestors);
    return;
  }
  const n = node as Node;
  if (typeof n.kind !== 'string') return;
  visit(n, ancestors);
  ancestors.push(n);
  for (const [key, value] of Object.entries(n)) if (key !== 'loc' && value && typeof value === 'object') walk(value, visit, ancestors);
  ancestors.pop();
}

/** The first node of a parsed file, in source order, that passes `test`. */
export function findFirst(node: Node, test: (n: Node) => boolean): Node | undefined {
  let found: Node | undefined;
  walk(node, (n) => {
    if (!found && test(n)) found = n;
  });
  return found;
}

function parseSafely(file: string, source: string, problems: Message[]): Node | undefined {
  try {
    return parsePhp(file, source) as Node;
  } catch (error) {
    problems.push(message('packages.unparsable', file, (error as Error).message));
    return undefined;
  }
}

function textOf(node: Node, source: string): string {
  return node.loc ? source.slice(node.loc.start.offset, node.loc.end.offset) : node.kind;
}

interface PathContext { readonly dir: string; readonly root: string }

/** The paths an argument of loadMigrationsFrom() names, or undefined when it cannot be told statically. */
function staticPaths(node: Node, context: PathContext): string[] | undefined {
  if (node.kind === 'array') {
    const parts = (node.items as Node[]).map((item) => (item?.kind === 'entry' && !item.unpack && item.value ? staticPaths(item.value, context) : undefined));
    return parts.every((p): p is string[] => p !== undefined) ? parts.flat() : undefined;
  }
  const single = staticString(node, context);
  return single === undefined ? undefined : [single];
}

function staticString(node: Node, context: PathContext): string | undefined {
  switch (node.kind) {
    case 'string':
      return String(node.value);
    case 'magic':
      return node.value === '__DIR__' ? context.dir : undefined;
    case 'name':
      return String(node.name).replace(/^\\/, '') === 'DIRECTORY_SEPARATOR' ? '/' : undefined;
    case 'bin': {
      if (node.type !== '.') return undefined;
      const [left, right] = [staticString(node.left, context), staticString(node.right, context)];
      return left === undefined || right === undefined ? undefined : left + right;
    }
    case 'call': {
      if (node.what?.kind !== 'name') return undefined;
      const name = String(node.what.name).replace(/^\\/, '').toLowerCase();
      const args = (node.arguments as Node[]).map((a) => (a.kind === 'number' ? String(a.value) : staticString(a, context)));
      if (args.some((a) => a === undefined)) return undefined;
      const [first = '', second] = args as string[];
      if (name === 'dirname' && args.length >= 1) {
        let dir = path.posix.normalize(first);
        for (let i = 0; i < Number(second ?? 1); i++) dir = path.dirname(dir);
        return dir;
      }
      if (name === 'realpath' && args.length === 1) return path.resolve(first);
      // Laravel's path helpers, relative to the application's root.
      if (name === 'base_path') return path.join(context.root, first);
      if (name === 'database_path') return path.join(context.root, 'database', first);
      return undefined;
    }
    default:
      return undefined;
  }
}

interface ClassFile { readonly file: string; readonly package?: string }

function classFile(className: string, packages: readonly Package[], app: Package, files: ProjectFiles): ClassFile | undefined {
  const candidates = [app, ...packages].flatMap((pkg) => pkg.roots.map((entry) => ({ pkg, ...entry })));
  candidates.sort((a, b) => b.prefix.length - a.prefix.length);
  for (const { pkg, prefix, dirs, psr0 } of candidates) {
    if (!className.startsWith(prefix)) continue;
    // psr-0 keeps the whole name (and turns `_` in the class's own name into folders); psr-4 drops the prefix.
    const namespace = className.split('\\').slice(0, -1);
    const own = className.split('\\').pop()!;
    const relative = psr0
      ? `${[...namespace, ...own.split('_')].join(path.sep)}.php`
      : `${className.slice(prefix.length).split('\\').join(path.sep)}.php`;
    for (const dir of dirs) {
      const file = path.join(dir, relative);
      if (files.exists(file)) return { file, package: pkg === app ? undefined : pkg.name };
    }
  }
  return undefined;
}

interface ProviderReading {
  readonly calls: { readonly argument: Node; readonly line: number; readonly condition?: string; readonly source: string }[];
  readonly parent?: string;
}

async function readProvider(file: string, className: string, problems: Message[], files: ProjectFiles): Promise<ProviderReading | undefined> {
  let source: string;
  try {
    source = await files.readText(file);
  } catch (error) {
    problems.push(message('packages.providerUnreadable', file, (error as Error).message, className));
    return undefined;
  }
  const program = parseSafely(file, source, problems);
  if (!program) return undefined;
  const scope = scopeOf(program);
  const shortName = className.split('\\').pop()!.toLowerCase();
  const klass = findFirst(program, (n) => n.kind === 'class' && String(n.name?.name ?? '').toLowerCase() === shortName);
  if (!klass) {
    problems.push(message('packages.notDeclared', file, className));
    return undefined;
  }
  const calls: ProviderReading['calls'][number][] = [];
  walk(klass.body, (n, ancestors) => {
    if (n.kind !== 'call' || n.what?.kind !== 'propertylookup' || n.what.what?.kind !== 'variable' || n.what.what.name !== 'this') return;
    if (String(n.what.offset?.name ?? '').toLowerCase() !== 'loadmigrationsfrom' || !n.arguments?.[0]) return;
    const conditions = ancestors.filter((a) => a.kind === 'if' && a.test && !isRunningInConsole(a.test)).map((a) => textOf(a.test, source));
    const line = source.slice(0, n.loc?.start.offset ?? 0).split('\n').length;
    calls.push({ argument: n.arguments[0], line, source, ...(conditions.length ? { condition: conditions.join(' && ') } : {}) });
  });
  return { calls, ...(klass.extends ? { parent: resolveName(klass.extends, scope) } : {}) };
}

/** `$this->app->runningInConsole()` / `app()->runningInConsole()`: always true under artisan. */
function isRunningInConsole(test: Node): boolean {
  return test.kind === 'call' && test.what?.kind === 'propertylookup' && String(test.what.offset?.name ?? '').toLowerCase() === 'runninginconsole';
}

/** `Sanctum::ignoreMigrations()` calls in the app's own providers: the package class names, with where. */
async function ignoredMigrationsCalls(appProviderFiles: readonly string[], problems: Message[], files: ProjectFiles): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const file of appProviderFiles) {
    const source = await files.readText(file).catch(() => undefined);
    const program = source === undefined ? undefined : parseSafely(file, source, problems);
    if (!program || source === undefined) continue;
    const scope = scopeOf(program);
    walk(program, (n) => {
      if (n.kind === 'call' && n.what?.kind === 'staticlookup' && n.what.what?.kind === 'name' && String(n.what.offset?.name ?? '').toLowerCase() === 'ignoremigrations') {
        const line = source.slice(0, n.loc?.start.offset ?? 0).split('\n').length;
        found.set(resolveName(n.what.what, scope), `${file}:${line}`);
      }
    });
  }
  return found;
}

function namespaceOf(className: string): string {
  return className.split('\\').slice(0, -1).join('\\');
}

/** Whether `Switch::ignoreMigrations()` turns off a call of `provider` under `condition`. */
function switches(switchClass: string, provider: string, condition: string): boolean {
  const named = new RegExp(`\\b${switchClass.split('\\').pop()}\\b`).test(condition);
  return named || (namespaceOf(switchClass) === namespaceOf(provider) && /migrations/i.test(condition));
}

/**
 * Where composer's autoload finds a class of the app at `root`: its own composer.json roots,
 * then those of the installed packages (vendor/composer/installed.json, when composer install ran).
 */
export async function classFiles(root: string, files: ProjectFiles): Promise<(className: string) => string | undefined> {
  const composer = (await readJson(path.join(root, 'composer.json'), files).catch(() => undefined)) as { config?: { 'vendor-dir'?: unknown }; autoload?: unknown } | undefined;
  const vendorDir = typeof composer?.config?.['vendor-dir'] === 'string' ? composer.config['vendor-dir'] : 'vendor';
  const installed = await installedPackages(path.resolve(root, vendorDir), [], files);
  const app: Package = { name: '(app)', dir: root, providers: [], dontDiscover: [], roots: autoloadRoots(root, composer?.autoload) };
  const packages = installed === 'not-installed' ? [] : installed;
  return (className) => classFile(className, packages, app, files)?.file;
}

/** The migration folders registered by the providers of the Laravel app at `root`, its files read through `files`. */
export async function findPackageMigrations(root: string, files: ProjectFiles = plainFiles): Promise<PackageMigrations> {
  const problems: Message[] = [];
  const composer = (await readJson(path.join(root, 'composer.json'), files).catch(() => undefined)) as { config?: { 'vendor-dir'?: unknown }; autoload?: unknown; require?: unknown } | undefined;
  const vendorDir = typeof composer?.config?.['vendor-dir'] === 'string' ? composer.config['vendor-dir'] : 'vendor';
  const installed = await installedPackages(path.resolve(root, vendorDir), problems, files);
  const packages = installed === 'not-installed' ? [] : installed;
  // Without vendor/ nothing says what the required packages register: said once, not per provider.
  const required = Object.keys((composer?.require ?? {}) as object).filter((name) => name.includes('/') && name !== 'laravel/framework');
  if (installed === 'not-installed' && required.length > 0) {
    problems.push(message('packages.notInstalled', `${vendorDir}/composer/installed.json`, required.join(', ')));
  }
  const app: Package = { name: '(app)', dir: root, providers: [], dontDiscover: strings(laravelExtra(composer)['dont-discover']), roots: autoloadRoots(root, composer?.autoload) };

  // As Laravel's PackageManifest: '*' turns discovery off; every package's dont-discover adds to the app's.
  const ignore = new Set([...app.dontDiscover, ...packages.flatMap((p) => p.dontDiscover)]);
  const discovered = ignore.has('*') ? [] : packages.filter((p) => !ignore.has(p.name)).flatMap((p) => p.providers);
  const configured = [
    ...(await configuredProviders(path.join(root, 'config', 'app.php'), 'providers', problems, files)),
    ...(await configuredProviders(path.join(root, 'bootstrap', 'providers.php'), undefined, problems, files)),
  ];
  const providers = [...new Set([...discovered, ...configured].map((name) => name.replace(/^\\/, '')))];

  const appProviderFiles = new Set<string>();
  const providersDir = path.join(root, 'app', 'Providers');
  for (const entry of await files.list(providersDir).catch(() => [] as string[])) if (entry.endsWith('.php')) appProviderFiles.add(path.join(providersDir, entry));
  for (const name of configured) {
    const located = classFile(name, packages, app, files);
    if (located && located.package === undefined) appProviderFiles.add(located.file);
  }
  const ignoredBy = await ignoredMigrationsCalls([...appProviderFiles], problems, files);

  const folders: PackageMigrationFolder[] = [];
  const unresolved: UnresolvedRegistration[] = [];
  const ignored: (PackageMigrationFolder & { because: Message })[] = [];
  for (const provider of providers) {
    // The framework's own providers register no migrations.
    for (let className: string | undefined = provider, seen = new Set<string>(); className && !className.startsWith('Illuminate\\') && !seen.has(className); ) {
      seen.add(className);
      const located = classFile(className, packages, app, files);
      if (!located) {
        const covered = installed === 'not-installed' && required.length > 0 && !app.roots.some((root) => className!.startsWith(root.prefix));
        if (!covered) problems.push(message('packages.providerNotFound', className));
        break;
      }
      const reading = await readProvider(located.file, className, problems, files);
      if (!reading) break;
      const registration = { provider, file: located.file, ...(located.package ? { package: located.package } : {}) };
      for (const call of reading.calls) {
        const paths = staticPaths(call.argument, { dir: path.dirname(located.file), root });
        if (!paths) {
          unresolved.push({ ...registration, line: call.line, expression: textOf(call.argument, call.source) });
          continue;
        }
        for (const folder of paths.map((p) => path.resolve(p))) {
          const entry: PackageMigrationFolder = { ...registration, line: call.line, folder, ...(call.condition ? { condition: call.condition } : {}) };
          // A conditional call is switched off by the app calling the package's ignoreMigrations().
          const switchedOff = call.condition ? [...ignoredBy].find(([name]) => switches(name, className!, call.condition!)) : undefined;
          if (switchedOff) ignored.push({ ...entry, because: message('packages.ignoredBy', switchedOff[0], switchedOff[1]) });
          // Laravel's Migrator::path() keeps each folder once.
          else if (!folders.some((f) => f.folder === folder)) folders.push(entry);
        }
      }
      className = reading.parent;
    }
  }
  return { folders, unresolved, ignored, problems };
}
