// Calls of the migration class's own methods (`$this->createIndexes($table)`, `self::addColumns()`):
// what PHP runs for them, read as if written at the call, or why that cannot be known. Only a
// method the class itself declares is read (an inherited or trait method may be anything), and
// only with arguments whose value is written in the file.
import { message, type Message } from '../messages/catalog';

// php-parser's nodes, typed loosely: we read a handful of kinds and check `kind` before use.
type Node = { kind: string; [key: string]: any };

/** How deep calls of own methods are followed, and how many are read for one up() or down(). */
export const inlineDepthLimit = 8;
export const inlineCallLimit = 400;

/** A call of an own method: its name (lower case, PHP's are case-insensitive) and the call as written (`$this->addColumns`). */
export interface OwnCall {
  readonly name: string;
  readonly written: string;
}

/** `$this->m(...)`, `$this?->m(...)`, `self::m(...)`, `static::m(...)`; `parent::` is another class's. */
export function ownCallOf(call: Node | undefined): OwnCall | undefined {
  if (call?.kind !== 'call') return undefined;
  const what = call.what;
  const name = what?.offset?.kind === 'identifier' ? String(what.offset.name) : undefined;
  if (!name) return undefined;
  if ((what.kind === 'propertylookup' || what.kind === 'nullsafepropertylookup') && what.what?.kind === 'variable' && what.what.name === 'this') {
    return { name: name.toLowerCase(), written: `$this->${name}` };
  }
  // Migrations are instantiated as the file's own class, so `static::` is that class too.
  const scope = what.kind === 'staticlookup' ? what.what : undefined;
  const keyword = scope?.kind === 'selfreference' ? 'self' : scope?.kind === 'staticreference' ? 'static'
    : scope?.kind === 'name' && /^(self|static)$/i.test(String(scope.name)) ? String(scope.name).toLowerCase() : undefined;
  return keyword ? { name: name.toLowerCase(), written: `${keyword}::${name}` } : undefined;
}

/** Whether a node holds one of `kinds` outside the functions and classes nested in it (their bodies run elsewhere). */
function holds(node: unknown, kinds: ReadonlySet<string>): boolean {
  if (Array.isArray(node)) return node.some((n) => holds(n, kinds));
  if (!node || typeof node !== 'object') return false;
  const n = node as Node;
  if (typeof n.kind === 'string') {
    if (kinds.has(n.kind)) return true;
    if (n.kind === 'closure' || n.kind === 'arrowfunc' || n.kind === 'function' || n.kind === 'class' || n.kind === 'method') return false;
  }
  for (const [key, value] of Object.entries(n)) {
    if (key !== 'loc' && value && typeof value === 'object' && holds(value, kinds)) return true;
  }
  return false;
}

const returns = new Set(['return']);
const yields = new Set(['yield', 'yieldfrom']);

/**
 * The statements a call of the method runs, in order: its body up to its first `return` (whose
 * value is still evaluated), or why that is not known. `returnsWalked`: the reader of the
 * statements makes what follows a return inside a condition, a loop or a try conditional (or
 * guarded) itself, within the method: such a return only ends the method, never its caller.
 */
export function bodyToRun(method: Node, returnsWalked = false): { statements: Node[] } | { why: Message } {
  if (method.body?.kind !== 'block') return { why: message('unknown.helperNoBody') };
  // A generator's body runs only when what it returns is iterated.
  if (holds(method.body, yields)) return { why: message('unknown.helperGenerator') };
  const statements: Node[] = [];
  for (const node of method.body.children ?? []) {
    if (!node) continue;
    if (node.kind === 'return') {
      if (node.expr) statements.push({ kind: 'expressionstatement', expression: node.expr, loc: node.loc });
      return { statements };
    }
    if (!returnsWalked && holds(node, returns)) return { why: message('unknown.helperConditionalReturn') };
    statements.push(node);
  }
  return { statements };
}

/** What an argument holds when it is plain: a literal (or a variable or property holding one), or the Blueprint being built. */
export type PlainValue = { readonly literal: Node } | { readonly blueprint: true };

