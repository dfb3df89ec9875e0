// How PHP resolves a class name written in a file: against the file's namespace and its `use`
// imports, as `Foo::class` does. Never imports 'vscode'.

type Node = { kind: string; [key: string]: any };

/** A file's namespace and class imports (alias, lowercase, to the full name). */
export interface ClassScope {
  readonly namespace: string;
  readonly uses: ReadonlyMap<string, string>;
}

/** The scope of a parsed file (its first namespace, every class `use` of it). */
export function classScopeOf(program: Node): ClassScope {
  let namespace: string | undefined;
  const uses = new Map<string, string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const n = node as Node;
    if (typeof n.kind !== 'string') return;
    if (n.kind === 'namespace' && namespace === undefined) namespace = String(n.name ?? '');
    if (n.kind === 'usegroup' && (!n.type || n.type === 'class')) {
      for (const item of (n.items ?? []) as Node[]) {
        const full = [n.name, item.name].filter(Boolean).join('\\').replace(/^\\/, '');
        uses.set(String(item.alias?.name ?? full.split('\\').pop()).toLowerCase(), full);
      }
    }
    // Imports and namespaces are top-level statements: no need to look inside classes or functions.
    if (n.kind === 'program' || n.kind === 'namespace') visit(n.children);
  };
  visit(program);
  return { namespace: namespace ?? '', uses };
}

/** The full name (no leading backslash) of a `name` node written in `scope`. */
export function resolveClassName(name: Node, scope: ClassScope): string {
  const written = String(name.name);
  if (name.resolution === 'fqn' || written.startsWith('\\')) return written.replace(/^\\/, '');
  const [first, ...rest] = written.split('\\');
  const imported = scope.uses.get(first!.toLowerCase());
  if (imported && name.resolution !== 'rn') return [imported, ...rest].join('\\');
  return scope.namespace ? `${scope.namespace}\\${written}` : written;
}