/** A parameter's value in the method: the literal it holds, or the Blueprint under the parameter's name. */
export interface Bound {
  readonly literals: Map<string, Node>;
  readonly blueprint?: string;
}

const scalarTypes: Readonly<Record<string, readonly string[]>> = {
  string: ['string'], nowdoc: ['string'], number: ['int', 'float'], boolean: ['bool'], array: ['array', 'iterable'],
};

/** Whether PHP passes the value to a parameter of this type without a TypeError or a conversion. */
function fits(parameter: Node, value: PlainValue): boolean {
  const type = parameter.type;
  if (!type) return true;
  const types: Node[] = type.kind === 'uniontype' ? type.types ?? [] : [type];
  const names = types.map((t) => String(t?.name ?? '').toLowerCase());
  if (names.includes('mixed')) return true;
  if ('blueprint' in value) return types.some((t) => t?.kind === 'name' && /(^|\\)blueprint$/i.test(String(t.name))) || names.includes('object');
  const literal = value.literal;
  const isNull = literal.kind === 'nullkeyword' || (literal.kind === 'name' && /^null$/i.test(String(literal.name)));
  if (isNull) return parameter.nullable === true || names.includes('null') || parameter.value?.kind === 'nullkeyword';
  if (literal.kind === 'number') return names.includes('float') || (names.includes('int') && /^-?\d+$/.test(String(literal.value)));
  if (literal.kind === 'boolean' || literal.kind === 'name') return names.includes('bool') || names.includes(String(literal.value ?? literal.name).toLowerCase());
  return (scalarTypes[literal.kind] ?? ['string']).some((t) => names.includes(t));
}

/**
 * Binds the call's arguments (positional, then named) and the defaults of the parameters left
 * to them. `plain` says what an argument holds, undefined when it is not plain; `unchanged`
 * whether the method's body leaves a parameter as it was given (else it is bound to nothing).
 */
export function bindArguments(method: Node, args: readonly Node[], plain: (arg: Node) => PlainValue | undefined,
  unchanged: (parameter: string) => boolean): Bound | { why: Message } {
  const parameters: Node[] = method.arguments ?? [];
  const given = new Map<string, Node>();
  let position = 0;
  for (const arg of args) {
    if (arg?.kind === 'variadic') return { why: message('unknown.helperSpread') };
    const name = arg?.kind === 'namedargument' ? String(arg.name) : undefined;
    const parameter = name === undefined ? parameters[position++] : parameters.find((p) => String(p?.name?.name) === name);
    // PHP ignores extra positional arguments (still evaluated: they must be plain too) and refuses an unknown or repeated name.
    if (!parameter || given.has(String(parameter.name?.name))) {
      if (name !== undefined || !plain(arg)) return { why: message('unknown.helperArgument', name ?? `#${position}`) };
      continue;
    }
    given.set(String(parameter.name?.name), name === undefined ? arg : arg.value);
  }
  const bound: Bound = { literals: new Map() };
  let blueprint: string | undefined;
  for (const parameter of parameters) {
    const name = String(parameter?.name?.name);
    if (parameter?.byref || parameter?.variadic) return { why: message('unknown.helperParameter', `$${name}`) };
    const arg = given.get(name) ?? parameter.value ?? undefined;
    // Without a value PHP throws an ArgumentCountError: the migration fails there.
    if (!arg) return { why: message('unknown.helperMissingArgument', `$${name}`) };
    const value = plain(arg);
    if (!value) return { why: message('unknown.helperArgument', `$${name}`) };
    if (!fits(parameter, value)) return { why: message('unknown.helperArgumentType', `$${name}`) };
    if (!unchanged(name)) {
      // Its statements before the assignment still build the table: the method is not read at all.
      if ('blueprint' in value) return { why: message('unknown.helperBlueprintAssigned', `$${name}`) };
      continue;
    }
    if ('blueprint' in value) {
      if (blueprint !== undefined) return { why: message('unknown.helperArgument', `$${name}`) };
      blueprint = name;
    } else {
      bound.literals.set(name, value.literal);
    }
  }
  return blueprint === undefined ? bound : { ...bound, blueprint };
}

/**
 * What lets a statement change a schema or reach a variable without naming it: the facades and
 * calls that run SQL, a database connection (whose insert() or affectingStatement() runs any
 * SQL: `DB::table('t')->getConnection()`, `app('db')`), the class's own methods, variable
 * variables and scope functions.
 */
export const schemaReach = /\b(?:Schema|Artisan|Blueprint|PDO)\b|\b\w*(?:Connection(?:Interface)?|DatabaseManager)\b|\b(?:app|resolve)\s*\(\s*['"]db\b|\baffectingStatement\b|\bDB\s*::\s*(?!table\s*\()\w|(?:::|->)\s*(?:statement|unprepared|getSchemaBuilder|getDoctrine\w*|getPdo|exec|query)\s*\(|\$this\b|\bself\b|\bstatic\b|\$\$|\$\{|\b(?:compact|extract|get_defined_vars|func_get_args?|eval|include|include_once|require|require_once|call_user_func\w*)\b/i;

const ownCallsIn = /(?:\$this\s*\??->|\b(?:self|static)\s*::)\s*(\w+)\s*\(/gi;
// `self::SECTIONS`, `static::class`: a class constant is a value, it runs nothing (a static property, `self::$x`, is not one).
const ownConstants = /\b(?:self|static)\s*::\s*[A-Za-z_]\w*\b(?!\s*\()/gi;
// Calls that only ask (`Schema::hasColumn('t', 'c')`, `DB::getDriverName()`) or build an expression
// for a query (`DB::raw('COALESCE(a, b)')`, as `->selectRaw()` does): they change nothing themselves.
// Their arguments are still tested. Not `Schema::getConnection()` (a connection runs any SQL) nor
// `Schema::whenTableHasColumn()` (it runs a Blueprint).
const askingCalls = /\b(?:Schema\s*::\s*(?:hasTable|hasColumns?|hasIndex|hasView|getColumnListing|getColumnType|getColumns|getIndexes|getIndexListing|getForeignKeys|getTables|getTableListing|getViews)|DB\s*::\s*(?:raw|getDriverName|getTablePrefix|getDatabaseName))\s*\(/gi;
// `public static function`, `static fn () =>`, `static $cache = []`: the keyword declares, it names no class.
const staticKeyword = /\bstatic\s+(?=\$|fn\b|function\b)/gi;
// What code may do with an object it holds, which may be the Blueprint or a schema builder (passed
// in, or kept under another name: `$x = $table; $x->string('a')`): a method called on a variable
// (`$t->string(`, `$rows[0]->m(`, `$t::m(`) or through a higher-order proxy (`->each->string(`),
// a method named in a callable array (`[$t, 'string']`). And what may run anything: a variable
// function (`$f()`) and `parent::m()`, another class's method.
const objectReach = new RegExp([
  /\$(?!this\b)[\w\x80-\uffff]+(?:\s*\[[^\]]*\]|\s*\??->\s*[\w\x80-\uffff]+(?![\w\x80-\uffff]|\s*\())*\s*(?:\??->\s*[\w\x80-\uffff]+\s*\(|::)/.source,
  /->\s*[\w\x80-\uffff]+\s*\??->\s*[\w\x80-\uffff]+\s*\(/.source,
  /\[\s*\$[\w\x80-\uffff]+\s*,\s*['"]/.source,
  /\$[\w\x80-\uffff]+\s*\(/.source,
  /\bparent\s*::/.source,
].join('|'), 'i');

/**
 * The code of a text without its comments ('self-links' said in a comment is no `self::`).
 * undefined when the text is not simply made of code and quoted strings (a heredoc, inline
 * HTML): a comment cannot be told apart there, so nothing is removed from it.
 */
function withoutComments(text: string): string | undefined {
  if (/<<<|\?>/.test(text)) return undefined;
  let code = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      code += text.slice(i, j + 1);
      i = j;
    } else if (c === '#' && text[i + 1] === '[') {
      code += c; // an attribute, not a comment
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
      code += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      code += ' ';
      i = end + 1;
    } else {
      code += c;
    }
  }
  return code;
}

/**
 * Whether code may change a schema when it runs: the test the analysis applies to any statement
 * (schemaReach, and the file's `aliases` of the facades), except that a call of an own method that cannot either, a class constant and a
 * call that only asks (askingCalls) are harmless; and whatever it does with an object it holds, or a variable function, may reach one.
 */
export function codeReachesSchema(text: string, textOf: (node: Node) => string, methods: ReadonlyMap<string, Node>, seen = new Set<Node>(), aliases?: RegExp): boolean {
  const code = withoutComments(text);
  if (code === undefined) return true;
  let reached = false;
  const rest = code.replace(ownCallsIn, (_call, name: string) => {
    const callee = methods.get(name.toLowerCase());
    if (!callee || !schemaFree(callee, textOf, methods, seen, aliases)) reached = true;
    return ' f(';
  });
  return reached || objectReach.test(rest) || !!aliases?.test(rest)
    || schemaReach.test(rest.replace(ownConstants, ' c ').replace(staticKeyword, ' ').replace(askingCalls, ' f('));
}

/** `S::` and `D::` where the file says `use Illuminate\Support\Facades\Schema as S;` (`DB as D`): the facades under the names the text uses. */
export function facadeAliasReach(aliases: readonly string[]): RegExp | undefined {
  return aliases.length ? new RegExp(`(?<![\\w$\\\\])(?:${aliases.map((a) => a.replace(/[^\w\x80-\uffff]/g, '')).join('|')})\\s*::`, 'i') : undefined;
}

/**
 * A method whose code never reaches a schema (codeReachesSchema: no Schema, Artisan or Blueprint,
 * no DB but DB::table(), no raw SQL, no method called on an object it is given or makes, and only
 * own methods that do not either): a call of it changes no table, whatever it is given and
 * however it returns. Own methods calling each other are followed once each.
 */
export function schemaFree(method: Node, textOf: (node: Node) => string, methods: ReadonlyMap<string, Node>, seen = new Set<Node>(), aliases?: RegExp): boolean {
  if (seen.has(method)) return true;
  seen.add(method);
  return !codeReachesSchema(textOf(method), textOf, methods, seen, aliases);
}

/**
 * A call of an own method that changes no schema whatever its arguments' values and however the
 * method returns: the method cannot reach a schema, nor can the arguments, evaluated at the call.
 */
export function harmlessCall(method: Node, args: readonly Node[], textOf: (node: Node) => string, methods: ReadonlyMap<string, Node>, aliases?: RegExp): boolean {
  return schemaFree(method, textOf, methods, new Set(), aliases) && args.every((arg) => !codeReachesSchema(textOf(arg), textOf, methods, new Set(), aliases));
}

/**
 * The tables a call of an own method that cannot be read may change, when that is bounded: the
 * method and every own method it calls reach a schema only through `Schema::table('t', fn ($t) => ...)`
 * with a literal name, whose closure calls methods on its Blueprint only (never rename(), drop()
 * or dropIfExists(), which would make or remove a table) and uses it no other way; asking calls
 * and rows are harmless as for harmlessCall. Such a call creates, drops and renames no table and
 * changes none but those. undefined when anything else may reach a schema: any table then.
 */
export function tablesReached(method: Node, args: readonly Node[], textOf: (node: Node) => string, methods: ReadonlyMap<string, Node>,
  isSchemaFacade: (node: Node | undefined) => boolean, aliases?: RegExp): string[] | undefined {
  if (args.some((arg) => codeReachesSchema(textOf(arg), textOf, methods, new Set(), aliases))) return undefined;
  const tables = new Set<string>();
  const seen = new Set<Node>();
  const queue: Node[] = [method];
  while (queue.length) {
    const m = queue.pop()!;
    if (seen.has(m)) continue;
    seen.add(m);
    if (m.body?.kind !== 'block' || !m.loc) return undefined;
    const text = withBlueprintsOf(m, textOf, isSchemaFacade, tables);
    const code = text === undefined ? undefined : withoutComments(text);
    if (code === undefined) return undefined;
    let unbounded = false;
    const rest = code.replace(ownCallsIn, (_call, name: string) => {
      const callee = methods.get(name.toLowerCase());
      if (callee) queue.push(callee);
      else unbounded = true;
      return ' f(';
    });
    if (unbounded || objectReach.test(rest) || aliases?.test(rest)
      || schemaReach.test(rest.replace(ownConstants, ' c ').replace(staticKeyword, ' ').replace(askingCalls, ' f('))) return undefined;
  }
  return [...tables];
}

/**
 * The method's text with each `Schema::table('t', <closure>)` replaced by the closure's body, its
 * calls on the Blueprint taken out, `t` added to `tables`; undefined when such a closure may make
 * or remove a table or hands its Blueprint on.
 */
function withBlueprintsOf(method: Node, textOf: (node: Node) => string, isSchemaFacade: (node: Node | undefined) => boolean, tables: Set<string>): string | undefined {
  const start = method.loc.start.offset as number;
  const text = textOf(method);
  const spans: { from: number; to: number; text: string }[] = [];
  let bounded = true;
  const visit = (node: unknown): void => {
    if (!bounded || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as Node;
    const what = n.kind === 'call' ? n.what : undefined;
    const [name, fn, ...more] = n.kind === 'call' ? n.arguments ?? [] : [];
    if (what?.kind === 'staticlookup' && isSchemaFacade(what.what) && what.offset?.kind === 'identifier' && /^table$/i.test(String(what.offset.name))
      && name?.kind === 'string' && !more.length && (fn?.kind === 'closure' || fn?.kind === 'arrowfunc') && n.loc && fn.body?.loc) {
      const param = fn.arguments?.[0];
      const blueprint = typeof param?.name?.name === 'string' ? param.name.name : typeof param?.name === 'string' ? param.name : undefined;
      if (!blueprint || param.byref || param.variadic || (fn.arguments ?? []).length > 1 || (fn.uses ?? []).some((u: Node) => u?.byref)) {
        bounded = false;
        return;
      }
      const variable = blueprint.replace(/[^\w-￿]/g, '');
      const body = textOf(fn.body).replace(new RegExp(`\\$${variable}\\s*\\??->\\s*([\\w\\x80-\\uffff]+)\\s*\\(`, 'g'),
        (call: string, method: string) => (/^(?:rename|drop|dropIfExists)$/i.test(method) ? call : ' f('));
      if (new RegExp(`\\$${variable}(?![\\w\\x80-\\uffff])`).test(body)) {
        bounded = false;
        return;
      }
      tables.add(String(name.value));
      spans.push({ from: n.loc.start.offset - start, to: n.loc.end.offset - start, text: ` f(${body})` });
      return;
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'loc' && value && typeof value === 'object') visit(value);
  };
  visit(method.body);
  if (!bounded) return undefined;
  let out = '';
  let at = 0;
  for (const span of spans.sort((a, b) => a.from - b.from)) {
    if (span.from < at) return undefined;
    out += text.slice(at, span.from) + span.text;
    at = span.to;
  }
  return out + text.slice(at);
}

/** A number, boolean or null written as such (`-1` included). */
export function plainScalar(node: Node | undefined): boolean {
  switch (node?.kind) {
    case 'number': case 'boolean': case 'nullkeyword': return true;
    case 'name': return /^(true|false|null)$/i.test(String(node.name));
    case 'unary': return (node.type === '-' || node.type === '+') && node.what?.kind === 'number';
    default: return false;
  }
}

/** An array literal whose keys and values are all written as literals. */
export function plainArray(node: Node): boolean {
  return (node.items ?? []).every((item: Node | null) => item?.kind === 'entry' && !item.unpack && !item.byRef
    && (!item.key || item.key.kind === 'string' || item.key.kind === 'number')
    && (item.value?.kind === 'string' || item.value?.kind === 'nowdoc' || plainScalar(item.value) || (item.value?.kind === 'array' && plainArray(item.value))));
}
