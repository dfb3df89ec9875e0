// Reads one migration file into the analysis model with php-parser. A file with syntax
// errors still yields what the text before its first error proves; nothing is guessed.
import { laravelMigrationName } from './naming';
import type {
  BlueprintCall, BlueprintStatement, ColumnGuard, MethodAnalysis, MigrationClass, MigrationFile, ParseProblem, PhpValue, SchemaGuard,
  SchemaOperation, SchemaOperationKind, SourcePosition, SourceRange, TableGuard, TableReference, ThrowStatement, UnknownStatement, ForeignKeyChecksCall, UnnamedKind, UnnamedTable,
} from './types';
import { asksIndexOf, driverCondition, guardedElsewhereCondition, guardTables, negatedGuard, shouldRunCondition, sqlColumnCall, sqlEngineCall } from './types';
import { english, message, type Message } from '../messages/catalog';
import {
  bindArguments, bodyToRun, inlineCallLimit, inlineDepthLimit, type OwnCall, ownCallOf, type PlainValue, plainArray, plainScalar, harmlessCall, schemaReach, facadeAliasReach, tablesReached,
} from './methodCalls';
import { phpNumber } from './phpNumber';
import { classScopeOf, resolveClassName, type ClassScope } from './phpNames';
import { parsePhp } from './phpEngine';

export { parsePhp };

// php-parser's nodes, typed loosely: we read a handful of kinds and check `kind` before use.
interface Loc { start: { line: number; column: number; offset: number }; end: { line: number; column: number; offset: number } }
type Node = { kind: string; loc?: Loc | null; [key: string]: any };

// `s`: Laravel's glob and getMigrationName keep a line break or another control character in a
// name, and run the file; its slug keeps it too.
const fileNamePattern = /^(\d{4}_\d{2}_\d{2}_\d{6})_(.*)$/s;

export function migrationNameOf(path: string): { name: string; timestamp?: string; slug: string } {
  // The text after the last slash or backslash, as splitting the path on both and taking its last
  // part would give, without the array of every folder's name for each file.
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const name = laravelMigrationName(base);
  const m = fileNamePattern.exec(name);
  return m ? { name, timestamp: m[1], slug: m[2] } : { name, slug: name };
}

export function parseMigration(path: string, source: string): MigrationFile {
  const { name, timestamp, slug } = migrationNameOf(path);
  const parseProblems: ParseProblem[] = [];
  let program: Node | undefined;
  try {
    program = parsePhp(path, source);
  } catch (error) {
    if (isStackOverflow(error)) return unreadableMigration(path, tooDeeplyNested);
    // suppressErrors recovers from most errors; a lexer failure can still throw.
    const lexerError = error as { message?: string; lineNumber?: number; columnNumber?: number };
    const pos = positionOfLine(source, (lexerError.lineNumber ?? 1) - 1);
    parseProblems.push({ kind: 'syntax', message: String(lexerError.message ?? error), range: { start: pos, end: pos } });
  }
  for (const e of (program?.errors as Node[] | undefined) ?? []) {
    const start = e.loc ? toPos(e.loc.start) : positionOfLine(source, (e.line ?? 1) - 1);
    parseProblems.push({ kind: 'syntax', message: String(e.message), range: { start, end: e.loc ? toPos(e.loc.end) : start } });
  }
  // Error recovery builds nodes from what follows the first error: none of them is a fact.
  const limit = parseProblems.reduce((min, p) => Math.min(min, p.range.start.offset), Infinity);
  const file = { path, name, timestamp, slug, parseProblems, ignores: ignoresOf(source) };
  try {
    const read = analyzeProgram(program, new FileAnalyzer(source, limit));
    // Spelled out: the two spreads gave every file's analysis a hidden class of its own (10,000
    // of them), so each later read of its properties missed V8's caches.
    return { path, name, timestamp, slug, parseProblems, ignores: file.ignores, class: read.class, up: read.up, down: read.down };
  } catch (error) {
    if (isStackOverflow(error)) return unreadableMigration(path, tooDeeplyNested);
    // A bug of the analyser must not stop the analysis of the other files, nor pass for a fact.
    const start: SourcePosition = { line: 0, column: 0, offset: 0 };
    const message = `the analyser failed on it (please report this): ${error instanceof Error ? error.message : String(error)}`;
    return { ...file, class: { kind: 'none' }, up: undeclared, down: undeclared,
      parseProblems: [...parseProblems, { kind: 'internal', message, range: { start, end: start } }] };
  }
}

/**
 * Code nested deeper than the parser's or the analyser's recursion can follow (thousands of
 * levels): not a syntax error, and not a bug to report; PHP may well run it, so nothing is claimed.
 */
const tooDeeplyNested = 'nested too deeply (brackets or operators, a thousand levels or more) for the analysis to follow';

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** A file that could not be read (`message` says why): a result that claims nothing. */
export function unreadableMigration(path: string, message: string): MigrationFile {
  const { name, timestamp, slug } = migrationNameOf(path);
  const start: SourcePosition = { line: 0, column: 0, offset: 0 };
  return { path, name, timestamp, slug, class: { kind: 'none' }, up: undeclared, down: undeclared,
    parseProblems: [{ kind: 'unreadable', message, range: { start, end: start } }], ignores: new Map() };
}

/**
 * `use Illuminate\Support\Facades\Schema as S;`: the file calls a facade under another name.
 * Such names are read as the facade's own (the analysis knows Schema and DB), so `S::drop('posts')`
 * is the drop it is, not a call of some other class that changes nothing.
 */
function readFacadeAliases(program: Node): string[] {
  const aliases = new Map<string, string>();
  const visit = (nodes: Node[] | undefined): void => {
    for (const node of nodes ?? []) {
      if (node?.kind === 'namespace') visit(node.children);
      if (node?.kind !== 'usegroup' || node.type) continue;
      for (const item of node.items ?? []) {
        const alias = item?.alias?.name;
        if (typeof alias !== 'string' || item.type) continue;
        const facade = /(?:^|\\)(Schema|DB)$/i.exec(node.name ? `${node.name}\\${item.name}` : String(item.name))?.[1];
        if (facade && alias.toLowerCase() !== facade.toLowerCase()) aliases.set(alias.toLowerCase(), facade.toLowerCase() === 'db' ? 'DB' : 'Schema');
      }
    }
  };
  visit(program.children);
  if (aliases.size === 0) return [];
  const rename = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) rename(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (n.kind === 'name' && n.resolution === 'uqn' && typeof n.name === 'string') {
      const facade = aliases.get(n.name.toLowerCase());
      if (facade) n.name = facade;
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'loc' && value && typeof value === 'object') rename(value);
  };
  rename(program.children);
  return [...aliases.keys()];
}

function analyzeProgram(program: Node | undefined, analyzer: FileAnalyzer): Pick<MigrationFile, 'class' | 'up' | 'down'> {
  if (program) analyzer.facadeAliases = facadeAliasReach(readFacadeAliases(program));
  analyzer.program = program;
  const klass = program ? findMigrationClass(program.children ?? [], undefined) : undefined;
  let migrationClass: MigrationClass = { kind: 'none' };
  let up: MethodAnalysis = undeclared;
  let down: MethodAnalysis = undeclared;
  if (klass && analyzer.starts(klass.node)) {
    const named = !klass.node.isAnonymous && klass.node.name;
    // `class CreateUs` cut while typing: a name not yet followed by anything may still grow.
    if (!named) migrationClass = { kind: 'anonymous' };
    else if (analyzer.followed(klass.node.name)) {
      migrationClass = { kind: 'named', name: String(klass.node.name.name), range: rangeOf(klass.node.name.loc), ...(klass.namespace ? { namespace: klass.namespace } : {}) };
    }
    analyzer.collectProperties(klass.node);
    let decides = false;
    for (const member of klass.node.body ?? []) {
      if (member?.kind !== 'method' || !analyzer.starts(member)) continue;
      const methodName = String(member.name?.name ?? member.name).toLowerCase();
      if (methodName === 'up') up = analyzer.method(member);
      else if (methodName === 'down') down = analyzer.method(member);
      else if (methodName === 'shouldrun') decides = true;
    }
    // Laravel 12.4+ runs up() only when shouldRun() says so, and records only what it ran: a
    // pending migration's changes may not happen (a recorded one's did).
    if (decides) up = { ...up, operations: up.operations.map((op) => (op.conditional ? op : { ...op, conditional: shouldRunCondition })) };
  }
  return { class: migrationClass, up, down };
}

function positionOfLine(source: string, line: number): SourcePosition {
  let offset = 0;
  let at = 0;
  for (; at < line; at++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return { line: at, column: 0, offset };
}

const lineCommentEnd = /\r|\n|\?>/g;

/** The offset of the first character after `offset` that is neither white space nor a comment. */
function nextSignificant(source: string, offset: number): number {
  let i = offset;
  for (;;) {
    while (i < source.length && /\s/.test(source[i])) i++;
    if (source.startsWith('//', i) || (source[i] === '#' && source[i + 1] !== '[')) {
      lineCommentEnd.lastIndex = i;
      const end = lineCommentEnd.exec(source);
      if (!end) return source.length;
      i = end.index;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) return source.length;
      i = end + 2;
    } else {
      return i;
    }
  }
}

/** An unread statement's reason: its English (which the rules compare) and the message the editor says. */
function reasonSaid(said: Message): { reason: string; said: Message } {
  return { reason: english(said), said };
}

/** Why Laravel or MySQL cannot use a name as written, if so (anything else is a legal table name). */
function unusableTableName(name: string): Message | undefined {
  if (name === '') return message('unknown.nameEmpty');
  if (name.includes('\0')) return message('unknown.nameNul');
  if (/ $/.test(name)) return message('unknown.nameTrailingSpace');
  if (/ as /i.test(name)) return message('unknown.nameAlias');
  return undefined;
}

const undeclared: MethodAnalysis = { declared: false, operations: [], unknown: [] };

function findMigrationClass(nodes: Node[], namespace: string | undefined): { node: Node; namespace?: string } | undefined {
  // The object the file returns is the migration Laravel runs, whatever else the file declares.
  const returned = nodes.find((node) => node?.kind === 'return' && node.expr?.kind === 'new' && node.expr.what?.kind === 'class');
  if (returned) return { node: returned.expr.what, namespace };
  let fallback: { node: Node; namespace?: string } | undefined;
  for (const node of nodes) {
    let found: { node: Node; namespace?: string } | undefined;
    if (!node) continue;
    if (node.kind === 'namespace') found = findMigrationClass(node.children ?? [], node.name || undefined);
    else if (node.kind === 'class') found = { node, namespace };
    else if (node.kind === 'return' && node.expr?.kind === 'new' && node.expr.what?.kind === 'class') found = { node: node.expr.what, namespace };
    else if (node.kind === 'expressionstatement' && node.expression?.kind === 'new' && node.expression.what?.kind === 'class') {
      found = { node: node.expression.what, namespace };
    }
    if (!found) continue;
    // Prefer the class that extends Migration when a file declares several.
    if (/(^|\\)Migration$/.test(String(found.node.extends?.name ?? ''))) return found;
    fallback ??= found;
  }
  return fallback;
}

/**
 * A copy of `list` the size of its contents. An array grown by push keeps room for 16 more elements
 * (136 bytes on 64-bit V8), and an analysis is kept as long as its file is: at 10,000 files, the
 * four lists each one grows (operations, a Blueprint's statements, a chain, its arguments) held
 * ~5 MB of empty slots, which the collector copies and marks again on every cycle.
 */
function fitted<T>(list: T[]): T[] {
  return list.slice();
}

function toPos(p: { line: number; column: number; offset: number }): SourcePosition {
  return { line: p.line - 1, column: p.column, offset: p.offset };
}

function rangeOf(loc: Loc | null | undefined): SourceRange {
  if (!loc) return { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } };
  return { start: toPos(loc.start), end: toPos(loc.end) };
}

/** The range of a string literal's contents, quotes excluded. */
function literalRange(node: Node): SourceRange {
  const r = rangeOf(node.loc);
  const quoted = node.kind === 'string' && r.end.offset - r.start.offset >= 2 && r.start.line === r.end.line;
  if (!quoted) return r;
  return {
    start: { line: r.start.line, column: r.start.column + 1, offset: r.start.offset + 1 },
    end: { line: r.end.line, column: r.end.column - 1, offset: r.end.offset - 1 },
  };
}

// PHP class, function and method names are case-insensitive: `schema::Create()` runs.
function isSchemaFacade(node: Node | undefined): boolean {
  return node?.kind === 'name' && /(^|\\)Schema$/i.test(String(node.name));
}

/** The query builder's methods that write rows. */
const rowWrites = new Set(['insert', 'insertorignore', 'insertgetid', 'insertusing', 'upsert', 'update', 'updateorinsert', 'increment', 'decrement',
  'incrementeach', 'decrementeach', 'delete', 'truncate']);

/** The DB facade's methods that run the SQL text they are given, whatever it says. */
const rawSqlMethods = new Set(['statement', 'unprepared', 'update', 'insert', 'delete', 'affectingstatement']);

function isDbFacade(node: Node | undefined): boolean {
  return node?.kind === 'name' && /(^|\\)DB$/i.test(String(node.name));
}

function identifierName(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'identifier') return String(node.name);
  return undefined;
}

function isLiteral(node: Node | undefined): boolean {
  return node?.kind === 'string' || node?.kind === 'nowdoc' || node?.kind === 'array';
}

/** How a table name the analysis cannot read is written (see {@link UnnamedKind}). */
function unnamedKind(node: Node | undefined): UnnamedKind {
  switch (node?.kind) {
    case 'call': {
      const what = node.what;
      const name = what?.kind === 'name' ? String(what.name).replace(/^\\/, '').toLowerCase() : undefined;
      if (name === 'config') return 'config';
      if (name === 'env') return 'env';
      // `Config::get('x')`, `config()->get('x')`.
      if (what?.kind === 'staticlookup' && what.what?.kind === 'name' && /(^|\\)Config$/i.test(String(what.what.name))) return 'config';
      if (what?.kind === 'propertylookup' && what.what?.kind === 'call' && unnamedKind(what.what) === 'config') return 'config';
      return 'call';
    }
    case 'variable': return 'variable';
    case 'name': case 'constref': case 'classconstant': return 'constant';
    case 'staticlookup': return node.offset?.kind === 'identifier' ? 'constant' : 'property';
    case 'propertylookup': case 'nullsafepropertylookup': case 'offsetlookup': return 'property';
    case 'encapsed': return 'concatenation';
    case 'bin': return node.type === '.' ? 'concatenation' : 'other';
    case 'cast': case 'parenthesis': return unnamedKind(node.expr ?? node.inner);
    default: return 'other';
  }
}

/** Source text as a reason shows it: on one line, each run of spaces one space, at most 100 characters. */
function shownText(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

/** The nodes directly below `node` (php-parser's nodes are plain objects; `loc` and comments hold none). */
function childNodes(node: Node): Node[] {
  const children: Node[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments') continue;
    const value = node[key];
    if (Array.isArray(value)) { for (const v of value) if (v && typeof v === 'object' && typeof v.kind === 'string') children.push(v); }
    else if (value && typeof value === 'object' && typeof value.kind === 'string') children.push(value);
  }
  return children;
}

/** The innermost function (method, function or closure; an arrow function's is its parent's) around `offset` in `root`. */
function functionAround(root: Node, offset: number): Node | undefined {
  let found: Node | undefined;
  let node: Node | undefined = root;
  while (node) {
    if (node.kind === 'method' || node.kind === 'function' || node.kind === 'closure') found = node;
    node = childNodes(node).find((child) => child.loc && child.loc.start.offset <= offset && offset < child.loc.end.offset);
  }
  return found;
}

/** Built-ins that change an argument passed by reference (or remove it). */
const byReference = 'unset|array_(?:push|pop|shift|unshift|splice|walk\\w*)|\\w*sort|shuffle|settype|extract|parse_str|preg_match\\w*|str_replace';

/**
 * How many places in the text may change what `subject` (`$t`, `$this->tables`) holds: assignments
 * (to it or its elements), increments, references, by-reference built-ins, foreach and list targets.
 */
function changes(text: string, subject: string): number {
  const { mentioned, changed } = changePattern(subject);
  // Every alternative of the pattern holds the subject: a text that never spells it (most
  // classes never name `$this->connection`) is not scanned with the ~1.5 KB pattern at all.
  if (mentioned && !mentioned.test(text)) return 0;
  return text.match(changed)?.length ?? 0;
}

/**
 * The pattern of `changes` for a subject, made once per subject: every file asks for
 * `$this->connection` and most for the same few variables, and building the ~1.5 KB source
 * (and V8 looking it up again in its cache of compiled patterns, which each garbage collection
 * ages) cost more than matching it. A global pattern is safe to share: `match` starts it at 0
 * and leaves it there.
 */
function changePattern(subject: string): ChangePattern {
  let pattern = changePatterns.get(subject);
  if (pattern) return pattern;
  // Without the `i` flag when the subject is ASCII, its letters and the keywords spelled in both
  // cases instead: the same matches, but V8 no longer works out the case of every character of
  // `[\x80-\uffff]` to compile the pattern (several million instructions for each subject).
  const ascii = /^[\x00-\x7f]*$/.test(subject);
  const spelled = ascii ? caseless(subject.replace(/[$]/g, '\\$')) : undefined;
  const s = spelled !== undefined ? `${spelled}${wholeNameEnd}` : wholeName(subject);
  const changed = new RegExp([
    `${s}\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/.%&|^]|\\*\\*|\\?\\?|<<|>>)?=(?![=>])`,
    `(?:\\+\\+|--)\\s*${s}`, `${s}\\s*(?:\\[[^\\]]*\\]\\s*)*(?:\\+\\+|--)`,
    `(?<!&)&\\s*${s}`, `\\b(?:${ascii ? byReferenceCaseless : byReference})\\s*\\([^;]*?${s}`,
    `\\b${ascii ? '[aA][sS]' : 'as'}\\s+(?:[^)]*?=>\\s*)?&?\\s*${s}`, `${s}[^;=()]*[\\])]\\s*=(?![=>])`,
  ].join('|'), ascii ? 'g' : 'gi');
  // The subject alone, spelled as the pattern spells it (ASCII letters in either case): not global,
  // so `test` keeps no position between texts.
  pattern = { changed, mentioned: spelled !== undefined ? new RegExp(spelled) : undefined };
  // Names are few in a project; a long editor session with many is bounded all the same.
  if (changePatterns.size >= 512) changePatterns.clear();
  changePatterns.set(subject, pattern);
  return pattern;
}

interface ChangePattern {
  readonly changed: RegExp;
  /** Whether a text spells the subject at all (for an ASCII subject): no text that does not can match `changed`. */
  readonly mentioned: RegExp | undefined;
}

const changePatterns = new Map<string, ChangePattern>();

/** A pattern's ASCII letters as a class of both cases, escapes (`\\w`, `\\$`) kept: what `i` does to them. */
function caseless(pattern: string): string {
  return pattern.replace(/\\.|[A-Za-z]/g, (m) => (m.length === 2 ? m : `[${m.toLowerCase()}${m.toUpperCase()}]`));
}

const byReferenceCaseless = caseless(byReference);

const operationKinds: Record<string, SchemaOperationKind> = {
  create: 'create', table: 'table', drop: 'drop', dropifexists: 'dropIfExists', rename: 'rename', dropcolumns: 'table', dropcolumn: 'table',
};

/**
 * Schema builder methods that read or configure and never change a table. `connection` only
 * hands back a builder (`$schema = Schema::connection(...)`): what that builder does is read
 * where it is called, on that connection.
 */
const harmlessSchemaMethods = new Set([
  'connection', 'hastable', 'hascolumn', 'hascolumns', 'hasindex', 'hasview', 'getcolumnlisting', 'getcolumntype', 'getcolumns', 'getindexes', 'gettables',
  'getforeignkeys', 'defaultstringlength', 'defaultmorphkeytype', 'morphusingulids', 'morphusinguuids', 'enableforeignkeyconstraints',
  'disableforeignkeyconstraints', 'withoutforeignkeyconstraints', 'getconnection', 'blueprintresolver', 'getallTables'.toLowerCase(),
]);

const createTablePattern = /\bcreate\s+(?:temporary\s+)?table\s+(?:if\s+not\s+exists\s+)?[`"]?([\w$]+)[`"]?/gi;
const dropTablePattern = /\bdrop\s+table\s+(?:if\s+exists\s+)?([`"]?[\w$]+[`"]?(?:\s*,\s*[`"]?[\w$]+[`"]?)*)/gi;
const anyTablePattern = /\b(?:table|into|update|from|join)\s+(?:if\s+(?:not\s+)?exists\s+)?[`"]?([\w$]+)[`"]?/gi;
const renameTablePattern = /\brename\s+table\s+[`"]?([\w$]+)[`"]?\s+to\s+[`"]?([\w$]+)[`"]?/gi;
/** The table of `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name [USING type] ON table` and `DROP INDEX name ON table`, which name it after ON. */
const indexOnPattern = /\bindex\s+(?:if\s+(?:not\s+)?exists\s+)?[`"]?[\w$]+[`"]?\s+(?:using\s+\w+\s+)?on\s+[`"]?([\w$]+)[`"]?/gi;

/**
 * PHP's sprintf() over known values: `%s` and `%d` (an integer written as such: `%d` of a string
 * would be its leading number) and `%%`; any other conversion, flag or width, or a missing or
 * unknown value, is not read.
 */
function sprintfOf(pattern: string, values: readonly ({ text: string; integer?: boolean } | undefined)[]): string | undefined {
  if (values.some((v) => v === undefined)) return undefined;
  let next = 0;
  let read = true;
  const text = pattern.replace(/%([\s\S]?)/g, (_, conversion: string) => {
    if (conversion === '%') return '%';
    const value = values[next++];
    if ((conversion !== 's' && conversion !== 'd') || !value || (conversion === 'd' && !value.integer)) read = false;
    return value?.text ?? '';
  });
  return read ? text : undefined;
}

/** A PHP string or integer as the text it makes in a string (interpolated, `.`, sprintf's `%s`). */
function textOf(value: PhpValue): { text: string; integer?: boolean } | undefined {
  if (typeof value === 'string') return { text: value };
  return typeof value === 'number' && Number.isSafeInteger(value) ? { text: String(value), integer: true } : undefined;
}

/** How many times a variable (`$x`) appears in the text, as a whole name. */
function mentions(text: string, variable: string): number {
  return text.match(new RegExp(wholeName(variable), 'g'))?.length ?? 0;
}

/** A variable or property (`$t`, `$this->tables`) as a pattern that matches it as a whole name only. */
function wholeName(subject: string): string {
  return `${subject.replace(/[$]/g, '\\$')}${wholeNameEnd}`;
}

/** What follows a whole name: no other character of a name. */
const wholeNameEnd = '(?![\\w\\x80-\\uffff])';

/** Catch types that take a failed query (Illuminate's QueryException is a PDOException, a RuntimeException). */
const catchAll = /^\\?(?:(?:Illuminate\\Database\\)?QueryException|PDOException|RuntimeException|Exception|Throwable)$/i;

/** Laravel's drivers other than mysql and mariadb (a branch on one of them never runs here). */
const otherDrivers = new Set(['pgsql', 'sqlite', 'sqlsrv']);
/** One UPDATE, INSERT, REPLACE or DELETE: it changes rows, never a structure. */
const rowsOnlyPattern = /^\s*(?:update|insert|replace|delete)\b[^;]*;?\s*$/i;
/**
 * One ALTER TABLE (no `;` but a last one): it changes the table it names and no other (a foreign
 * key it adds leaves the referenced table as it is), and keeps its name unless it says RENAME.
 */
const alterOnlyPattern = /^\s*alter\s+(?:ignore\s+)?table\s+[`"]?[\w$]+[`"]?\s[^;]*;?\s*$/i;
/** Where DB::getTablePrefix() stands in SQL text being read (a character no literal read as SQL holds). */
const prefixMark = '\u0000';
function unmarked(text: string): string | undefined {
  return text.includes(prefixMark) ? undefined : text;
}
/** One `ALTER TABLE t ENGINE = InnoDB` (the table after the prefix or not): see engineChange. */
const innodbPattern = new RegExp(`^\\s*alter\\s+table\\s+(\`?)(${prefixMark}?)([A-Za-z_][\\w$]*)\\1\\s+engine\\s*=?\\s*innodb\\s*;?\\s*$`, 'i');
/** One `ALTER TABLE t ADD|MODIFY|CHANGE [COLUMN] c ...` (the table after the prefix or not): see columnChange. */
const columnPattern = new RegExp(`^\\s*alter\\s+table\\s+(\`?)(${prefixMark}?)([A-Za-z_][\\w$]*)\\1\\s+(add|modify|change)(?:\\s+column)?\\s+\`?([A-Za-z_][\\w$]*)\`?\\s+(?:\`?([A-Za-z_][\\w$]*)\`?\\s+)?([^;]*?)\\s*;?\\s*$`, 'i');
/** Words after ADD or MODIFY that start something other than a column's name. */
const columnKeywords = new Set(['column', 'index', 'key', 'fulltext', 'spatial', 'unique', 'primary', 'constraint', 'foreign', 'check', 'if', 'period', 'system', 'partition']);
/** A variable holding SQL text built from literals (never a table name: it may hold the prefix). */
const sqlTextKind = 'sqltext';
/** A variable holding the driver's or the default connection's name (`$type = config('database.default')`). */
const driverNameNodeKind = 'drivername';
/** A variable holding a condition on the driver (`$isPgsql = DB::getDriverName() === 'pgsql'`): its value with each driver. */
const driverTestNodeKind = 'drivertest';
/** A variable holding the rows of a query listing table names, each matching `patterns` (see listedTables). */
const tableRowsNodeKind = 'tablerows';
/** The variable a foreach over such rows binds: one row, its `column` a table's name matching `patterns`. */
const tableRowNodeKind = 'tablerow';

/**
 * `SELECT TABLE_NAME FROM information_schema.tables WHERE table_schema = ? AND table_name LIKE ?`:
 * the column read and the LIKE patterns each name it lists matches, from the text and the
 * bindings for its `?`s (undefined where not literal). Only conditions joined by AND, at least one
 * of them a literal pattern on the name: any other query may list any table.
 */
export function listedTables(sql: string, bindings: readonly (string | undefined)[]): { column: string; patterns: string[] } | undefined {
  const query = /^\s*select\s+(`?table_name`?)\s+from\s+`?information_schema`?\s*\.\s*`?tables`?\s+where\s+([^;]*?)\s*;?\s*$/is.exec(sql);
  if (!query) return undefined;
  // String literals stand aside while the conditions are split: their text may hold AND or `?`.
  const literals: string[] = [];
  const where = query[2].replace(/'((?:[^'\\]|\\.|'')*)'/g, (_, text: string) => `'${literals.push(text) - 1}'`);
  // What could list rows no condition narrows: a quoted name, a group, OR, a comment, another query.
  if (/["`()#]|--|\/\*|\b(?:or|xor|union|select|intersect|except)\b|\|\|/i.test(where.replace(/`table_(?:name|schema)`/gi, ''))) return undefined;
  const patterns: string[] = [];
  let placeholder = 0;
  for (const condition of where.split(/\s+and\s+/i)) {
    const like = /^`?table_name`?\s+like\s+(\?|'(\d+)')$/i.exec(condition.trim());
    if (like) {
      const pattern = like[1] === '?' ? bindings[placeholder] : literals[Number(like[2])];
      if (pattern === undefined || /['\\]/.test(pattern)) return undefined;
      patterns.push(pattern);
    }
    placeholder += condition.split('?').length - 1;
  }
  return patterns.length ? { column: query[1].replaceAll('`', ''), patterns } : undefined;
}

/**
 * The variables of one scope and the literals they hold, and why some hold none: a variable a
 * closure captures by reference or bound by reference (`=& `, `global`, `static`, foreach by
 * reference) may change at any time afterwards, whatever is assigned to it; one that extract(),
 * parse_str() or a variable variable may have overwritten holds nothing known until assigned.
 */
class Variables extends Map<string, Node> {
  /** '*': every variable (a variable variable bound by reference, extract() with flags). */
  readonly marks = new Map<string, { why: Message; forGood: boolean }>();

  override set(name: string, value: Node): this {
    // The field is not there yet while Map's constructor runs.
    const mark = this.marks?.get(name) ?? this.marks?.get('*');
    if (mark?.forGood) return this;
    this.marks?.delete(name);
    return super.set(name, value);
  }

  /** No known literal from here on: until assigned, or for good. */
  mark(name: string, why: Message, forGood: boolean): void {
    if (this.marks.get(name)?.forGood) return;
    super.delete(name);
    this.marks.set(name, { why, forGood });
  }

  /** Every variable holds no known literal from here on. */
  markAll(why: Message, forGood: boolean): void {
    for (const name of [...this.keys()]) this.mark(name, why, false);
    if (forGood) this.mark('*', why, true);
  }

  why(name: string): Message | undefined {
    return (this.marks.get(name) ?? this.marks.get('*'))?.why;
  }

  static of(entries: Map<string, Node>): Variables {
    const copy = new Variables(entries);
    if (entries instanceof Variables) for (const [name, mark] of entries.marks) copy.marks.set(name, mark);
    return copy;
  }
}

/** The variable an assignment target or a by-reference argument changes (`$a`, `$a['x']`, `$a[]`). */
function rootVariable(node: Node | undefined): Node | undefined {
  let root = node;
  while (root?.kind === 'offsetlookup') root = root.what;
  return root?.kind === 'variable' ? root : undefined;
}

/**
 * What an expression may change in its scope besides a plain `$x = ...` at its top: nested
 * assignments and increments, `list()` targets, references, closures capturing by reference,
 * by-reference built-ins, extract(), parse_str(), get_defined_vars() and variable variables.
 * Closure and arrow function bodies run in a scope of their own.
 */
function forgetChanged(node: Node | undefined, variables: Map<string, Node>): void {
  forgetChangedIn(node, variables, variables instanceof Variables ? variables : undefined);
}

/** Nodes that hold no other node (a comment aside, which changes nothing): nothing below them to read. */
const leafKinds = new Set(['string', 'number', 'boolean', 'identifier', 'nullkeyword', 'name']);

/** Why `node` changed a variable; built only when a mark keeps it (most changes only delete a variable). */
function changeWhy(id: 'unknown.variableCaptured' | 'unknown.variableReference' | 'unknown.variableOverwritten', node: Node, what?: string): Message {
  const line = node.loc?.start.line ?? 0;
  return what === undefined ? message(id, line) : message(id, what, line);
}

/** `target` (`$a`, `$a['x']`) changed: its variable holds nothing known, or none does when it has no plain name. */
function forgetTarget(target: Node | undefined, variables: Map<string, Node>, vars: Variables | undefined, node: Node, what: string): void {
  const root = rootVariable(target);
  if (root && typeof root.name === 'string') variables.delete(root.name);
  else if (root) { if (vars) vars.markAll(changeWhy('unknown.variableOverwritten', node, what), false); else variables.clear(); }
}

/** `target` is bound by reference: its variable holds nothing known for good. */
function bindTarget(target: Node | undefined, variables: Map<string, Node>, vars: Variables | undefined, why: Message | (() => Message)): void {
  const root = rootVariable(target);
  if (!root) return;
  if (typeof root.name !== 'string') { if (vars) vars.markAll(typeof why === 'function' ? why() : why, true); else variables.clear(); return; }
  if (vars) vars.mark(root.name, typeof why === 'function' ? why() : why, true); else variables.delete(root.name);
}

// Walked for every expression of every statement: no closure, message or array per node.
function forgetChangedIn(node: Node | undefined, variables: Map<string, Node>, vars: Variables | undefined): void {
  if (!node || typeof node !== 'object') return;
  switch (node.kind) {
    case 'closure':
      for (const use of node.uses ?? []) if (use?.byref) bindTarget(use, variables, vars, () => changeWhy('unknown.variableCaptured', node));
      return;
    case 'arrowfunc': case 'function': case 'class':
      return;
    case 'assignref': {
      const why = changeWhy('unknown.variableReference', node);
      bindTarget(node.left, variables, vars, why);
      bindTarget(node.right, variables, vars, why);
      break;
    }
    case 'assign': case 'pre': case 'post': {
      const target = node.kind === 'assign' ? node.left : node.what;
      if (target?.kind === 'list' || target?.kind === 'array') {
        for (const item of target.items ?? []) {
          const value = item?.kind === 'entry' ? item.value : item;
          if (item?.byRef) bindTarget(value, variables, vars, () => changeWhy('unknown.variableReference', node));
          else forgetChangedIn({ kind: 'assign', left: value, right: undefined, operator: '=', loc: node.loc }, variables, vars);
        }
      } else {
        forgetTarget(target, variables, vars, node, '$$');
      }
      break;
    }
    case 'entry':
      // `[&$x]`: the array's element is bound to the variable.
      if (node.byRef) bindTarget(node.value, variables, vars, () => changeWhy('unknown.variableReference', node));
      break;
    case 'variable':
      if (typeof node.name !== 'string' && vars) vars.markAll(changeWhy('unknown.variableOverwritten', node, '$$'), false);
      break;
    case 'call': {
      if (node.what?.kind !== 'name') break;
      const name = String(node.what.name).replace(/^\\/, '').toLowerCase();
      const args: Node[] = node.arguments ?? [];
      if (name === 'extract' || (name === 'parse_str' && args.length < 2) || name === 'get_defined_vars') {
        // extract() with flags may bind by reference (EXTR_REFS).
        if (vars) vars.markAll(changeWhy('unknown.variableOverwritten', node, `${name}()`), name === 'extract' && args.length > 1); else variables.clear();
      } else if (name && byReferenceCall.test(name)) {
        for (const a of args) forgetTarget(a?.kind === 'namedargument' ? a.value : a?.kind === 'variadic' ? a.what : a, variables, vars, node, `${name}()`);
      }
      break;
    }
    default:
      if (leafKinds.has(node.kind)) return;
      break;
  }
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const child = node[key];
    if (Array.isArray(child)) for (const c of child) forgetChangedIn(c, variables, vars);
    else if (child && typeof child === 'object' && typeof child.kind === 'string') forgetChangedIn(child, variables, vars);
  }
}

/**
 * A return's or a branch's guard is decided once, where the return or the `if` is; an
 * operation's guard is decided where the operation runs. They agree until a statement after the
 * return, or later in the branch, may create, drop or rename the guarded table: from there on, what follows runs whenever the statements before it did,
 * which no guard expresses, so it is conditional instead.
 */
function unguardAfterChange(guard: TableGuard, ops: SchemaOperation[], firstOp: number, unknown: readonly UnknownStatement[]): void {
  const table = guard.table.toLowerCase();
  const named = (name: string | undefined): boolean => name?.replace(/[`"]/g, '').toLowerCase() === table;
  const changedAt = ops.findIndex((op, i) => i >= firstOp && (op.kind !== 'table' || op.inBlueprint)
    && (named(op.table.name) || named(op.renamedTo?.name)));
  const unknownAt = Math.min(...unknown.filter((u) => !u.rowsOnly && (u.anyTable || [...u.sqlCreates ?? [], ...u.sqlDrops ?? []].some(named)))
    .map((u) => u.range.start.offset));
  for (let i = firstOp; i < ops.length; i++) {
    const op = ops[i]!;
    const after = (changedAt >= 0 && i > changedAt && op.range.start.offset >= ops[changedAt]!.range.start.offset) || op.range.start.offset > unknownAt;
    if (!after || !op.guards.includes(guard)) continue;
    // Decided by the driver or by its guards alone no longer: the guard it loses said when it runs too.
    const { driver: _, ...unguarded } = op;
    ops[i] = { ...unguarded, guards: op.guards.filter((g) => g !== guard), conditional: op.conditional && op.conditional !== driverCondition && op.conditional !== guardedElsewhereCondition ? op.conditional : 'condition' };
  }
}

/** Whether a statement holds a return of the function it is in (not of a closure or function inside it). */
function returnsInside(node: Node | undefined): boolean {
  if (!node || typeof node !== 'object') return false;
  if (node.kind === 'return') return true;
  if (node.kind === 'closure' || node.kind === 'arrowfunc' || node.kind === 'function' || node.kind === 'class') return false;
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const child = node[key];
    if (Array.isArray(child) ? child.some((c) => returnsInside(c)) : child && typeof child === 'object' && returnsInside(child)) return true;
  }
  return false;
}

/** A whole built-in name among those changing an argument passed by reference. */
const byReferenceCall = new RegExp(`^(?:${byReference})$`, 'i');

interface WalkContext {
  readonly guards: readonly TableGuard[];
  readonly conditional?: string;
  readonly variables: Map<string, Node>;
  /** `$schema = Schema::connection('x');`: variables holding a schema builder. */
  readonly builders: Map<string, SchemaBuilder>;
  /** Inside a try that swallows the failure of its only statement. */
  readonly failureSwallowed?: true;
  /** Inside a try block: a statement that fails there may not fail the migration. */
  readonly insideTry?: true;
  /** In `if (Schema::hasColumn('t', 'c')) { ... }`, or after `if (...) { return; }`: the statements run only when the guard holds. */
  readonly afterColumnReturn?: ColumnReturnGuard;
  /**
   * A branch of `if (DB::getDriverName() === 'mysql')`, which the mysql and mariadb drivers take
   * differently: read as a condition, and what is written straight in it (`ctx` is the branch's
   * own context, not one a loop, a condition or a return inside it made) runs with `driver`.
   */
  readonly driverBranch?: { readonly driver: 'mysql' | 'mariadb'; readonly ctx: WalkContext };
}

/** An operation's `conditional` as read in `ctx`: a branch on the driver's is decided where the project's driver is known. */
function conditionOf(ctx: WalkContext, conditional: string | undefined): Pick<SchemaOperation, 'conditional' | 'driver'> {
  const driver = conditional === 'condition' ? branchDriver(ctx) : undefined;
  return driver ? { conditional: driverCondition, driver } : conditional ? { conditional } : {};
}

/** The driver an operation read in `ctx` runs with, when only the driver decides whether it runs. */
function branchDriver(ctx: WalkContext): 'mysql' | 'mariadb' | undefined {
  return ctx.driverBranch?.ctx === ctx && !ctx.afterColumnReturn ? ctx.driverBranch.driver : undefined;
}

/** Whether what a branch did (its operations, its statements not read) may have changed `table`. */
function mayTouch(branchOps: readonly SchemaOperation[], branchUnknown: readonly UnknownStatement[], table: string): boolean {
  return branchOps.some((op) => op.kind !== 'table' || op.table.name === table || op.connection !== undefined) || unreadTouches(branchUnknown, table);
}

function unreadTouches(branchUnknown: readonly UnknownStatement[], table: string): boolean {
  return branchUnknown.some((u) => !u.rowsOnly && (u.anyTable || (u.sqlTables ?? []).includes(table) || (u.sqlCreates ?? []).length > 0 || (u.sqlDrops ?? []).length > 0));
}

/**
 * Whether what a branch did may change the answer of `guard`: a hasColumn() only through a
 * Blueprint on its table that may add, drop or rename a column of that name (any case), or what
 * may touch the table otherwise; hasIndex() and hasTable() through anything that may touch the table.
 */
function mayChangeAnswer(guard: SchemaGuard, branchOps: readonly SchemaOperation[], branchUnknown: readonly UnknownStatement[]): boolean {
  if ('any' in guard || 'all' in guard) return ('any' in guard ? guard.any : guard.all).some((g) => mayChangeAnswer(g, branchOps, branchUnknown));
  if (!('column' in guard)) return mayTouch(branchOps, branchUnknown, guard.table);
  return unreadTouches(branchUnknown, guard.table) || branchOps.some((op) => op.kind !== 'table' || op.connection !== undefined
    || (op.table.name === guard.table && (op.fromSql || op.blueprintUnknown !== undefined || (op.blueprint ?? []).some((st) => mayChangeColumn(st, guard.column)))));
}

/** Whether a Blueprint statement may add, drop or rename a column named `column` (MariaDB's names are case-insensitive). */
function mayChangeColumn(statement: BlueprintStatement, column: string): boolean {
  const head = statement.chain[0];
  if (!head) return false;
  const method = head.method.toLowerCase();
  if (keyMethods.has(method)) return false;
  if (head.namedArgs) return true;
  const lower = column.toLowerCase();
  const names = (value: PhpValue | undefined): boolean => (typeof value === 'string' ? value.toLowerCase() === lower : Array.isArray(value) ? value.some(names) : true);
  if (singleColumnMethods.has(method)) return names(head.args[0]);
  if (method === 'renamecolumn') return names(head.args[0]) || names(head.args[1]);
  if (method === 'dropcolumn') return head.args.length === 0 || head.args.some(names);
  return true;
}

/** Blueprint methods that change keys and indexes only, never which columns a table has. */
const keyMethods = new Set(['foreign', 'dropforeign', 'index', 'dropindex', 'unique', 'dropunique', 'primary', 'dropprimary',
  'fulltext', 'dropfulltext', 'spatialindex', 'dropspatialindex', 'renameindex']);

function keepsColumns(blueprint: readonly BlueprintStatement[]): boolean {
  return blueprint.every((statement) => keyMethods.has(statement.chain[0]?.method.toLowerCase() ?? ''));
}

/**
 * The guard an early return on `Schema::hasColumn()` leaves on the statements after it. It is
 * decided when the return runs, so it guards a Blueprint like the closure's own `hasColumn()`
 * (decided on the tables as they are before the Blueprint) only while nothing after the return
 * has changed the guarded table's columns yet: from the first Blueprint on that table but one
 * that only changes keys and indexes, or anything but a Blueprint, what follows is conditional.
 */
interface ColumnReturnGuard {
  /** Each holds (`hasColumn('t', 'a') && ! hasColumn('t', 'b')`: two). */
  readonly guards: readonly SchemaGuard[];
  spent: boolean;
}

type SchemaBuilder = { readonly connection?: string; readonly connectionUnknown?: boolean };

/** Where a statement of a Blueprint closure is read: the closure itself, or an own method it calls. */
interface BlueprintFrame {
  /** The variable holding the Blueprint (none when the method was not given it). */
  readonly paramName?: string;
  readonly scope: WalkContext;
  /** The closure's or the method's text, where its variables are looked up. */
  readonly text: string;
  /** The own methods being read around it, outermost first. */
  readonly active: readonly string[];
  /** A method's parameters and the literals they hold at the call. */
  readonly bound?: ReadonlyMap<string, Node>;
}

class FileAnalyzer {
  /**
   * Class properties holding a string or array literal that nothing else changes (a default,
   * `protected $table = 'x'`, or one assignment in the constructor), resolvable as `$this->table`.
   */
  private readonly properties = new Map<string, Node>();
  /** The class's own constants holding a string or array literal (`const TABLES = ['a', 'b'];`), as `self::` / `static::` name them. */
  private readonly constants = new Map<string, Node>();
  /** The class's own methods, inlined where up()/down() call them (`$this->createTables()`). */
  private readonly methods = new Map<string, Node>();
  /** The own methods being read, outermost first: a call of one of them again is a recursion. */
  private readonly inlining: string[] = [];
  /** How many calls of own methods the current up() or down() has read (bounded: each may call several). */
  private inlinedCalls = 0;
  /** The connection up() and down() run on ({@link connectionOfClass}): none, the default one. */
  private classConnection: SchemaBuilder = {};
  /** The class keeps a schema builder in `$this->schema` (assigned in its constructor, typically). */
  private hasSchemaProperty = false;
  /** The names the file gives the Schema and DB facades (`use ...\Facades\Schema as S;`), as code text says them. */
  facadeAliases: RegExp | undefined;
  /** The parsed file: its namespace and imports are what `Foo::class` is resolved against. */
  program: Node | undefined;
  /**
   * Read from {@link program} when a class is first named: few files name one, and reading every
   * file's imports made V8 optimise that walk during a cold run (35 M instructions at 300 files).
   */
  private scope?: ClassScope;
  private classScope(): ClassScope {
    return (this.scope ??= this.program ? classScopeOf(this.program) : { namespace: '', uses: new Map() });
  }
  /** Where the text spells `return`, in any case (see mayReturn), found when first asked. */
  private returnWords?: number[];
  /** The method's throws read so far (see ThrowStatement). */
  private throws: ThrowStatement[] = [];
  /** The tables whose rows the method being read writes through the query builder (see {@link MethodAnalysis.rowsWritten}). */
  private rowsWritten: string[] = [];
  /** The method's foreign key checks turned off or on so far (see ForeignKeyChecksCall). */
  private foreignKeyChecks: ForeignKeyChecksCall[] = [];

  /** `limit`: the offset of the first syntax error (Infinity when none). */
  constructor(private readonly source: string, private readonly limit: number) {}

  /** Whether a node starts before the first syntax error. */
  starts(node: Node | null | undefined): node is Node {
    return !!node?.loc && node.loc.start.offset < this.limit;
  }

  /** Whether something follows the node before the first syntax error (a name that cannot grow any more). */
  followed(node: Node | null | undefined): boolean {
    if (this.limit === Infinity) return true;
    return !!node?.loc && nextSignificant(this.source, node.loc.end.offset) < this.limit;
  }

  /**
   * A statement ended by its own `;` (a block, method or class by its `}`) before the first
   * syntax error: nothing after it can change it. A recovered block ends at its last statement.
   */
  private settledStatement(node: Node): boolean {
    if (this.limit === Infinity) return true;
    if (!node.loc || node.loc.end.offset > this.limit) return false;
    return this.source[node.loc.end.offset - 1] === (closedByBrace.has(node.kind) ? '}' : ';');
  }

  /** Whether a call's argument list is closed before the first syntax error (`lastArgument` absent: an empty list). */
  private closesCall(call: Node, lastArgument: Node | undefined): boolean {
    if (this.limit === Infinity) return true;
    if (lastArgument) return this.settledArgument(lastArgument) && this.source[nextSignificant(this.source, lastArgument.loc!.end.offset)] === ')';
    return !!call.loc && call.loc.end.offset <= this.limit && this.source[call.loc.end.offset - 1] === ')';
  }

  /** An argument followed by its `,` or `)` before the first syntax error: no later token can extend it. */
  private settledArgument(node: Node | null | undefined): boolean {
    if (!node) return false;
    if (this.limit === Infinity) return true;
    if (!node.loc || node.loc.end.offset > this.limit) return false;
    const next = nextSignificant(this.source, node.loc.end.offset);
    return next < this.limit && (this.source[next] === ',' || this.source[next] === ')');
  }

  collectProperties(klass: Node): void {
    this.hasSchemaProperty = /\$this->schema\s*=/.test(this.text(klass));
    for (const member of klass.body ?? []) {
      if (!this.starts(member)) continue;
      if (member.kind === 'method') this.methods.set(String(member.name?.name ?? member.name).toLowerCase(), member);
      if (member.kind === 'classconstant' && this.settledStatement(member)) {
        // Constant names are case-sensitive; a constant never changes.
        for (const constant of member.constants ?? []) {
          const name = identifierName(constant?.name) ?? (typeof constant?.name === 'string' ? constant.name : undefined);
          if (name && isLiteral(constant.value)) this.constants.set(name, constant.value);
        }
      }
      if (member.kind !== 'propertystatement' || !this.settledStatement(member)) continue;
      for (const prop of member.properties ?? []) {
        const name = String(prop.name?.name ?? prop.name);
        if (isLiteral(prop.value)) this.properties.set(name, prop.value);
      }
    }
    // The constructor runs before up() and down(): its straight-line `$this->x = literal;` is the value they see.
    const assignedInConstructor = new Set<string>();
    const constructor = this.methods.get('__construct');
    for (const node of constructor?.body?.kind === 'block' && this.settledStatement(constructor) ? constructor.body.children ?? [] : []) {
      const assign = node?.kind === 'expressionstatement' ? node.expression : undefined;
      if (assign?.kind !== 'assign' || assign.operator !== '=' || assign.left?.kind !== 'propertylookup'
        || assign.left.what?.kind !== 'variable' || assign.left.what.name !== 'this') continue;
      const name = identifierName(assign.left.offset);
      if (!name) continue;
      assignedInConstructor.add(name);
      if (isLiteral(assign.right)) this.properties.set(name, assign.right);
      else this.properties.delete(name);
    }
    const text = this.text(klass);
    for (const name of [...this.properties.keys()]) {
      if (changes(text, `$this->${name}`) > (assignedInConstructor.has(name) ? 1 : 0)) this.properties.delete(name);
    }
    this.classConnection = this.connectionOfClass(klass, text);
  }

  /**
   * The connection the migrator runs up() and down() on: Laravel makes the migration's
   * getConnection() (its `$connection`, null by default) the default one while they run, for
   * `Schema::` and `DB::` alike. Another connection's tables live in another database.
   */
  private connectionOfClass(klass: Node, text: string): SchemaBuilder {
    const named = (value: Node | null | undefined): SchemaBuilder => (!value || value.kind === 'nullkeyword' ? {}
      : value.kind === 'string' ? { connection: String(value.value) } : { connectionUnknown: true });
    const method = this.methods.get('getconnection');
    if (method) {
      const body: Node[] = method.body?.children ?? [];
      return body.length === 1 && body[0]?.kind === 'return' && this.settledStatement(method) ? named(body[0].expr ?? null) : { connectionUnknown: true };
    }
    if (changes(text, '$this->connection') > 0) return { connectionUnknown: true };
    for (const member of klass.body ?? []) {
      if (member?.kind !== 'propertystatement' || member.isStatic) continue;
      const declared = (member.properties ?? []).find((prop: Node) => String(prop.name?.name ?? prop.name) === 'connection');
      if (declared) return this.settledStatement(member) ? named(declared.value) : { connectionUnknown: true };
    }
    return {};
  }

  method(node: Node): MethodAnalysis {
    const operations: SchemaOperation[] = [];
    const unknown: UnknownStatement[] = [];
    const body = node.body;
    this.inlinedCalls = 0;
    this.throws = [];
    this.rowsWritten = [];
    this.foreignKeyChecks = [];
    if (body?.kind === 'block') this.statements(body.children ?? [], { guards: [], variables: new Variables(), builders: new Map() }, operations, unknown);
    // A loop read once per element reports a statement it cannot read once, not once per element.
    const said = new Set<string>();
    const unknownOnce = unknown.filter((u) => {
      const key = `${u.range.start.offset} ${u.reason}`;
      if (said.has(key)) return false;
      said.add(key);
      return true;
    });
    return {
      declared: true, range: rangeOf(node.loc), nameRange: rangeOf(node.name?.loc ?? node.loc), operations: fitted(operations), unknown: fitted(unknownOnce),
      ...(body ? { bodyRange: rangeOf(body.loc) } : {}),
      ...(this.throws.length ? { throws: this.throws } : {}),
      ...(this.rowsWritten.length ? { rowsWritten: [...new Set(this.rowsWritten)] } : {}),
      ...(this.foreignKeyChecks.length ? { foreignKeyChecks: this.foreignKeyChecks } : {}),
      // That a body holds nothing is no fact in a damaged file: a stray `}` empties it.
      ...(body && this.limit === Infinity ? { empty: (body.children ?? []).length === 0 } : {}),
    };
  }

  /**
   * returnsInside(node), asked of every statement: walked only when the statement's text spells
   * `return` somewhere (a return node is read from that word, within the statement's range when
   * the file has no syntax error), which few statements of a migration do.
   */
  private mayReturn(node: Node): boolean {
    if (this.limit !== Infinity || !node.loc) return returnsInside(node);
    const words = this.returnWords ??= Array.from(this.source.matchAll(/return/gi), (m) => m.index!);
    const { start, end } = node.loc;
    for (const at of words) if (at >= start.offset && at < end.offset) return returnsInside(node);
    return false;
  }

  private text(node: Node): string {
    return node.loc ? this.source.slice(node.loc.start.offset, node.loc.end.offset) : node.kind;
  }

  private statements(nodes: Node[], ctx: WalkContext, ops: SchemaOperation[], unknown: UnknownStatement[]): void {
    let rest = ctx;
    const returnGuards: { guard: TableGuard; firstOp: number; firstUnknown: number }[] = [];
    for (const node of nodes) {
      const [opsBefore, unknownBefore] = [ops.length, unknown.length];
      this.statement(node, rest, ops, unknown);
      // What follows a return or a throw never runs; what follows one inside a condition or a loop may not.
      if (node?.kind === 'return' || node?.kind === 'throw') break;
      // In a file with a syntax error, a `}` typed inside a branch or loop (or a `{` deleted)
      // closes it early and is valid PHP up to a later error: what follows it may belong inside.
      if (this.limit !== Infinity && node && compoundKinds.has(node.kind)) rest = { ...rest, conditional: rest.conditional ?? 'condition' };
      if (!this.starts(node) || !this.mayReturn(node)) continue;
      rest = this.afterReturn(node, rest, ops.slice(opsBefore), unknown.slice(unknownBefore));
      const guard = rest.guards.length > ctx.guards.length ? rest.guards[rest.guards.length - 1] : undefined;
      if (guard && guard !== returnGuards[returnGuards.length - 1]?.guard) returnGuards.push({ guard, firstOp: ops.length, firstUnknown: unknown.length });
    }
    for (const g of returnGuards) unguardAfterChange(g.guard, ops, g.firstOp, unknown.slice(g.firstUnknown));
  }

  /**
   * The context of the statements after one that may return: `if (Schema::hasTable('t')) { return; }`
   * guards them with the opposite condition (they run only when it is false); any other return
   * inside leaves them conditional.
   */
  private afterReturn(node: Node, ctx: WalkContext, branchOps: readonly SchemaOperation[], branchUnknown: readonly UnknownStatement[]): WalkContext {
    // `if (DB::getDriverName() === 'pgsql') { ...; return; }`: on MySQL/MariaDB only the other
    // branch runs (as the if itself was read), and when it holds no return what follows always runs.
    const onDriver = node.kind === 'if' && this.settledArgument(node.test) ? this.driverTest(node.test, ctx) : undefined;
    if (onDriver !== undefined && !returnsInside(onDriver ? node.body : node.alternate)) return ctx;
    const body: Node[] | undefined = node.body?.kind === 'block' ? node.body.children : node.body ? [node.body] : undefined;
    // `if (DB::getDriverName() !== 'mysql') { return; }` alone: what follows runs with the driver that does not return.
    const withMysql = node.kind === 'if' && !node.alternate && !ctx.conditional && !ctx.afterColumnReturn && this.settledArgument(node.test)
      && this.settledStatement(node) ? this.driverTestWith('mysql', node.test, ctx) : undefined;
    const returned = body?.[body.length - 1];
    if (withMysql !== undefined && this.driverTestWith('mariadb', node.test, ctx) === !withMysql && returned?.kind === 'return'
      && (!returned.expr || plainScalar(returned.expr)) && !body!.slice(0, -1).some((n) => returnsInside(n))) {
      const rest: { -readonly [K in keyof WalkContext]: WalkContext[K] } = { ...ctx, conditional: 'condition' };
      rest.driverBranch = { driver: withMysql ? 'mariadb' : 'mysql', ctx: rest };
      return rest;
    }
    const onlyReturns = node.kind === 'if' && !node.alternate && body?.length === 1 && body[0]?.kind === 'return'
      && this.settledStatement(node) && (!body[0].expr || plainScalar(body[0].expr));
    const guard = onlyReturns && this.settledArgument(node.test) && this.driverTest(node.test, ctx) === undefined ? this.guardOf(node.test, ctx) : undefined;
    if (guard) return { ...ctx, guards: [...ctx.guards, { table: guard.table, requiresExisting: !guard.requiresExisting }] };
    // `if (Schema::hasColumn('t', 'c')) { ...; return; }`: what follows runs when the branch did not.
    const last = body?.[body.length - 1];
    const endsWithReturn = node.kind === 'if' && !node.alternate && last?.kind === 'return' && !body!.slice(0, -1).some((n) => returnsInside(n))
      && this.settledStatement(node) && (!last.expr || plainScalar(last.expr));
    const returnTest = endsWithReturn && !ctx.conditional && !ctx.afterColumnReturn && this.settledArgument(node.test) && this.driverTest(node.test, ctx) === undefined;
    const column = returnTest ? this.columnGuardOf(node.test, ctx) : undefined;
    // Any other `!`, `&&`, `||` of Schema's questions on one table: what follows runs when it does not hold.
    const schemaGuard = returnTest && !column ? this.schemaGuardOf(node.test, ctx) : undefined;
    const other = schemaGuard !== undefined && typeof schemaGuard !== 'boolean' && new Set(guardTables(schemaGuard)).size === 1 ? schemaGuard : undefined;
    // The replay runs the branch's Blueprints before the rest's guard is decided: one on the
    // guarded table (or a statement that may touch it) would decide it on the table as the branch
    // left it, not as it was when PHP decided it.
    const branchTouches = (table: string): boolean => mayTouch(branchOps, branchUnknown, table);
    if (column && !branchTouches(column.table)) return { ...ctx, afterColumnReturn: { guards: [{ ...column, exists: !column.exists }], spent: false } };
    if (other && !branchTouches(guardTables(other)[0])) return { ...ctx, afterColumnReturn: { guards: [negatedGuard(other)], spent: false } };
    return { ...ctx, conditional: ctx.conditional ?? 'condition' };
  }

  /**
   * `if (guard) { ... } else { ... }` around Blueprints: each branch's guarded by its side. PHP decides
   * once, before the branch; the replay decides the else's on the tables as the branch left them,
   * which is the same answer only while the branch cannot have changed it: else the else is conditional.
   */
  private guardedBranches(node: Node, guard: SchemaGuard, otherwise: SchemaGuard, ctx: WalkContext, ops: SchemaOperation[], unknown: UnknownStatement[]): void {
    const [firstOp, firstUnknown] = [ops.length, unknown.length];
    this.statement(node.body, { ...ctx, afterColumnReturn: { guards: [guard], spent: false } }, ops, unknown);
    if (!node.alternate) return;
    const [branchOps, branchUnknown] = [ops.slice(firstOp), unknown.slice(firstUnknown)];
    const touched = mayChangeAnswer(guard, branchOps, branchUnknown);
    this.statement(node.alternate, touched ? { ...ctx, conditional: 'condition' } : { ...ctx, afterColumnReturn: { guards: [otherwise], spent: false } }, ops, unknown);
  }

  private statement(node: Node | null | undefined, ctx: WalkContext, ops: SchemaOperation[], unknown: UnknownStatement[]): void {
    if (!this.starts(node)) return;
    // What the statement's own expressions may change, before they are read (a loop's or branch's body: when read).
    forgetChanged(node.expression, ctx.variables);
    forgetChanged(node.test, ctx.variables);
    forgetChanged(node.source, ctx.variables);
    for (const part of node.init ?? []) forgetChanged(part, ctx.variables);
    for (const part of node.increment ?? []) forgetChanged(part, ctx.variables);
    forgetChanged(node.expr, ctx.variables);
    switch (node.kind) {
      case 'expressionstatement':
        this.expression(node.expression, ctx, ops, unknown, this.settledStatement(node));
        return;
      case 'unset':
        for (const v of node.variables ?? []) { const root = rootVariable(v); if (typeof root?.name === 'string') ctx.variables.delete(root.name); }
        return;
      case 'global': case 'static':
        // Bound by reference to a global (any call may change it) or to the method's static slot (what an earlier call left).
        for (const item of node.items ?? node.variables ?? []) {
          const root = rootVariable(item?.kind === 'staticvariable' ? item.variable : item);
          if (typeof root?.name !== 'string') continue;
          if (node.kind === 'global' && ctx.variables instanceof Variables) ctx.variables.mark(root.name, message('unknown.variableReference', node.loc?.start.line ?? 0), true);
          else ctx.variables.delete(root.name);
        }
        return;
      case 'block':
        this.statements(node.children ?? [], ctx, ops, unknown);
        return;
      case 'if': {
        // On MySQL/MariaDB a branch on another driver never runs, the other always does.
        const driver = branchDriver(ctx);
        const onDriver = !this.settledArgument(node.test) ? undefined
          : driver ? this.driverTestWith(driver, node.test, ctx) : this.driverTest(node.test, ctx);
        if (onDriver !== undefined) {
          this.statement(onDriver ? node.body : node.alternate, ctx, ops, unknown);
          return;
        }
        // `=== 'mysql'` alone: Laravel 11+'s mariadb driver takes the other branch; each runs with its driver.
        const withMysql = !ctx.conditional && this.settledArgument(node.test) ? this.driverTestWith('mysql', node.test, ctx) : undefined;
        if (withMysql !== undefined && this.driverTestWith('mariadb', node.test, ctx) === !withMysql) {
          const branches = [[node.body, withMysql ? 'mysql' : 'mariadb'], [node.alternate, withMysql ? 'mariadb' : 'mysql']] as const;
          for (const [branch, runsWith] of branches) {
            const inner: { -readonly [K in keyof WalkContext]: WalkContext[K] } = { ...ctx, conditional: 'condition' };
            inner.driverBranch = { driver: runsWith, ctx: inner };
            this.statement(branch, inner, ops, unknown);
          }
          return;
        }
        const index = !node.alternate && this.settledArgument(node.test) ? this.indexGuardOf(node.test, ctx) : undefined;
        // Where the guard can be decided (see below), hasIndex() is: on the table as the replay has it.
        const decidable = !ctx.conditional && !ctx.afterColumnReturn && this.settledArgument(node.test) && this.driverTest(node.test, ctx) === undefined;
        const indexGuard = index && decidable ? this.schemaGuardOf(node.test, ctx) : undefined;
        if (index && indexGuard !== undefined && typeof indexGuard !== 'boolean') {
          this.statement(node.body, { ...ctx, afterColumnReturn: { guards: [indexGuard], spent: false } }, ops, unknown);
          return;
        }
        if (index) {
          // `if (! Schema::hasIndex('t', 'i')) { Schema::table('t', fn ($table) => $table->index('c', 'i')); }`:
          // 'i' is there afterwards either way, and the replay says unknown if it was there before.
          const [firstOp, firstUnknown] = [ops.length, unknown.length];
          this.statement(node.body, { ...ctx, conditional: ctx.conditional ?? 'condition' }, ops, unknown);
          const read = ops.slice(firstOp);
          const op = read[0];
          if (read.length === 1 && unknown.length === firstUnknown && op.kind === 'table' && op.table.name === index.table && op.connection === undefined
            && op.blueprintUnknown === undefined && op.blueprint?.length === 1 && !op.blueprint[0].when && !op.blueprint[0].driver && settlesIndex(op.blueprint[0].chain, index.index, index.exists)) {
            const { conditional: _, ...settled } = op;
            ops[firstOp] = ctx.conditional ? { ...settled, conditional: ctx.conditional } : settled;
          }
          return;
        }
        const guard = this.settledArgument(node.test) ? this.guardOf(node.test, ctx) : undefined;
        // `if (Schema::hasColumn('t', 'c')) { Schema::table(...) }`: each branch's first Blueprints are guarded (see ColumnReturnGuard).
        const columnTest = !guard && ctx.conditional === undefined && !ctx.afterColumnReturn && this.settledArgument(node.test)
          && this.driverTest(node.test, ctx) === undefined;
        const column = columnTest ? this.columnGuardOf(node.test, ctx) : undefined;
        if (column) {
          this.guardedBranches(node, column, { ...column, exists: !column.exists }, ctx, ops, unknown);
          return;
        }
        // `if (Schema::hasColumn('t', 'a') && ! Schema::hasColumn('t', 'b'))`: the branch runs when each holds;
        // the other branch, when one does not, which no list of guards says: it is conditional.
        // Any other `!`, `&&`, `||` of Schema's questions on one table: the branch runs when it holds, the else when not.
        const read = columnTest ? this.schemaGuardOf(node.test, ctx) : undefined;
        const schemaGuard = read !== undefined && typeof read !== 'boolean' && new Set(guardTables(read)).size === 1 ? read : undefined;
        const columns = columnTest && !(node.alternate && schemaGuard) ? this.columnGuardsOf(node.test, ctx) : undefined;
        if (columns) {
          this.statement(node.body, { ...ctx, afterColumnReturn: { guards: columns, spent: false } }, ops, unknown);
          this.statement(node.alternate, { ...ctx, conditional: 'condition' }, ops, unknown);
          return;
        }
        if (schemaGuard) {
          this.guardedBranches(node, schemaGuard, negatedGuard(schemaGuard), ctx, ops, unknown);
          return;
        }
        const inner = (g: TableGuard | undefined): WalkContext => (g
          ? { ...ctx, guards: [...ctx.guards, g] }
          : { ...ctx, conditional: ctx.conditional ?? 'condition' });
        // PHP decides the condition once, before the branch: a branch that creates, drops or
        // renames the guarded table leaves what follows it in the branch conditional (as after a return).
        const branch = (body: Node | undefined, g: TableGuard | undefined): void => {
          const [firstOp, firstUnknown] = [ops.length, unknown.length];
          this.statement(body, inner(g), ops, unknown);
          if (g) unguardAfterChange(g, ops, firstOp, unknown.slice(firstUnknown));
        };
        branch(node.body, guard);
        branch(node.alternate, guard ? { table: guard.table, requiresExisting: !guard.requiresExisting } : undefined);
        return;
      }
      case 'foreach': {
        const elements = this.elementsOf(node.source, ctx);
        if (node.value?.byref) {
          // `foreach ($a as &$v)`: $v is bound to an element of $a, and stays so after the loop.
          const why = message('unknown.variableReference', node.loc?.start.line ?? 0);
          for (const bound of [node.value, node.source]) {
            const root = rootVariable(bound);
            if (typeof root?.name === 'string' && ctx.variables instanceof Variables) ctx.variables.mark(root.name, why, true);
            else if (typeof root?.name === 'string') ctx.variables.delete(root.name);
          }
        }
        const value = node.value?.kind === 'variable' && !node.value.byref && typeof node.value.name === 'string' ? node.value.name : undefined;
        const key = node.key?.kind === 'variable' && typeof node.key.name === 'string' ? node.key.name : undefined;
        if (elements && value && (key !== undefined || !node.key) && node.body && this.settledStatement(node)) {
          this.unroll(elements, { value, ...(key ? { key } : {}) }, node.body, ctx, (inner) => this.statement(node.body, inner, ops, unknown));
          return;
        }
        // `foreach ($rows as $row)` over table names the server lists: each iteration's name is one of them.
        const rows = value && !node.key && node.body && this.settledStatement(node) ? this.tableRowsOf(node.source, ctx) : undefined;
        if (rows && changes(this.text(node.body), `$${value}`) === 0) {
          ctx.variables.set(value!, { ...rows, kind: tableRowNodeKind });
          this.loopBody(node.body, ctx, ops, unknown);
          ctx.variables.delete(value!);
          return;
        }
        this.loopBody(node.body, ctx, ops, unknown);
        return;
      }
      case 'for': case 'while': case 'do':
        this.loopBody(node.body, ctx, ops, unknown);
        return;
      case 'try':
        // The try block normally runs to the end; only the catch blocks are exceptional.
        this.statement(node.body, this.swallowsFailure(node, ctx) ? { ...ctx, failureSwallowed: true, insideTry: true } : { ...ctx, insideTry: true }, ops, unknown);
        for (const c of node.catches ?? []) this.statement(c?.body, { ...ctx, conditional: ctx.conditional ?? 'catch' }, ops, unknown);
        this.statement(node.always, ctx, ops, unknown);
        return;
      case 'switch': {
        const chosen = this.settledStatement(node) ? this.driverCase(node, ctx) : undefined;
        if (chosen) {
          this.statements(chosen, ctx, ops, unknown);
          return;
        }
        for (const c of node.body?.children ?? []) this.statement(c?.body, { ...ctx, conditional: ctx.conditional ?? 'switch' }, ops, unknown);
        return;
      }
      case 'return':
        if (node.expr) this.expression(node.expr, ctx, ops, unknown, this.settledStatement(node));
        return;
      case 'throw': {
        // Reached whenever only the driver lets it (a try may catch it, any other condition is not read).
        const driver = branchDriver(ctx);
        if (!ctx.insideTry && !ctx.afterColumnReturn && (ctx.conditional === undefined || driver) && this.settledStatement(node) && node.what) {
          this.throws.push({ range: rangeOf(node.loc), thrown: this.text(node.what), ...(driver ? { driver } : {}) });
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * The columns a Blueprint under a table name not known needs to be there before it: one that
   * only change()s (8-10: doctrine's "There is no column", 11+: 1054) and drops (1091) columns
   * fails on a table without them all. Only when that failure fails the migration: not in a try,
   * nor in an own method (its caller may be), and the closure read whole.
   */
  private requiredColumns(closure: Node | undefined, ctx: WalkContext): string[] | undefined {
    if ((closure?.kind !== 'closure' && closure?.kind !== 'arrowfunc') || ctx.insideTry || ctx.failureSwallowed || this.inlining.length > 0) return undefined;
    const read = this.blueprint(closure, ctx);
    if (read.unknown !== undefined || read.endsTable || read.sqlBefore.length > 0 || read.statements.length === 0) return undefined;
    const columns: string[] = [];
    for (const statement of read.statements) {
      const [first, ...modifiers] = statement.chain;
      if (statement.when?.length || statement.driver || !first) return undefined;
      const dropped = first.method.toLowerCase() === 'dropcolumn' && modifiers.length === 0
        ? (first.args.length === 1 && Array.isArray(first.args[0]) ? first.args[0] : first.args) : undefined;
      const named = dropped ?? (modifiers.some((m) => m.method.toLowerCase() === 'change') ? [first.args[0]] : undefined);
      if (!named?.length || !named.every((c): c is string => typeof c === 'string')) return undefined;
      columns.push(...named);
    }
    return columns;
  }

  /**
   * `switch (DB::getDriverName()) { case 'mysql': case 'mariadb': ...; break; case 'pgsql': ... }`:
   * the statements that run with the mysql and the mariadb driver, when they are the same (PHP
   * falls through from the first case equal to the driver, else from `default`, to a `break`).
   * Only cases on string literals, each body left by its last statement `break;` or falling
   * through, nothing else in them that leaves the switch (a nested break, continue, return).
   */
  private driverCase(node: Node, ctx: WalkContext): Node[] | undefined {
    if (this.driverNameKind(node.test, ctx) !== 'driver') return undefined;
    const cases: Node[] = node.body?.children ?? [];
    const bodies: Node[][] = [];
    for (const c of cases) {
      if (c?.kind !== 'case' || (c.test && c.test.kind !== 'string')) return undefined;
      const body: Node[] = c.body?.kind === 'block' ? c.body.children ?? [] : c.body ? [c.body] : [];
      const last = body[body.length - 1];
      const ends = last?.kind === 'break' && !last.level;
      const rest = ends ? body.slice(0, -1) : body;
      if (rest.some((st) => /\b(?:break|continue|return|goto|yield)\b/i.test(this.text(st)))) return undefined;
      bodies.push(ends ? [...rest, last] : rest);
    }
    const runs = (driver: string): Node[] => {
      let start = cases.findIndex((c) => c.test && String(c.test.value) === driver);
      if (start < 0) start = cases.findIndex((c) => !c.test);
      const run: Node[] = [];
      for (let i = Math.max(start, 0); start >= 0 && i < cases.length; i++) {
        const body = bodies[i];
        if (body[body.length - 1]?.kind === 'break') return [...run, ...body.slice(0, -1)];
        run.push(...body);
      }
      return run;
    };
    const driver = branchDriver(ctx);
    const [first, ...others] = driver ? [runs(driver)] : [runs('mysql'), runs('mariadb')];
    return others.every((o) => o.length === first.length && o.every((st, i) => st === first[i])) ? first : undefined;
  }

  /**
   * `try { Schema::table(...); } catch (\Exception $e) { }`: the Schema call is the only statement
   * of the block and a catch takes any query exception without throwing, so when its SQL fails
   * nothing else is skipped and the migration goes on.
   */
  private swallowsFailure(node: Node, ctx: WalkContext): boolean {
    const only: Node[] = node.body?.children ?? [];
    const call = only.length === 1 && only[0]?.kind === 'expressionstatement' ? only[0].expression : undefined;
    if (call?.kind !== 'call' || !this.schemaCallTarget(call, ctx)) return false;
    return (node.catches ?? []).some((c: Node) => (c?.what ?? []).some((t: Node) => catchAll.test(String(t?.name)))
      && !/\bthrow\b|\bexit\b|\bdie\b/i.test(this.text(c)));
  }

  /**
   * `DB::select('SELECT TABLE_NAME FROM information_schema.tables WHERE table_name LIKE ?', ['backup%'])`
   * on the migration's connection, or a variable holding it: rows naming tables, each matching
   * the query's patterns (see listedTables).
   */
  private tableRowsOf(node: Node | undefined, ctx: WalkContext): Node | undefined {
    if (node?.kind === 'variable' && typeof node.name === 'string') {
      const held = ctx.variables.get(node.name);
      return held?.kind === tableRowsNodeKind ? held : undefined;
    }
    const { connection, connectionUnknown } = this.classConnection;
    if (node?.kind !== 'call' || node.what?.kind !== 'staticlookup' || !isDbFacade(node.what.what) || connection !== undefined || connectionUnknown
      || identifierName(node.what.offset)?.toLowerCase() !== 'select' || !this.settledArgument(node.arguments?.[node.arguments.length - 1])) return undefined;
    const [query, bindings, ...rest]: Node[] = node.arguments ?? [];
    const sql = query && query.kind !== 'namedargument' && rest.length === 0 ? this.sqlText(query, ctx) : undefined;
    const items: Node[] | undefined = bindings === undefined ? [] : bindings.kind === 'array' ? bindings.items : undefined;
    if (sql === undefined || !items || items.some((i) => i?.kind !== 'entry' || i.key || i.unpack || i.byRef)) return undefined;
    const listed = listedTables(sql, items.map((i) => {
      const v = this.value(i.value, ctx.variables);
      return typeof v === 'string' ? v : undefined;
    }));
    return listed && { kind: tableRowsNodeKind, ...listed, loc: node.loc };
  }

  /** `$row->TABLE_NAME` of a row of {@link tableRowsOf}: the patterns its name matches. */
  private listedTableName(node: Node | undefined, ctx: WalkContext): readonly string[] | undefined {
    if (node?.kind !== 'propertylookup' || node.what?.kind !== 'variable' || typeof node.what.name !== 'string') return undefined;
    const row = ctx.variables.get(node.what.name);
    return row?.kind === tableRowNodeKind && identifierName(node.offset)?.toLowerCase() === String(row.column).toLowerCase() ? row.patterns : undefined;
  }

  /** A loop whose iterations are not known: what it changes is conditional, and what it assigns unknown afterwards. */
  private loopBody(body: Node | undefined, ctx: WalkContext, ops: SchemaOperation[], unknown: UnknownStatement[]): void {
    this.statement(body, { ...ctx, conditional: ctx.conditional ?? 'loop' }, ops, unknown);
  }

  /**
   * A condition on the driver, decided when it is the same with the mysql and the mariadb driver:
   * `DB::getDriverName() !== 'sqlite'`, `=== 'mysql' || === 'mariadb'`, `config('database.default')
   * === 'pgsql'` (a connection name: only another driver's name is decided), `in_array()`, `!`,
   * `&&`, `||`, a variable holding one of them, and an own method that returns such a condition.
   */
  private driverTest(node: Node | undefined, ctx?: WalkContext): boolean | undefined {
    const mysql = this.driverTestWith('mysql', node, ctx);
    return mysql !== undefined && mysql === this.driverTestWith('mariadb', node, ctx) ? mysql : undefined;
  }

  private driverTestWith(driver: string, node: Node | undefined, ctx: WalkContext | undefined): boolean | undefined {
    const equals = (name: Node | undefined, literal: Node | undefined): boolean | undefined => {
      const kind = this.driverNameKind(name, ctx);
      if (!kind || literal?.kind !== 'string') return undefined;
      if (kind === 'driver') return String(literal.value) === driver;
      // Laravel's mariadb driver connects through pdo_mysql too: PDO says 'mysql' with either.
      if (kind === 'pdo') return String(literal.value) === 'mysql';
      return otherDrivers.has(String(literal.value)) ? false : undefined;
    };
    switch (node?.kind) {
      case 'variable': {
        const held = typeof node.name === 'string' ? ctx?.variables.get(node.name) : undefined;
        return held?.kind === driverTestNodeKind ? held[driver] : undefined;
      }
      case 'unary': {
        const inner = node.type === '!' ? this.driverTestWith(driver, node.what, ctx) : undefined;
        return inner === undefined ? undefined : !inner;
      }
      case 'bin': {
        const type = String(node.type).toLowerCase();
        if (type === '&&' || type === 'and' || type === '||' || type === 'or') {
          const left = this.driverTestWith(driver, node.left, ctx);
          const right = this.driverTestWith(driver, node.right, ctx);
          const and = type === '&&' || type === 'and';
          if (left === !and || right === !and) return !and;
          return left === and && right === and ? and : undefined;
        }
        if (!['===', '==', '!==', '!=', '<>'].includes(type)) return undefined;
        const same = equals(node.left, node.right) ?? equals(node.right, node.left);
        return same === undefined ? undefined : type === '===' || type === '==' ? same : !same;
      }
      case 'call': {
        if (node.what?.kind === 'name' && /^\\?in_array$/i.test(String(node.what.name)) && (node.arguments ?? []).length <= 3) {
          const [needle, haystack] = node.arguments ?? [];
          // Only a literal list is known: `in_array('c', $columns)` over what the server lists is not decided.
          if (haystack?.kind !== 'array') return undefined;
          const items: Node[] = haystack.items ?? [];
          if (items.some((i) => i?.kind !== 'entry' || i.unpack || i.key)) return undefined;
          const found = items.map((i) => equals(needle, i.value));
          return found.includes(true) ? true : found.every((f) => f === false) ? false : undefined;
        }
        const own = node.what?.kind === 'propertylookup' && node.what.what?.kind === 'variable' && node.what.what.name === 'this'
          && (node.arguments ?? []).length === 0 ? identifierName(node.what.offset)?.toLowerCase() : undefined;
        const method = own && !this.inlining.includes(own) ? this.methods.get(own) : undefined;
        const body: Node[] | undefined = method?.body?.children;
        if (!own || body?.length !== 1 || body[0]?.kind !== 'return' || !this.settledStatement(method!)) return undefined;
        this.inlining.push(own);
        try { return this.driverTestWith(driver, body[0].expr, undefined); } finally { this.inlining.pop(); }
      }
      default: return undefined;
    }
  }

  /** What a variable assigned a condition on the driver holds, when the condition is decided with either driver. */
  private driverTestNode(node: Node | undefined, ctx: WalkContext): Node | undefined {
    const [mysql, mariadb] = [this.driverTestWith('mysql', node, ctx), this.driverTestWith('mariadb', node, ctx)];
    return mysql === undefined && mariadb === undefined ? undefined : { kind: driverTestNodeKind, mysql, mariadb, loc: node!.loc };
  }

  /**
   * 'driver': `DB::getDriverName()` and the like on the migration's connection; 'connection':
   * `config('database.default')`, the connection's name; either held by a variable.
   */
  private driverNameKind(node: Node | undefined, ctx: WalkContext | undefined): 'driver' | 'connection' | 'pdo' | undefined {
    if (node?.kind === 'variable' && typeof node.name === 'string') {
      const held = ctx?.variables.get(node.name);
      return held?.kind === driverNameNodeKind ? held.source : undefined;
    }
    if (node?.kind !== 'call') return undefined;
    const args: Node[] = node.arguments ?? [];
    if (node.what?.kind === 'name') {
      const config = /^\\?config$/i.test(String(node.what.name)) && args.length === 1 && args[0]?.kind === 'string' && args[0].value === 'database.default';
      return config ? 'connection' : undefined;
    }
    // Another connection's driver is not the one the project's connection runs.
    const onOwn = this.classConnection.connection === undefined && !this.classConnection.connectionUnknown;
    const method = identifierName(node.what?.offset)?.toLowerCase();
    if (onOwn && args.length === 0 && method === 'getdrivername' && this.isDefaultConnection(node.what.what)) return 'driver';
    // `DB::connection()->getPdo()->getAttribute(PDO::ATTR_DRIVER_NAME)`: PDO's name of its driver, not Laravel's.
    const pdo = node.what?.what;
    const attribute = args[0];
    const pdoDriver = onOwn && args.length === 1 && method === 'getattribute' && (node.what?.kind === 'propertylookup' || node.what?.kind === 'nullsafepropertylookup')
      && attribute?.kind === 'staticlookup' && attribute.what?.kind === 'name' && /^\\?pdo$/i.test(String(attribute.what.name))
      && identifierName(attribute.offset) === 'ATTR_DRIVER_NAME'
      && pdo?.kind === 'call' && (pdo.arguments ?? []).length === 0 && identifierName(pdo.what?.offset)?.toLowerCase() === 'getpdo'
      && this.isDefaultConnection(pdo.what.what);
    return pdoDriver ? 'pdo' : undefined;
  }

  /** `Schema::hasTable('t')` / `! Schema::hasTable('t')` as a condition. */
  private guardOf(test: Node | undefined, ctx: WalkContext): TableGuard | undefined {
    let negated = false;
    let expr = test;
    while (expr?.kind === 'unary' && expr.type === '!') { negated = !negated; expr = expr.what; }
    if (expr?.kind !== 'call') return undefined;
    const target = this.schemaCallTarget(expr, ctx);
    if (!target || target.method !== 'hastable') return undefined;
    const table = this.tableName(expr.arguments?.[0], ctx);
    return table ? { table: table.name, requiresExisting: !negated } : undefined;
  }

  /** For `Schema::m(...)`, `Schema::connection('x')->m(...)` or `$schema->m(...)`: the method (lower case) and connection. */
  private schemaCallTarget(call: Node, ctx: WalkContext): ({ method: string } & SchemaBuilder) | undefined {
    const what = call.what;
    if (what?.kind === 'staticlookup' && isSchemaFacade(what.what)) {
      const method = identifierName(what.offset);
      return method ? { method: method.toLowerCase(), ...this.classConnection } : undefined;
    }
    if (what?.kind === 'propertylookup' || what?.kind === 'nullsafepropertylookup') {
      const builder = this.builderOf(what.what, ctx);
      const method = identifierName(what.offset);
      if (builder && method) return { method: method.toLowerCase(), ...builder };
    }
    return undefined;
  }

  /** Whether an expression is a schema builder: `Schema::connection(..)`, `DB::connection(..)->getSchemaBuilder()`, a variable holding one, `$this->schema`. */
  private builderOf(node: Node | undefined, ctx: WalkContext): SchemaBuilder | undefined {
    if (!node) return undefined;
    if (node.kind === 'variable' && typeof node.name === 'string') return ctx.builders.get(node.name);
    if (node.kind === 'propertylookup' && node.what?.kind === 'variable' && node.what.name === 'this' && identifierName(node.offset) === 'schema') {
      return this.hasSchemaProperty ? { connectionUnknown: true } : undefined;
    }
    if (node.kind !== 'call') return undefined;
    const what = node.what;
    if (what?.kind === 'staticlookup' && isSchemaFacade(what.what) && identifierName(what.offset)?.toLowerCase() === 'connection') return this.connectionNamed(node.arguments?.[0]);
    if ((what?.kind === 'propertylookup' || what?.kind === 'nullsafepropertylookup') && identifierName(what.offset)?.toLowerCase() === 'getschemabuilder') {
      const inner = what.what;
      if (inner?.kind === 'call' && inner.what?.kind === 'staticlookup' && isDbFacade(inner.what.what)) {
        return identifierName(inner.what.offset)?.toLowerCase() === 'connection' ? this.connectionNamed(inner.arguments?.[0]) : this.classConnection;
      }
    }
    return undefined;
  }

  /** The connection `Schema::connection(arg)` or `DB::connection(arg)` names. */
  private connectionNamed(arg: Node | undefined): SchemaBuilder {
    // No name, or `$this->getConnection()` of a class that does not override it: the migration's own.
    const own = arg?.kind === 'call' && (arg.arguments ?? []).length === 0 && arg.what?.kind === 'propertylookup'
      && arg.what.what?.kind === 'variable' && arg.what.what.name === 'this' && identifierName(arg.what.offset)?.toLowerCase() === 'getconnection'
      && !this.methods.has('getconnection') && this.settledArgument(arg);
    return arg === undefined || own ? this.classConnection
      : arg.kind === 'string' && this.settledArgument(arg) ? { connection: String(arg.value) } : { connectionUnknown: true };
  }

  /**
   * How a Schema call's table name that is not read is written, for the reason that says so; a
   * variable's one assignment too, when nothing else can change it before the call.
   */
  private unnamedOf(node: Node | undefined, method: string, which: 'table' | 'newName', call: Node, ctx: WalkContext): UnnamedTable {
    if (!node || !this.settledArgument(node)) return { method, which, written: node?.loc ? shownText(this.text(node)) : '', kind: 'cut' };
    const unnamed: UnnamedTable = { method, which, written: shownText(this.text(node)), kind: unnamedKind(node) };
    const name = node.kind === 'variable' && typeof node.name === 'string' ? node.name : undefined;
    if (name === undefined || !call.loc || (ctx.variables instanceof Variables && ctx.variables.why(name))) return unnamed;
    const offset = call.loc.start.offset;
    const own = [...this.methods.values()].find((m) => m.loc && m.loc.start.offset <= offset && offset < m.loc.end.offset);
    const around = own && functionAround(own, offset);
    const body = around?.body;
    if (!around || !body?.loc || (around.arguments ?? []).some((p: Node) => identifierName(p?.name) === name)
      || (around.uses ?? []).some((u: Node) => u?.name === name)) return unnamed;
    const text = this.text(body);
    // Anything that may set it without naming it: a variable variable, extract(), a global.
    if (/\$\$|\$\{|\bextract\s*\(|\bparse_str\s*\(|\bget_defined_vars\s*\(|\bglobal\b/i.test(text) || changes(text, `$${name}`) !== 1) return unnamed;
    const assignment = (body.children ?? []).find((statement: Node) => statement?.kind === 'expressionstatement' && statement.expression?.kind === 'assign'
      && statement.expression.operator === '=' && statement.expression.left?.kind === 'variable' && statement.expression.left.name === name);
    const right = assignment?.expression.right;
    if (!right?.loc || assignment.loc.end.offset > offset) return unnamed;
    return { ...unnamed, assigned: { written: shownText(this.text(right)), kind: unnamedKind(right), line: right.loc.start.line } };
  }

  /** A call's table argument: its literal (written there, in a variable or a property), when the text settles it. */
  private tableName(node: Node | undefined, ctx: WalkContext): TableReference | undefined {
    if (!node || !this.settledArgument(node)) return undefined;
    const literal = this.literalOf(node, ctx);
    return literal?.kind === 'string' || literal?.kind === 'nowdoc' ? { name: String(literal.value), range: literalRange(literal) } : undefined;
  }

  /** The string or array literal an expression stands for: written there, in a variable or in a property. */
  private literalOf(node: Node | undefined, ctx: WalkContext): Node | undefined {
    if (isLiteral(node)) return node!;
    if (node?.kind === 'variable' && typeof node.name === 'string') return ctx.variables.get(node.name);
    if (node?.kind === 'propertylookup' && node.what?.kind === 'variable' && node.what.name === 'this') {
      return this.properties.get(String(identifierName(node.offset)));
    }
    // The migration is instantiated as the file's own class, so `static::` is that class too.
    const scope = node?.kind === 'staticlookup' && node.offset?.kind === 'identifier' ? node.what : undefined;
    if (scope?.kind === 'selfreference' || scope?.kind === 'staticreference' || (scope?.kind === 'name' && /^(?:self|static)$/i.test(String(scope.name)))) {
      return this.constants.get(String(node!.offset.name));
    }
    return this.returnedArrayOf(node);
  }

  /**
   * `$this->tables()`, `static::tables()` without arguments, of a method of the file's class whose
   * only statement is `return [...]` of literals: each call gives that array, nothing can change it.
   */
  private returnedArrayOf(node: Node | undefined): Node | undefined {
    const own = ownCallOf(node);
    if (!own || (node!.arguments ?? []).length > 0) return undefined;
    const body = this.methods.get(own.name)?.body?.children as Node[] | undefined;
    const returned = body?.length === 1 && body[0]!.kind === 'return' ? body[0]!.expr as Node | undefined : undefined;
    return returned?.kind === 'array' && plainArray(returned) ? returned : undefined;
  }

  /** The elements of an array literal, in order, when each key is written as a literal and appears once. */
  private elementsOf(node: Node | undefined, ctx: WalkContext): { key?: Node; value: Node }[] | undefined {
    const array = this.literalOf(node, ctx);
    if (array?.kind !== 'array' || !this.settledArgument(node)) return undefined;
    const elements: { key?: Node; value: Node }[] = [];
    const keys = new Set<string>();
    for (const item of array.items ?? []) {
      if (item?.kind !== 'entry' || item.unpack || item.byRef || !item.value) return undefined;
      if (item.key) {
        if ((item.key.kind !== 'string' && item.key.kind !== 'number') || keys.has(String(item.key.value))) return undefined;
        keys.add(String(item.key.value));
      }
      elements.push({ ...(item.key ? { key: item.key } : {}), value: item.value });
    }
    // Mixed keys number the unkeyed elements after the written ones: not worth modelling.
    return keys.size === 0 || keys.size === elements.length ? elements : undefined;
  }

  /**
   * Runs a loop body once per element of a literal array, the loop variables bound to the
   * element's key and value: each `Schema::table($t, ...)` inside is then the operation on that
   * table, at the element's literal. `walk` reads the body in the context it is given.
   */
  private unroll(elements: readonly { key?: Node; value: Node }[], bind: { key?: string; value: string }, body: Node,
    ctx: WalkContext, walk: (inner: WalkContext) => void): void {
    const text = this.text(body);
    // A body that can leave early, or change what the loop variables hold, runs an unknown number of times with them.
    const leaves = /\b(break|continue|return|goto|exit|die)\b|\bthrow\b/i.test(text);
    const names = [bind.value, ...(bind.key ? [bind.key] : [])];
    for (const name of names) ctx.variables.delete(name);
    if (names.some((name) => changes(text, `$${name}`) > 0)) {
      walk({ ...ctx, conditional: ctx.conditional ?? 'loop' });
      return;
    }
    const conditional = ctx.conditional ?? (leaves ? 'loop' : undefined);
    const seen: WalkContext[] = [];
    for (const element of elements) {
      const inner: WalkContext = { ...ctx, conditional, variables: Variables.of(ctx.variables), builders: new Map(ctx.builders) };
      if (isLiteral(element.value)) inner.variables.set(bind.value, element.value);
      if (bind.key && element.key?.kind === 'string') inner.variables.set(bind.key, element.key);
      walk(inner);
      seen.push(inner);
    }
    // Afterwards a variable holds what the last iteration left, or its value before the loop: known only when all agree.
    for (const inner of seen) {
      for (const [name, value] of ctx.variables) if (inner.variables.get(name) !== value) ctx.variables.delete(name);
      if (inner.variables instanceof Variables && ctx.variables instanceof Variables) {
        for (const [name, mark] of inner.variables.marks) if (!ctx.variables.marks.has(name)) ctx.variables.mark(name, mark.why, mark.forGood);
      }
      for (const [name, value] of ctx.builders) if (inner.builders.get(name) !== value) ctx.builders.delete(name);
    }
  }

  /** `settled`: the statement holding the expression ends before the first syntax error. */
  private expression(expr: Node | undefined, ctx: WalkContext, ops: SchemaOperation[], unknown: UnknownStatement[], settled = true): void {
    if (!expr) return;
    // `$t .= 'x'`, `$t[] = 'x'`, `$t++`: the variable no longer holds the literal it was given.
    let changed = expr.kind === 'assign' && expr.operator !== '=' ? expr.left : expr.kind === 'assign' ? expr.left?.what
      : expr.kind === 'post' || expr.kind === 'pre' ? expr.what : undefined;
    while (changed?.kind === 'offsetlookup') changed = changed.what;
    if (changed?.kind === 'variable' && typeof changed.name === 'string') ctx.variables.delete(changed.name);
    if (expr.kind === 'assign' && expr.operator === '=' && expr.left?.kind === 'variable' && typeof expr.left.name === 'string') {
      // Straight-line `$table = 'x';` lets `Schema::create($table, ...)` point at the literal.
      const straight = !ctx.conditional && settled;
      const sql = expr.right?.kind === 'string' || !straight ? undefined : this.prefixedSqlText(expr.right, ctx);
      const driverName = straight ? this.driverNameKind(expr.right, ctx) : undefined;
      const onDriver = straight && !driverName ? this.driverTestNode(expr.right, ctx) : undefined;
      let rows: Node | undefined;
      // An array of literals too (`$tables = ['a', 'b']; foreach ($tables as $t)`): its elements are what the loop is unrolled over.
      if ((expr.right?.kind === 'string' || (expr.right?.kind === 'array' && plainArray(expr.right))) && straight) ctx.variables.set(expr.left.name, expr.right);
      // BookStack's `$drop = fn (Blueprint $table) => $table->dropColumn('x'); Schema::table('pages', $drop);`.
      else if (straight && this.selfContainedCallback(expr.right)) ctx.variables.set(expr.left.name, expr.right);
      else if (sql !== undefined) ctx.variables.set(expr.left.name, { kind: sqlTextKind, value: sql, loc: expr.right.loc });
      else if (driverName) ctx.variables.set(expr.left.name, { kind: driverNameNodeKind, source: driverName, loc: expr.right.loc });
      else if (straight && (rows = this.tableRowsOf(expr.right, ctx))) ctx.variables.set(expr.left.name, rows);
      else if (onDriver) ctx.variables.set(expr.left.name, onDriver);
      else ctx.variables.delete(expr.left.name);
      const builder = settled ? this.builderOf(expr.right, ctx) : undefined;
      if (builder) ctx.builders.set(expr.left.name, builder);
      else ctx.builders.delete(expr.left.name);
      this.expression(expr.right, ctx, ops, unknown, settled);
      return;
    }
    if (expr.kind !== 'call') return;
    const target = this.schemaCallTarget(expr, ctx);
    if (target) {
      this.schemaCall(expr, target, ctx, ops, unknown);
      return;
    }
    const what = expr.what;
    if (what?.kind === 'staticlookup' && isDbFacade(what.what)) {
      const method = identifierName(what.offset)?.toLowerCase();
      if (method === 'statement' || method === 'unprepared') {
        const read = this.rawSchemaChange(expr, ctx);
        if (read) ops.push(read);
        else unknown.push(this.sqlStatement(expr, ctx));
      } else if (method && rawSqlMethods.has(method)) {
        // `DB::update('ALTER TABLE ...')` runs the ALTER as statement() would: SQL written in the
        // file that does more than write rows is read as statement()'s.
        const said = this.sqlStatement(expr, ctx);
        if (!said.anyTable && !said.rowsOnly) {
          const read = this.rawSchemaChange(expr, ctx);
          if (read) ops.push(read);
          else unknown.push(said);
        }
      } else if (method === 'transaction') {
        const fn = expr.arguments?.[0];
        if (fn?.kind === 'closure') this.statements(fn.body?.children ?? [], ctx, ops, unknown);
        else if (fn?.kind === 'arrowfunc') this.expression(fn.body, ctx, ops, unknown);
      }
      return;
    }
    const own = ownCallOf(expr);
    if (own) {
      // A helper of the same class: its statements run here, as if written in up()/down(), its parameters holding the arguments.
      const read = this.inlined(expr, own, this.inlining, settled, (arg) => this.plainArgument(arg, ctx), true);
      if ('why' in read) {
        forgetPassedVariables(expr, [ctx.variables, ctx.builders]);
        if (read.why) {
          // What it may change is bounded when its only schema changes are Schema::table() on literal names.
          const method = this.methods.get(own.name);
          const args: Node[] = expr.arguments ?? [];
          const tables = method && settled && this.settledStatement(method) && this.closesCall(expr, args[args.length - 1]) && args.every((a) => this.settledArgument(a))
            ? tablesReached(method, args, (n) => this.text(n), this.methods, isSchemaFacade, this.facadeAliases) : undefined;
          unknown.push({
            ...reasonSaid(message('unknown.helperNotRead', own.written, read.why)), range: rangeOf(expr.loc),
            ...(tables ? { sqlTables: tables } : { anyTable: true as const }),
          });
        }
        return;
      }
      this.inlining.push(own.name);
      try {
        this.statements(read.statements, {
          guards: ctx.guards, ...(ctx.conditional ? { conditional: ctx.conditional } : {}),
          ...(ctx.afterColumnReturn ? { afterColumnReturn: ctx.afterColumnReturn } : {}), variables: Variables.of(read.literals), builders: new Map(),
        }, ops, unknown);
      } finally {
        this.inlining.pop();
      }
      return;
    }
    // `DB::connection()->statement(...)`, `Artisan::call(...)` and the like.
    const method = (what?.kind === 'propertylookup' || what?.kind === 'staticlookup') ? identifierName(what.offset)?.toLowerCase() : undefined;
    if (method === 'statement' || method === 'unprepared') unknown.push(this.sqlStatement(expr, ctx, this.receiverConnection(what.what)));
    else if (what?.kind === 'staticlookup' && /(^|\\)Artisan$/i.test(String(what.what?.name))) {
      // A command's code (the application's, or migrate's over files of its choosing) is not read.
      const command = expr.arguments?.[0];
      const named = command ? this.text(command) : '';
      unknown.push({
        ...reasonSaid(message('unknown.artisanCall', identifierName(what.offset) ?? 'call', named.length <= 60 ? named : `${named.slice(0, 60)}…`)),
        range: rangeOf(expr.loc), anyTable: true,
      });
    } else {
      const written = this.rowsWrittenBy(expr, ctx);
      if (written) this.rowsWritten.push(written);
      this.callbacks(expr, ctx, ops, unknown, settled);
    }
  }

  /**
   * The table `DB::table('t')->...->insert(...)` (or `DB::connection(..)->table('t')`) writes rows
   * of: a data migration works on that table without any Schema call.
   */
  private rowsWrittenBy(call: Node, ctx: WalkContext): string | undefined {
    if (call.what?.kind !== 'propertylookup' || !rowWrites.has(identifierName(call.what.offset)?.toLowerCase() ?? '')) return undefined;
    for (let node: Node | undefined = call.what.what; node?.kind === 'call'; node = node.what?.what) {
      const what = node.what;
      if (identifierName(what?.offset)?.toLowerCase() !== 'table') continue;
      const onDb = what?.kind === 'staticlookup' ? isDbFacade(what.what)
        : what?.kind === 'propertylookup' && what.what?.kind === 'call' && what.what.what?.kind === 'staticlookup' && isDbFacade(what.what.what.what)
          && identifierName(what.what.what.offset)?.toLowerCase() === 'connection';
      return onDb ? this.tableName(node.arguments?.[0], ctx)?.name : undefined;
    }
    return undefined;
  }

  /**
   * The closures passed to a call the analysis does not know (`collect([...])->each(fn ($t) => ...)`,
   * `array_map`): they may run, any number of times. `collect(<literal array>)->each()` runs once per element.
   */
  /** `runs`: the callee surely calls them (else a callback may run or not). */
  private callbacks(call: Node, ctx: WalkContext, ops: SchemaOperation[], unknown: UnknownStatement[], settled: boolean, runs = false): void {
    for (let node: Node | undefined = call; node?.kind === 'call'; node = node.what?.what) {
      for (const fn of node.arguments ?? []) {
        if (fn?.kind !== 'closure' && fn?.kind !== 'arrowfunc') continue;
        const walk = (inner: WalkContext): void => {
          if (fn.kind === 'arrowfunc') this.expression(fn.body, inner, ops, unknown, settled);
          else this.statements(fn.body?.children ?? [], inner, ops, unknown);
        };
        const params: Node[] = fn.arguments ?? [];
        const [value, key] = params.map((p) => (p?.byref || p?.variadic ? undefined : identifierName(p?.name)));
        // An arrow function sees the variables around it, a closure only those it `use`s (by
        // reference: unknown afterwards); never under the names of its parameters.
        const arrow = fn.kind === 'arrowfunc';
        const scope: WalkContext = { ...ctx, variables: arrow ? Variables.of(ctx.variables) : new Variables(), builders: new Map(arrow ? ctx.builders : []) };
        for (const p of params) {
          const name = identifierName(p?.name);
          if (name) { scope.variables.delete(name); scope.builders.delete(name); }
        }
        for (const use of fn.kind === 'closure' ? fn.uses ?? [] : []) {
          const name = typeof use?.name === 'string' ? use.name : undefined;
          if (!name) continue;
          if (use.byref) { ctx.variables.delete(name); ctx.builders.delete(name); continue; }
          const variable = ctx.variables.get(name);
          const builder = ctx.builders.get(name);
          if (variable) scope.variables.set(name, variable);
          if (builder) scope.builders.set(name, builder);
        }
        const receiver = node.what;
        const source = receiver?.kind === 'propertylookup' && identifierName(receiver.offset)?.toLowerCase() === 'each'
          && receiver.what?.kind === 'call' && receiver.what.what?.kind === 'name' && /^\\?collect$/i.test(String(receiver.what.what.name))
          ? receiver.what.arguments?.[0] : undefined;
        const elements = node === call && settled && params.length <= 2 ? this.elementsOf(source, ctx) : undefined;
        if (elements && value && (key !== undefined || params.length < 2)) this.unroll(elements, { value, ...(key ? { key } : {}) }, fn.body, scope, walk);
        else walk(runs ? scope : { ...scope, conditional: ctx.conditional ?? 'callback' });
      }
    }
  }

  /**
   * What a call of an own method runs (`active`: the own methods being read around it), with
   * the literals its parameters hold and the parameter that holds the Blueprint; or why it
   * cannot be read (undefined when the call cannot change a schema anyway). `returnsWalked`: the
   * statements are read by statements(), which bounds a return inside a condition to the method.
   */
  private inlined(call: Node, own: OwnCall, active: readonly string[], settled: boolean, plain: (arg: Node) => PlainValue | undefined, returnsWalked = false):
    { statements: Node[]; literals: Map<string, Node>; blueprint?: string } | { why: Message | undefined } {
    const method = this.methods.get(own.name);
    if (!method) return { why: message('unknown.helperNotDeclared') };
    const args: Node[] = call.arguments ?? [];
    // Decided first: a method that cannot reach a schema, given arguments that cannot either,
    // changes no table whatever the arguments hold and however it returns.
    if (this.settledStatement(method) && this.closesCall(call, args[args.length - 1]) && args.every((a) => this.settledArgument(a))
      && harmlessCall(method, args, (n) => this.text(n), this.methods, this.facadeAliases)) return { why: undefined };
    if (!settled || !this.settledStatement(method) || !args.every((a) => this.settledArgument(a))) return { why: message('unknown.helperCut') };
    if (active.includes(own.name)) {
      const declared = (name: string): string => String(this.methods.get(name)?.name?.name ?? name);
      return { why: message('unknown.helperRecursive', [...active.slice(active.indexOf(own.name)), own.name].map(declared).join(' -> ')) };
    }
    if (active.length >= inlineDepthLimit) return { why: message('unknown.helperTooDeep', inlineDepthLimit) };
    if (++this.inlinedCalls > inlineCallLimit) return { why: message('unknown.helperTooMany', inlineCallLimit) };
    const body = bodyToRun(method, returnsWalked);
    if ('why' in body) return body;
    // The body only: a parameter's default (`$length = 80`) is no change of it.
    const bodyText = this.text(method.body);
    const bound = bindArguments(method, args, plain, (parameter) => changes(bodyText, `$${parameter}`) === 0);
    if ('why' in bound) return bound;
    return { statements: body.statements, literals: bound.literals, ...(bound.blueprint ? { blueprint: bound.blueprint } : {}) };
  }

  /**
   * An argument whose value is written in the file: a literal, a variable or property holding
   * one, or the Blueprint itself. In a closure, `blueprint` names the Blueprint's variable and
   * the text of the closure or method: a variable that text changes is not followed.
   */
  private plainArgument(arg: Node, ctx: WalkContext, blueprint?: { name?: string; text: string }): PlainValue | undefined {
    const node = arg?.kind === 'namedargument' ? arg.value : arg;
    if (node?.kind === 'variable' && typeof node.name === 'string' && blueprint) {
      if (changes(blueprint.text, `$${node.name}`) > 0) return undefined;
      if (node.name === blueprint.name) return { blueprint: true };
    }
    const literal = this.literalOf(node, ctx) ?? (plainScalar(node) ? node : undefined);
    return literal && (literal.kind !== 'array' || plainArray(literal)) ? { literal } : undefined;
  }

  /**
   * `DB::statement(...)`, `DB::update(...)` and the facade's other methods that run the SQL they
   * are given (update() runs an ALTER as well), with literal SQL that changes rows only; bindings,
   * if any, literals or variables (evaluated, they run no code).
   */
  private rowsOnlySql(call: Node | undefined, ctx: WalkContext): boolean {
    const what = call?.kind === 'call' ? call.what : undefined;
    const method = what?.kind === 'staticlookup' && isDbFacade(what.what) ? identifierName(what.offset)?.toLowerCase() : undefined;
    if (!method || !rawSqlMethods.has(method)) return false;
    const [sql, bindings, ...more] = call!.arguments ?? [];
    const plainBinding = (item: Node | undefined): boolean => item?.kind === 'entry' && !item.unpack && !item.key
      && (isLiteral(item.value) || plainScalar(item.value) || (item.value?.kind === 'variable' && typeof item.value.name === 'string'));
    const bound = bindings === undefined || (method !== 'unprepared' && bindings.kind === 'array' && (bindings.items ?? []).every(plainBinding));
    return sql !== undefined && more.length === 0 && bound && this.sqlStatement(call!, ctx).rowsOnly === true;
  }

  /**
   * `DB::statement(...)` whose SQL is read as a change of one table (see the three below), where
   * it is written in up() or, run as the closure builds its Blueprint, in a Blueprint closure.
   */
  private rawSchemaChange(call: Node, ctx: WalkContext): SchemaOperation | undefined {
    return this.droppedForeignKeys(call, ctx) ?? this.engineChange(call, ctx) ?? this.columnChange(call, ctx);
  }

  /**
   * `DB::statement('ALTER TABLE t DROP FOREIGN KEY k')` in a literal is the SQL Laravel compiles
   * for `Schema::table('t', fn ($table) => $table->dropForeign('k'))` (`DROP INDEX i`: dropIndex('i')):
   * read as that, where it stands, so the Blueprints after it see the key gone (as unread SQL the
   * table was unknown).
   */
  private droppedForeignKeys(call: Node, ctx: WalkContext): SchemaOperation | undefined {
    const [arg, ...more] = call.arguments ?? [];
    // After `if (Schema::hasColumn(...)) return;` a Blueprint is guarded where it runs (see ColumnReturnGuard): not this one.
    if (more.length || !this.settledArgument(arg) || ctx.afterColumnReturn) return undefined;
    // Literal text only: a table named after DB::getTablePrefix() is not the name the server knows.
    const text = this.sqlText(arg, ctx, true);
    if (text === undefined) return undefined;
    const name = '`?([A-Za-z_][\\w$]*)`?';
    const drop = `drop\\s+(foreign\\s+key|index|key)\\s+${name}`;
    const sql = new RegExp(`^\\s*alter\\s+table\\s+${name}\\s+(${drop}(?:\\s*,\\s*${drop})*)\\s*;?\\s*$`, 'i').exec(text);
    if (!sql) return undefined;
    const dropped = [...sql[2].matchAll(new RegExp(drop, 'gi'))].map((m) => ({ method: /^foreign/i.test(m[1]) ? 'dropForeign' : 'dropIndex', args: [m[2]] }));
    const range = rangeOf(call.loc);
    return {
      kind: 'table', table: { name: sql[1], range: arg?.kind === 'string' && arg.value === text ? literalRange(arg) : range }, guards: ctx.guards, range,
      blueprint: dropped.map((call) => ({ chain: [call], range })),
      fromSql: true,
      ...this.rawSqlConnection(ctx),
    };
  }

  /**
   * `DB::statement("ALTER TABLE {$prefix}pages ENGINE = InnoDB")`: the table's engine becomes
   * InnoDB and its columns, indexes and foreign keys stay as they are (InnoDB has FULLTEXT and
   * SPATIAL indexes; what it cannot hold, the server refuses). Read as a change of the table's
   * engine, on the table after the prefix (a Blueprint's name) or, with none, as the server names it.
   */
  private engineChange(call: Node, ctx: WalkContext): SchemaOperation | undefined {
    const read = this.alterTableSql(call, ctx, innodbPattern);
    return read && this.rawTableChange(call, ctx, read.sql, sqlEngineCall, ['InnoDB']);
  }

  /**
   * `DB::statement("ALTER TABLE roles MODIFY type ENUM('a', 'b') NOT NULL")`: one column added,
   * changed or renamed and changed, its definition read by the translation (sqlColumn.ts). One
   * specification only: a comma outside parentheses and quotes is left to sqlStatement.
   */
  private columnChange(call: Node, ctx: WalkContext): SchemaOperation | undefined {
    const read = this.alterTableSql(call, ctx, columnPattern);
    if (!read) return undefined;
    const { sql, text } = read;
    if (columnKeywords.has(sql[5].toLowerCase()) || /,(?=(?:[^']*'[^']*')*[^']*$)(?![^(]*\))/.test(sql[7])) return undefined;
    const action = sql[4].toLowerCase();
    // CHANGE names the column twice; ADD and MODIFY once, and their definition starts at the second word.
    const [from, to, definition] = action === 'change' ? [sql[5], sql[6], sql[7]] : [sql[5], sql[5], `${sql[6] ?? ''} ${sql[7]}`];
    if (to === undefined) return undefined;
    return this.rawTableChange(call, ctx, sql, sqlColumnCall, [action, from, to, definition.trim(), text.replaceAll(prefixMark, '').trim()]);
  }

  /**
   * The text of `DB::statement(text)` when it is one `ALTER TABLE` `pattern` matches (its groups:
   * 1 a backquote, 2 the prefix, 3 the table, then its own), read as the SQL the server gets.
   */
  private alterTableSql(call: Node, ctx: WalkContext, pattern: RegExp): { readonly sql: RegExpExecArray; readonly text: string } | undefined {
    const [arg, ...more] = call.arguments ?? [];
    // After `if (Schema::hasColumn(...)) return;` a Blueprint is guarded where it runs (see ColumnReturnGuard): not this one.
    if (more.length || !this.settledArgument(arg) || ctx.afterColumnReturn) return undefined;
    const text = this.prefixedSqlText(arg, ctx);
    const sql = text === undefined ? undefined : pattern.exec(text);
    return sql ? { sql, text: text! } : undefined;
  }

  /**
   * The change one raw `ALTER TABLE` makes, as the Blueprint call `method(args)`: on the table
   * after the prefix (a Blueprint's name) or, with none, as the server names it.
   */
  private rawTableChange(call: Node, ctx: WalkContext, sql: RegExpExecArray, method: string, args: BlueprintCall['args']): SchemaOperation {
    const range = rangeOf(call.loc);
    return {
      kind: 'table', table: { name: sql[3], range }, guards: ctx.guards, range,
      blueprint: [{ chain: [{ method, args }], range }],
      ...(sql[2] ? {} : { fromSql: true as const }),
      ...this.rawSqlConnection(ctx),
    };
  }

  /**
   * The connection a `->statement()` is called on: `DB::connection('x')`'s, the default one's
   * (`DB::connection()`, `Schema::getConnection()`: the class's own while up() runs), else not known
   * (read as the default one's: its tables stay unknown rather than another database's).
   */
  private receiverConnection(receiver: Node | undefined): SchemaBuilder {
    if (this.isDefaultConnection(receiver)) return this.classConnection;
    const facade = receiver?.kind === 'call' && receiver.what?.kind === 'staticlookup' && isDbFacade(receiver.what.what)
      && identifierName(receiver.what.offset)?.toLowerCase() === 'connection' && (receiver.arguments ?? []).length <= 1;
    return facade ? this.connectionNamed(receiver!.arguments?.[0]) : {};
  }

  private sqlStatement(call: Node, ctx: WalkContext, on: SchemaBuilder = this.classConnection): UnknownStatement {
    const arg = call.arguments?.[0];
    const range = rangeOf(call.loc);
    const sql = this.settledArgument(arg) ? this.sqlText(arg, ctx) : undefined;
    // Whatever it holds, it runs only where its condition and connection say.
    const where = { ...conditionOf(ctx, ctx.conditional), ...(on.connection !== undefined ? { connection: on.connection } : {}) };
    if (sql === undefined) return { ...reasonSaid(message('unknown.rawSql')), range, anyTable: true, ...where };
    const creates = [...sql.matchAll(createTablePattern)].map((m) => m[1]);
    const drops = [...sql.matchAll(dropTablePattern)].flatMap((m) => m[1].split(',').map((t) => t.trim().replace(/[`"]/g, '')));
    for (const m of sql.matchAll(renameTablePattern)) { drops.push(m[1]); creates.push(m[2]); }
    const tables = [...sql.matchAll(anyTablePattern), ...sql.matchAll(indexOnPattern)].map((m) => m[1]);
    return {
      ...reasonSaid(message('unknown.rawSql')), range, ...(creates.length ? { sqlCreates: creates } : {}), ...(drops.length ? { sqlDrops: drops } : {}),
      ...(tables.length ? { sqlTables: tables } : {}), ...(rowsOnlyPattern.test(sql) ? { rowsOnly: true as const } : {}),
      ...(alterOnlyPattern.test(sql) && !/\brename\b/i.test(sql) ? { alterOnly: true as const } : {}),
      ...where,
    };
  }

  /**
   * Where `DB::statement()` runs: on the default connection, which the migrator makes the class's
   * own while up() runs (Migrator::runMethod).
   */
  private rawSqlConnection(ctx: WalkContext): Pick<SchemaOperation, 'connection' | 'conditional' | 'driver'> {
    const { connection, connectionUnknown } = this.classConnection;
    return { ...(connection !== undefined ? { connection } : {}), ...conditionOf(ctx, ctx.conditional ?? (connectionUnknown ? 'connection' : undefined)) };
  }

  /**
   * SQL text built from literals: concatenation, interpolation, variables holding such text,
   * `DB::getTablePrefix()` and `DB::getQueryGrammar()->wrapTable('t')`. The prefix is read as
   * '', so the names it precedes are relative to it, as a Schema call's table names are.
   * `literal`: text written in the file only, no prefix nor a variable holding such text.
   */
  private sqlText(node: Node | undefined, ctx: WalkContext, literal = false): string | undefined {
    return this.prefixedSqlText(node, ctx, literal)?.replaceAll(prefixMark, '');
  }

  /** As {@link sqlText}, the prefix written {@link prefixMark}: where the text names a table after it. */
  private prefixedSqlText(node: Node | undefined, ctx: WalkContext, literal = false): string | undefined {
    switch (node?.kind) {
      case 'string': case 'nowdoc': return unmarked(String(node.value));
      case 'bin': {
        if (node.type !== '.') return undefined;
        const left = this.prefixedSqlText(node.left, ctx, literal);
        const right = left === undefined ? undefined : this.prefixedSqlText(node.right, ctx, literal);
        return right === undefined ? undefined : left! + right;
      }
      case 'encapsed': {
        if (node.type !== 'string' && node.type !== 'heredoc') return undefined;
        let text = '';
        for (const part of node.value ?? []) {
          const piece = part?.kind === 'encapsedpart' ? this.prefixedSqlText(part.expression, ctx, literal) : undefined;
          if (piece === undefined) return undefined;
          text += piece;
        }
        return text;
      }
      case 'variable': {
        const held = typeof node.name === 'string' ? ctx.variables.get(node.name) : undefined;
        return held?.kind === 'string' || held?.kind === 'nowdoc' ? unmarked(String(held.value)) : held?.kind === sqlTextKind && !literal ? String(held.value) : undefined;
      }
      case 'call': {
        if (node.what?.kind === 'name' && /^\\?sprintf$/i.test(String(node.what.name))) return this.sprintfText(node, ctx, literal);
        if (literal) return undefined;
        const method = identifierName(node.what?.offset)?.toLowerCase();
        if (method === 'gettableprefix' && (node.arguments ?? []).length === 0 && this.isDefaultConnection(node.what.what)) return prefixMark;
        const table = node.arguments?.[0];
        if (method !== 'wraptable' || (node.arguments ?? []).length !== 1 || table?.kind !== 'string' || !/^\w+$/.test(String(table.value))) return undefined;
        const grammar = node.what.what;
        const getter = grammar?.kind === 'call' && (grammar.arguments ?? []).length === 0 ? identifierName(grammar.what?.offset)?.toLowerCase() : undefined;
        return getter === 'getquerygrammar' && this.isDefaultConnection(grammar.what.what) ? `\`${prefixMark}${table.value}\`` : undefined;
      }
      default: return undefined;
    }
  }

  /**
   * `sprintf('ALTER TABLE %s DROP INDEX %s', 'posts', 'posts_slug_index')`: PHP's `%s` and `%d`
   * (and `%%`) filled from literal arguments; any other conversion, flag or width is not read.
   */
  private sprintfText(call: Node, ctx: WalkContext, literal: boolean): string | undefined {
    const [format, ...args]: Node[] = call.arguments ?? [];
    if (!format || [format, ...args].some((a) => a?.kind === 'namedargument' || a?.kind === 'variadic')) return undefined;
    const pattern = this.prefixedSqlText(format, ctx, literal);
    // A string or an integer written as such (`%d` of a string would be its leading number).
    const values = args.map((arg) => {
      const text = this.prefixedSqlText(arg, ctx, literal);
      const number = text === undefined ? this.value(arg) : undefined;
      return text !== undefined ? { text } : typeof number === 'number' && Number.isSafeInteger(number) ? { text: String(number), integer: true } : undefined;
    });
    return pattern === undefined ? undefined : sprintfOf(pattern, values);
  }

  /**
   * The receiver of a connection method that is the connection the migration runs on: `DB::`,
   * `DB::connection()`, `Schema::getConnection()`, `Schema::connection($this->getConnection())->getConnection()`.
   */
  private isDefaultConnection(node: Node | undefined): boolean {
    if (node?.kind === 'name') return isDbFacade(node);
    if (node?.kind !== 'call') return false;
    const args: Node[] = node.arguments ?? [];
    const method = identifierName(node.what?.offset)?.toLowerCase();
    const ownConnection = args.length === 0 || (args.length === 1 && args[0]?.kind === 'call' && (args[0].arguments ?? []).length === 0
      && args[0].what?.kind === 'propertylookup' && args[0].what.what?.kind === 'variable' && args[0].what.what.name === 'this'
      && identifierName(args[0].what.offset)?.toLowerCase() === 'getconnection');
    if (node.what?.kind === 'staticlookup') {
      if (method === 'connection' && ownConnection) return isDbFacade(node.what.what);
      return method === 'getconnection' && args.length === 0 && isSchemaFacade(node.what.what);
    }
    if (node.what?.kind !== 'propertylookup' || method !== 'getconnection' || args.length !== 0) return false;
    const builder = node.what.what;
    return builder?.kind === 'call' && builder.what?.kind === 'staticlookup' && isSchemaFacade(builder.what.what)
      && identifierName(builder.what.offset)?.toLowerCase() === 'connection' && (builder.arguments ?? []).length <= 1
      && (builder.arguments ?? []).every((a: Node) => a?.kind === 'call' && identifierName(a.what?.offset)?.toLowerCase() === 'getconnection'
        && a.what?.what?.kind === 'variable' && a.what.what.name === 'this' && (a.arguments ?? []).length === 0);
  }

  private schemaCall(call: Node, target: { method: string } & SchemaBuilder,
    ctx: WalkContext, ops: SchemaOperation[], unknown: UnknownStatement[]): void {
    // Own keys only: `Schema::constructor()` must not find Object.prototype's.
    const kind = Object.hasOwn(operationKinds, target.method) ? operationKinds[target.method] : undefined;
    if (!kind) {
      if (!harmlessSchemaMethods.has(target.method)) unknown.push({ reason: `Schema::${target.method}()`, range: rangeOf(call.loc), anyTable: true });
      // They change no table, but what the server accepts after them (a loop reads its body once per element: once here).
      const range = rangeOf(call.loc);
      const own = target.connection === undefined && !target.connectionUnknown;
      const turn = (enabled: boolean, at: SourceRange) => {
        if (own && !this.foreignKeyChecks.some((c) => c.range.start.offset === at.start.offset && c.enabled === enabled)) {
          this.foreignKeyChecks.push({ range: at, enabled, written: `${this.text(call.what)}()`, ...conditionOf(ctx, ctx.conditional) });
        }
      };
      if (target.method === 'enableforeignkeyconstraints' || target.method === 'disableforeignkeyconstraints') turn(target.method === 'enableforeignkeyconstraints', range);
      if (target.method === 'withoutforeignkeyconstraints') {
        // Laravel 9+: off, the callback (which surely runs), then on again even when it throws.
        turn(false, range);
        this.callbacks(call, ctx, ops, unknown, false, true);
        turn(true, { start: range.end, end: range.end });
      }
      return;
    }
    const args: Node[] = call.arguments ?? [];
    const unreadable = (which: 'table' | 'newName', node: Node | undefined, name: TableReference | undefined): boolean => {
      const unusable = name && unusableTableName(name.name);
      const changedBy = !name && node?.kind === 'variable' && typeof node.name === 'string' && ctx.variables instanceof Variables
        ? ctx.variables.why(node.name) : undefined;
      // `Schema::rename($row->TABLE_NAME, ...)` over rows the server lists: only tables it lists can change.
      const listed = !name && which === 'table' && (kind === 'rename' || kind === 'drop' || kind === 'dropIfExists')
        && target.connection === undefined && !target.connectionUnknown && this.settledArgument(node) ? this.listedTableName(node, ctx) : undefined;
      const said = !this.settledArgument(node) ? message(which === 'table' ? 'unknown.tableNameCut' : 'unknown.newNameCut', target.method)
        : listed ? message('unknown.tableNameListed', target.method, this.text(node!), listed.map((p) => `'${p}'`).join(', '))
        : changedBy ? message('unknown.nameVariableChanged', target.method, `$${node!.name}`, changedBy)
        // `$row->TABLE_NAME`, `$row['name']`: a value the server gives when the migration runs (a row of DB::select(), say).
        : !name && which === 'table' && kind !== 'create' && (node?.kind === 'propertylookup' || node?.kind === 'offsetlookup')
          && node.what?.kind === 'variable' && node.what.name !== 'this' && this.text(node).length <= 80
          ? message('unknown.tableNameReadAtRun', target.method, this.text(node))
        : !name ? message(which === 'table' ? 'unknown.tableNameNotLiteral' : 'unknown.newNameNotLiteral', target.method)
          : unusable ? message(which === 'table' ? 'unknown.tableNameUnusable' : 'unknown.newNameUnusable', target.method, name.name, unusable) : undefined;
      // A create under an unknown name leaves every existing table as it was (Laravel fails with 1050 otherwise).
      const requires = said && which === 'table' && target.method === 'table' && this.settledArgument(node) ? this.requiredColumns(args[1], ctx) : undefined;
      if (said) {
        const reach = listed ? { tablesLike: listed } : kind === 'create' ? { createsUnnamed: true as const } : { anyTable: true as const };
        const unnamed = !name ? { unnamed: this.unnamedOf(node, target.method, which, call, ctx) } : {};
        unknown.push({ ...reasonSaid(said), range: rangeOf(call.loc), ...reach, ...(requires ? { requiresColumns: requires } : {}), ...unnamed });
      }
      return said !== undefined;
    };
    const table = this.tableName(args[0], ctx);
    if (unreadable('table', args[0], table) || !table) return;
    let renamedTo: TableReference | undefined;
    if (kind === 'rename') {
      renamedTo = this.tableName(args[1], ctx);
      if (unreadable('newName', args[1], renamedTo)) return;
    }
    let blueprint: BlueprintStatement[] | undefined;
    let blueprintUnknown: string | undefined;
    let blueprintUnknownSaid: Message | undefined;
    let blueprintMayRun: BlueprintStatement[] | undefined;
    let endsTable: BlueprintEnd | undefined;
    let sqlBefore: SchemaOperation[] = [];
    if ((kind === 'create' || kind === 'table') && target.method !== 'dropcolumns' && target.method !== 'dropcolumn') {
      const held = args[1]?.kind === 'variable' && typeof args[1].name === 'string' ? ctx.variables.get(args[1].name) : undefined;
      const closure = held && this.selfContainedCallback(held) ? held : args[1];
      if (closure?.kind === 'closure' || closure?.kind === 'arrowfunc') {
        const result = this.blueprint(closure, ctx, kind === 'table' && target.connection === undefined && !target.connectionUnknown ? table.name : undefined);
        blueprint = result.statements;
        // The DB facade's, on the default connection (the class's while up() runs) even when the Blueprint is another's.
        sqlBefore = result.sqlBefore;
        unknown.push(...result.sqlUnread);
        blueprintUnknown = result.unknown;
        blueprintUnknownSaid = result.unknownSaid;
        blueprintMayRun = result.mayRun;
        endsTable = kind === 'table' ? result.endsTable : undefined;
      } else {
        blueprint = [];
        blueprintUnknownSaid = !this.closesCall(call, args[args.length - 1]) ? message('unknown.aSyntaxError')
          : closure ? message('unknown.callbackNotClosure') : undefined;
        blueprintUnknown = blueprintUnknownSaid && english(blueprintUnknownSaid);
      }
    } else if (target.method === 'dropcolumns' || target.method === 'dropcolumn') {
      // `Schema::dropColumns('t', ['a'])` is `$table->dropColumn(['a'])` on the table.
      const columns = args.slice(1);
      if (columns.every((a) => this.settledArgument(a))) {
        blueprint = [{ chain: [{ method: 'dropColumn', args: columns.map((a) => this.value(a)) }], range: rangeOf(call.loc) }];
      } else {
        blueprint = [];
        blueprintUnknownSaid = message('unknown.aSyntaxError');
        blueprintUnknown = english(blueprintUnknownSaid);
      }
    }
    // A table created (or renamed to) under a guard on another table may not be there afterwards:
    // the replay decides the guard, but a claim that the table exists takes no guard into account.
    const guardedElsewhere = (kind === 'create' || kind === 'rename') && ctx.guards.some((g) => g.table !== table.name);
    let afterReturn: 'guarded' | 'conditional' | undefined;
    // A change that may or may not run leaves the guarded table unknown to the guard from here on.
    if (ctx.conditional !== undefined && ctx.afterColumnReturn) ctx.afterColumnReturn.spent = true;
    const columnReturn = ctx.conditional === undefined ? ctx.afterColumnReturn : undefined;
    if (columnReturn) {
      const guarded = !columnReturn.spent && kind === 'table' && blueprint !== undefined && !endsTable && !target.connectionUnknown && target.connection === undefined;
      afterReturn = guarded ? 'guarded' : 'conditional';
      // A Blueprint that only adds or drops keys and indexes leaves the columns as they were when
      // the return decided: the guard still holds for the next one.
      // One on a table whose index a guard asks about may change its indexes: the guard is spent.
      const asked = columnReturn.guards.some((g) => guardTables(g).includes(table.name));
      const keeps = blueprintUnknown === undefined && keepsColumns(blueprint!) && !columnReturn.guards.some((g) => asksIndexOf(g, table.name));
      if (!guarded || (asked && !keeps)) columnReturn.spent = true;
      if (guarded) blueprint = blueprint!.map((statement) => ({ ...statement, when: [...columnReturn.guards, ...(statement.when ?? [])] }));
    }
    const conditional = ctx.conditional ?? (target.connectionUnknown ? 'connection'
      : guardedElsewhere ? guardedElsewhereCondition : afterReturn === 'conditional' ? 'condition' : undefined);
    // Whenever the closure runs, which is when the call does.
    for (const { conditional: _, driver: __, ...op } of sqlBefore) ops.push({ ...op, ...conditionOf(ctx, conditional) });
    ops.push({
      kind, table, ...(renamedTo ? { renamedTo } : {}), ...(target.connection !== undefined ? { connection: target.connection } : {}),
      guards: ctx.guards, ...(blueprint ? { blueprint } : {}), ...(blueprintUnknown ? { blueprintUnknown } : {}),
      ...(blueprintUnknownSaid ? { blueprintUnknownSaid } : {}), ...(blueprintMayRun ? { blueprintMayRun } : {}),
      range: rangeOf(call.loc), ...conditionOf(ctx, conditional), ...(ctx.failureSwallowed ? { failureSwallowed: true as const } : {}),
    });
    if (endsTable) {
      ops.push({
        kind: endsTable.kind, table, ...(endsTable.renamedTo ? { renamedTo: endsTable.renamedTo } : {}),
        ...(target.connection !== undefined ? { connection: target.connection } : {}),
        guards: ctx.guards, range: rangeOf(call.loc), ...conditionOf(ctx, conditional), inBlueprint: true,
      });
    }
  }

  /**
   * A closure or arrow function of one parameter that names no variable but it (no `use`, no
   * `$this`): read where a variable holding it is passed, it does what it would do where written.
   */
  private selfContainedCallback(node: Node | undefined): boolean {
    if ((node?.kind !== 'closure' && node?.kind !== 'arrowfunc') || (node.uses ?? []).length || node.byref || !this.settledArgument(node)) return false;
    const params: Node[] = node.arguments ?? [];
    const param = params[0]?.name;
    const name = String(param?.name ?? param ?? '');
    if (params.length !== 1 || !name || params[0].byref || params[0].variadic) return false;
    return [...this.text(node).matchAll(/\$\$?\{?([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)?/g)].every((m) => m[1] === name && !m[0].startsWith('$$') && !m[0].includes('{'));
  }

  /** `table`: the table of a `Schema::table()` on the default connection, which `Schema::hasIndex()` in the closure may ask about. */
  private blueprint(closure: Node, ctx: WalkContext, table?: string):
    { statements: BlueprintStatement[]; unknown?: string; unknownSaid?: Message; mayRun?: BlueprintStatement[]; endsTable?: BlueprintEnd; sqlBefore: SchemaOperation[]; sqlUnread: UnknownStatement[] } {
    const param = closure.arguments?.[0]?.name;
    const paramName = String(param?.name ?? param ?? '');
    const statements: BlueprintStatement[] = [];
    /** Literal SQL the closure runs, read as operations of their own. */
    const sqlBefore: SchemaOperation[] = [];
    /** Literal SQL the closure runs that is not read: what it may reach, as UnknownStatements. */
    const sqlUnread: UnknownStatement[] = [];
    const reasons: (string | Message)[] = [];
    /** The statements in the branches of conditions not decided, and how many such conditions gave reasons. */
    const mayRun: BlueprintStatement[] = [];
    let undecidedConditions = 0;
    let endsTable: BlueprintEnd | undefined;
    let body: Node[] = closure.kind === 'arrowfunc'
      ? [{ kind: 'expressionstatement', expression: closure.body, loc: closure.body?.loc }]
      : closure.body?.children ?? [];
    // Statements cut or recovered after the first syntax error are no part of the structure.
    // Followed by its `,` or `)` as well: a stray `}` closes a body early, and the error comes just after it.
    const closed = this.settledArgument(closure) && (closure.kind === 'arrowfunc' || (closure.body?.kind === 'block' && this.settledStatement(closure.body)));
    if (!closed) {
      body = body.filter((node) => node && this.starts(node) && this.settledStatement(node));
      reasons.push(message('unknown.aSyntaxError'));
    }
    body = [...body]; // branches are spliced in; the tree is read again when a loop is unrolled
    // `Schema::hasColumn()` runs when the closure does, before the Blueprint's SQL: each statement keeps the guards around it.
    const guardsOf = new Map<Node, SchemaGuard[]>();
    // In a branch on the driver that mysql and mariadb take differently: the driver each statement runs with.
    const driverOf = new Map<Node, 'mysql' | 'mariadb'>();
    // The statements of an own method called in the closure are spliced in too, read in the method's frame.
    const scope = this.closureScope(closure, ctx);
    const closureText = this.text(closure);
    // What the closure captured (by value, when it was made: just before Laravel runs it) and never changes.
    // extract(), parse_str() and variable variables may overwrite any of them without naming it.
    const overwritesAny = /\$\$|\$\{|\b(?:extract|parse_str|get_defined_vars)\s*\(/i.test(closureText);
    const captured = new Map([...scope.variables].filter(([name]) => !overwritesAny && changes(closureText, `$${name}`) === 0));
    const closureFrame: BlueprintFrame = { paramName, scope, text: closureText, active: [...this.inlining], bound: captured };
    const frameOf = new Map<Node, BlueprintFrame>();
    const splice = (at: number, branch: Node | Node[] | undefined, guards: SchemaGuard[], frame: BlueprintFrame, driver?: 'mysql' | 'mariadb'): void => {
      const nodes: Node[] = Array.isArray(branch) ? branch : branch?.kind === 'block' ? branch.children ?? [] : branch ? [branch] : [];
      for (const n of nodes) {
        if (!n) continue;
        guardsOf.set(n, guards);
        if (frame !== closureFrame) frameOf.set(n, frame);
        if (driver) driverOf.set(n, driver);
      }
      body.splice(at, 0, ...nodes);
    };
    for (let i = 0; i < body.length; i++) {
      const node = body[i];
      if (!node) continue;
      const guards = guardsOf.get(node) ?? unguarded;
      const frame = frameOf.get(node) ?? closureFrame;
      const driver = driverOf.get(node);
      const { paramName: blueprintName, scope } = frame;
      const pushStatement = (chain: BlueprintCall[]): void => {
        statements.push({ chain, range: rangeOf(node.loc), ...(guards.length ? { when: guards } : {}), ...(driver ? { driver } : {}) });
      };
      // A branch on another driver never runs on MySQL/MariaDB: the live one is read in its place.
      const onDriver = node.kind === 'if' && closed ? (driver ? this.driverTestWith(driver, node.test, scope) : this.driverTest(node.test, scope)) : undefined;
      if (onDriver !== undefined) {
        splice(i + 1, onDriver ? node.body : node.alternate, guards, frame, driver);
        continue;
      }
      // `if (DB::getDriverName() === 'mysql')`: Laravel 11+'s mariadb driver takes the other branch; each runs with its driver.
      const withMysql = node.kind === 'if' && closed && !driver ? this.driverTestWith('mysql', node.test, scope) : undefined;
      if (withMysql !== undefined && this.driverTestWith('mariadb', node.test, scope) === !withMysql) {
        splice(i + 1, node.alternate, guards, frame, withMysql ? 'mariadb' : 'mysql');
        splice(i + 1, node.body, guards, frame, withMysql ? 'mysql' : 'mariadb');
        continue;
      }
      const columnGuard = node.kind === 'if' && closed ? this.columnGuardOf(node.test, scope) : undefined;
      if (columnGuard) {
        splice(i + 1, node.alternate, [...guards, { ...columnGuard, exists: !columnGuard.exists }], frame, driver);
        splice(i + 1, node.body, [...guards, columnGuard], frame, driver);
        continue;
      }
      // `if (Schema::hasColumn('t', 'a') && ! Schema::hasColumn('u', 'b'))`, each decided before the
      // Blueprint runs: the branch runs when each holds (an else, when one does not, is not read).
      const columnGuards = node.kind === 'if' && closed && !node.alternate ? this.columnGuardsOf(node.test, scope, true) : undefined;
      if (columnGuards) {
        splice(i + 1, node.body, [...guards, ...columnGuards], frame, driver);
        continue;
      }
      // Any other `!`, `&&`, `||` of Schema's questions (hasColumns() of several columns, hasIndex(),
      // hasTable()), decided before the Blueprint runs: the branch runs when it holds, the else when not.
      const schemaGuard = node.kind === 'if' && closed ? this.schemaGuardOf(node.test, scope) : undefined;
      if (schemaGuard !== undefined && typeof schemaGuard !== 'boolean') {
        splice(i + 1, node.alternate, [...guards, negatedGuard(schemaGuard)], frame, driver);
        splice(i + 1, node.body, [...guards, schemaGuard], frame, driver);
        continue;
      }
      // `$driver = Schema::getConnection()->getDriverName();` assigned once: the branches on it below are decided.
      const assignment = node.kind === 'expressionstatement' && closed && node.expression?.kind === 'assign' && node.expression.operator === '='
        && node.expression.left?.kind === 'variable' && typeof node.expression.left.name === 'string' && changes(frame.text, `$${node.expression.left.name}`) === 1
        ? node.expression : undefined;
      const driverHeld = assignment && (this.driverNameKind(assignment.right, scope)
        ? { kind: driverNameNodeKind, source: this.driverNameKind(assignment.right, scope), loc: assignment.right.loc }
        : this.driverTestNode(assignment.right, scope));
      if (driverHeld) {
        scope.variables.set(assignment.left.name, driverHeld);
        continue;
      }
      const after = node.kind === 'expressionstatement' && closed ? this.afterCallback(node.expression, frame) : undefined;
      if (after) {
        for (const chain of after) pushStatement(chain);
        continue;
      }
      // `$this->addColumns($table)`: the method's statements run here, its parameter holding the Blueprint.
      const own = node.kind === 'expressionstatement' && closed ? ownCallOf(node.expression) : undefined;
      if (own) {
        const read = this.ownCallInClosure(node, own, frame);
        if ('why' in read) {
          if (read.why) reasons.push(message('unknown.helperNotRead', own.written, read.why));
        } else {
          splice(i + 1, read.statements, guards, read.frame, driver);
        }
        continue;
      }
      // `$x = $table->date('d')->nullable();` with `$x` never used again is the chain alone.
      const assigned = node.kind === 'expressionstatement' && node.expression?.kind === 'assign' && node.expression.operator === '='
        && node.expression.left?.kind === 'variable' && typeof node.expression.left.name === 'string'
        && node.expression.right?.kind === 'call' && mentions(frame.text, `$${node.expression.left.name}`) === 1 ? node.expression.right : undefined;
      if (assigned || (node.kind === 'expressionstatement' && node.expression?.kind === 'call')) {
        const chain = this.chain(assigned ?? node.expression, blueprintName, frame.bound);
        const ends = chain && blueprintEnd(chain, assigned ?? node.expression);
        if (chain && !(ends && (guards.length || driver))) {
          pushStatement(chain);
          endsTable = ends ?? endsTable;
          continue;
        }
      }
      // `$table->engine = 'InnoDB';` is the property form of `$table->engine('InnoDB')`.
      const assign = node.kind === 'expressionstatement' ? node.expression : undefined;
      if (!guards.length && !driver && assign?.kind === 'assign' && assign.operator === '=' && assign.left?.kind === 'propertylookup'
        && assign.left.what?.kind === 'variable' && assign.left.what.name === blueprintName && identifierName(assign.left.offset)) {
        const value = this.value(assign.right, frame.bound);
        if (typeof value !== 'object' || value === null) {
          statements.push({ chain: [{ method: identifierName(assign.left.offset)!, args: [value] }], range: rangeOf(node.loc) });
          continue;
        }
      }
      if (node.kind === 'inline' || node.kind === 'noop') continue;
      if (closed && this.blueprintFree(node, blueprintName)) continue;
      // `DB::statement('UPDATE t SET ...')` in the closure: literal SQL that changes rows only, never a structure.
      if (closed && node.kind === 'expressionstatement' && this.rowsOnlySql(node.expression, frame.scope)) continue;
      // `DB::statement('ALTER TABLE t DROP FOREIGN KEY k')`, `... MODIFY c ...`: run as the closure runs, before the Blueprint's own SQL.
      const call = closed && node.kind === 'expressionstatement' && node.expression?.kind === 'call' ? node.expression : undefined;
      const rawCall = call?.what?.kind === 'staticlookup' && isDbFacade(call.what.what) && /^(?:statement|unprepared)$/i.test(identifierName(call.what.offset) ?? '') ? call : undefined;
      const rawCtx = { ...ctx, variables: frame.scope.variables };
      const raw = rawCall && !guards.length && !driver ? this.rawSchemaChange(rawCall, rawCtx) : undefined;
      if (raw) {
        sqlBefore.push(raw);
        continue;
      }
      // Not read: the tables its SQL names are unknown too, as where written in up(); the Blueprint's own is, below.
      if (rawCall) sqlUnread.push(this.sqlStatement(rawCall, rawCtx));
      // A condition not decided: the Blueprint statements of its branches may run.
      const branches = node.kind === 'if' && closed ? this.branchChains(node, blueprintName, frame.bound) : undefined;
      if (branches) {
        mayRun.push(...branches.map((chain) => ({ chain, range: rangeOf(node.loc) })));
        undecidedConditions += 1;
      }
      reasons.push(this.describe(node));
    }
    const said = reasons.slice(1).reduce<string | Message>((list, reason) => message('list.semicolon', list, reason), reasons[0] ?? '');
    return {
      statements: fitted(statements), ...(reasons.length ? { unknown: typeof said === 'string' ? said : english(said) } : {}),
      ...(reasons.length && reasons.length === undecidedConditions ? { mayRun } : {}),
      ...(typeof said === 'object' ? { unknownSaid: said } : {}), ...(endsTable ? { endsTable } : {}), sqlBefore, sqlUnread,
    };
  }

  /**
   * `$table->after('c', function ($table) { $table->string('a'); $table->text('b'); })`: Laravel
   * puts each column the callback adds after the one before (the first after `c`), as an
   * `->after()` called right after the column's type, so one the chain calls later wins. Read
   * when every statement adds one column named by a literal; anything else is left to say unknown.
   */
  private afterCallback(call: Node | undefined, frame: BlueprintFrame): BlueprintCall[][] | undefined {
    const what = call?.kind === 'call' ? call.what : undefined;
    if (what?.kind !== 'propertylookup' || what.what?.kind !== 'variable' || what.what.name !== frame.paramName
      || identifierName(what.offset)?.toLowerCase() !== 'after') return undefined;
    // Destructured only now: a rest element runs the iterator protocol, and this is asked of every statement.
    const [column, callback, ...more] = call!.arguments ?? [];
    if (more.length || column?.kind !== 'string') return undefined;
    if ((callback?.kind !== 'closure' && callback?.kind !== 'arrowfunc') || (callback.arguments ?? []).length !== 1 || callback.byref) return undefined;
    const param = callback.arguments[0];
    const paramName = identifierName(param?.name) ?? (typeof param?.name === 'string' ? param.name : undefined);
    if (!paramName || param.byref || param.variadic || (callback.uses ?? []).length) return undefined;
    const expressions: Node[] = callback.kind === 'arrowfunc' ? [callback.body]
      : callback.body?.kind === 'block' ? (callback.body.children ?? []).map((n: Node) => (n?.kind === 'expressionstatement' ? n.expression : n)) : [];
    let previous = String(column.value);
    const chains: BlueprintCall[][] = [];
    for (const expression of expressions) {
      const chain = expression?.kind === 'call' ? this.chain(expression, paramName, frame.bound) : undefined;
      const name = chain?.[0].args[0];
      if (!chain || !singleColumnMethods.has(chain[0].method.toLowerCase()) || typeof name !== 'string') return undefined;
      chains.push([chain[0], { method: 'after', args: [previous] }, ...chain.slice(1)]);
      previous = name;
    }
    return chains.length ? chains : undefined;
  }

  /** An own method called in a Blueprint closure: its statements and the frame they are read in, or why not. */
  private ownCallInClosure(node: Node, own: OwnCall, frame: BlueprintFrame): { statements: Node[]; frame: BlueprintFrame } | { why: Message | undefined } {
    const read = this.inlined(node.expression, own, frame.active, this.settledStatement(node),
      (arg) => this.plainArgument(arg, frame.scope, { name: frame.paramName, text: frame.text }));
    if ('why' in read) {
      forgetPassedVariables(node.expression, [frame.scope.variables, ...(frame.bound ? [frame.bound as Map<string, Node>] : [])]);
      return read;
    }
    return {
      statements: read.statements,
      frame: {
        paramName: read.blueprint, scope: { guards: [], variables: read.literals, builders: new Map() }, text: this.text(this.methods.get(own.name)!.body),
        active: [...frame.active, own.name], bound: read.literals,
      },
    };
  }

  /**
   * A closure statement that cannot reach the Blueprint nor the schema (it reads rows, saves
   * models): the table's structure is what the other statements make it.
   */
  /**
   * The Blueprint calls in the branches of an `if` (nested ones too), when every statement there
   * is one or touches no schema; undefined otherwise.
   */
  private branchChains(node: Node, paramName: string | undefined, bound: ReadonlyMap<string, Node> | undefined): BlueprintCall[][] | undefined {
    const chains: BlueprintCall[][] = [];
    const read = (branch: Node | undefined): boolean => {
      if (!branch) return true;
      if (branch.kind === 'block') return (branch.children ?? []).every(read);
      if (branch.kind === 'if') return read(branch.body) && read(branch.alternate);
      if (this.blueprintFree(branch, paramName)) return true;
      const chain = branch.kind === 'expressionstatement' && branch.expression?.kind === 'call' ? this.chain(branch.expression, paramName, bound) : undefined;
      if (chain) chains.push(chain);
      return chain !== undefined;
    };
    return read(node.body) && read(node.alternate) ? chains : undefined;
  }

  private blueprintFree(node: Node, paramName: string | undefined): boolean {
    const text = this.text(node);
    return (paramName === undefined || mentions(text, `$${paramName}`) === 0) && !schemaReach.test(text) && !this.facadeAliases?.test(text);
  }

  /** The variables a closure sees: an arrow function all around it, a closure those it `use`s by value. */
  private closureScope(closure: Node, ctx: WalkContext): WalkContext {
    const variables = new Map(closure.kind === 'arrowfunc' ? ctx.variables : []);
    for (const use of closure.kind === 'closure' ? closure.uses ?? [] : []) {
      const held = typeof use?.name === 'string' && !use.byref ? ctx.variables.get(use.name) : undefined;
      if (held) variables.set(use.name, held);
    }
    for (const p of closure.arguments ?? []) {
      const name = identifierName(p?.name);
      if (name) variables.delete(name);
    }
    return { guards: [], variables, builders: new Map() };
  }

  /** `Schema::hasIndex('t', 'i')` / `! Schema::hasIndex('t', 'i')` on the default connection, by a literal name (Laravel 11+). */
  private indexGuardOf(test: Node | undefined, scope: WalkContext): { table: string; index: string; exists: boolean } | undefined {
    let exists = true;
    let expr = test;
    while (expr?.kind === 'unary' && expr.type === '!') { exists = !exists; expr = expr.what; }
    if (expr?.kind !== 'call' || (expr.arguments ?? []).length !== 2) return undefined;
    const target = this.schemaCallTarget(expr, scope);
    if (target?.method !== 'hasindex' || target.connection !== undefined || target.connectionUnknown) return undefined;
    const table = this.tableName(expr.arguments[0], scope);
    const index = expr.arguments[1];
    if (!table || index?.kind !== 'string' || !this.settledArgument(index)) return undefined;
    return { table: table.name, index: String(index.value), exists };
  }

  /** `Schema::hasColumn('t', 'c')` / `! Schema::hasColumn('t', 'c')` on the default connection, its names literal. */
  private columnGuardOf(test: Node | undefined, scope: WalkContext): ColumnGuard | undefined {
    let exists = true;
    let expr = test;
    while (expr?.kind === 'unary' && expr.type === '!') { exists = !exists; expr = expr.what; }
    // `Schema::hasTable('t') && Schema::hasColumn('t', 'c')` is hasColumn() alone (a missing table
    // has no column), and `! Schema::hasTable('t') || ! Schema::hasColumn('t', 'c')` its negation.
    const type = expr?.kind === 'bin' ? String(expr.type).toLowerCase() : undefined;
    if (type === '&&' || type === 'and' || type === '||' || type === 'or') {
      const both = type === '&&' || type === 'and';
      // `! Schema::hasColumn('t', 'c') && $this->notUsingSqlite()` (snipe-it): a side the driver settles
      // as true under && (false under ||) on MySQL and MariaDB alike leaves the other one alone.
      const rest = this.driverTest(expr!.right, scope) === both ? expr!.left : this.driverTest(expr!.left, scope) === both ? expr!.right : undefined;
      if (rest) {
        const guard = this.columnGuardOf(rest, scope);
        return guard && { ...guard, exists: exists ? guard.exists : !guard.exists };
      }
      const table = expr!.left?.kind === 'call' || expr!.left?.kind === 'unary' ? this.guardOf(expr!.left, scope) : undefined;
      const tableTarget = table ? this.schemaCallTarget(expr!.left.kind === 'unary' ? expr!.left.what : expr!.left, scope) : undefined;
      const column = table && tableTarget?.connection === undefined && !tableTarget?.connectionUnknown ? this.columnGuardOf(expr!.right, scope) : undefined;
      if (!column || column.table !== table!.table || table!.requiresExisting !== both || column.exists !== both) return undefined;
      return { ...column, exists: exists === both };
    }
    if (expr?.kind !== 'call' || (expr.arguments ?? []).length !== 2) return undefined;
    const listed = this.columnListingGuardOf(expr, scope) ?? this.hasColumnsGuardsOf(expr, scope);
    // `hasColumns('t', ['c'])` is hasColumn('t', 'c'); of several columns, only `A && B` says when it holds.
    if (listed) return listed.length === 1 ? { ...listed[0], exists: exists === listed[0].exists } : undefined;
    const target = this.schemaCallTarget(expr, scope);
    if (target?.method !== 'hascolumn' || target.connection !== undefined || target.connectionUnknown) return undefined;
    const table = this.tableName(expr.arguments[0], scope);
    const column = this.settledArgument(expr.arguments[1]) ? this.value(expr.arguments[1], scope.variables) : undefined;
    if (!table || typeof column !== 'string') return undefined;
    return { table: table.name, column, exists };
  }

  /** `Schema::hasColumns('t', ['a', 'b'])` on the default connection, its names literal: hasColumn() of each. */
  private hasColumnsGuardsOf(call: Node, scope: WalkContext): ColumnGuard[] | undefined {
    const target = this.schemaCallTarget(call, scope);
    if (target?.method !== 'hascolumns' || target.connection !== undefined || target.connectionUnknown || (call.arguments ?? []).length !== 2) return undefined;
    const table = this.tableName(call.arguments[0], scope);
    const columns = this.settledArgument(call.arguments[1]) ? this.value(call.arguments[1], scope.variables) : undefined;
    if (!table || !Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string')) return undefined;
    return (columns as string[]).map((column) => ({ table: table.name, column, exists: true }));
  }

  /**
   * `in_array('c', Schema::getColumnListing('t'))` on the default connection: hasColumn() but
   * case-sensitive, as the server names the columns. A numeric needle (`'1e1' == '10'` in PHP) is not read.
   */
  private columnListingGuardOf(call: Node, scope: WalkContext): ColumnGuard[] | undefined {
    if (call.what?.kind !== 'name' || String(call.what.name).replace(/^\\/, '').toLowerCase() !== 'in_array') return undefined;
    const [needle, haystack] = call.arguments as Node[];
    if (needle?.kind !== 'string' || /^\s*[+-]?(?:\d|\.\d)/.test(String(needle.value)) || haystack?.kind !== 'call' || (haystack.arguments ?? []).length !== 1) return undefined;
    const target = this.schemaCallTarget(haystack, scope);
    if (target?.method !== 'getcolumnlisting' || target.connection !== undefined || target.connectionUnknown) return undefined;
    const table = this.tableName(haystack.arguments[0], scope);
    return table && [{ table: table.name, column: String(needle.value), exists: true, caseSensitive: true }];
  }

  /**
   * `A && B && ...` where each is a column guard (columnGuardOf): the guards, each of which holds.
   * On one table only, unless `anyTables` (a Blueprint's closure decides them all before it runs).
   */
  private columnGuardsOf(test: Node | undefined, scope: WalkContext, anyTables = false): ColumnGuard[] | undefined {
    const listed = test?.kind === 'call' ? this.hasColumnsGuardsOf(test, scope) : undefined;
    if (listed) return listed;
    const type = test?.kind === 'bin' ? String(test.type).toLowerCase() : undefined;
    if (type !== '&&' && type !== 'and') return undefined;
    const guards: ColumnGuard[] = [];
    for (const side of [test!.left, test!.right]) {
      const one = this.columnGuardOf(side, scope);
      const more = one ? [one] : this.columnGuardsOf(side, scope, anyTables);
      if (!more) return undefined;
      guards.push(...more);
    }
    return anyTables || guards.every((g) => g.table === guards[0].table) ? guards : undefined;
  }

  /**
   * A condition made of Schema's questions on the default connection, their names literal
   * (hasColumn(), hasColumns(), hasIndex(), hasTable(), `in_array('c', getColumnListing('t'))`),
   * with `!`, `&&`, `||` and `== false`: the guard, or true/false for a side the driver settles
   * on MySQL and MariaDB alike (see driverTest); undefined when a part is anything else.
   */
  private schemaGuardOf(test: Node | undefined, scope: WalkContext): SchemaGuard | boolean | undefined {
    if (!test) return undefined;
    if (test.kind === 'unary' && test.type === '!') {
      const inner = this.schemaGuardOf(test.what, scope);
      return inner === undefined ? undefined : typeof inner === 'boolean' ? !inner : negatedGuard(inner);
    }
    if (test.kind === 'bin') {
      const type = String(test.type).toLowerCase();
      if (type === '&&' || type === 'and' || type === '||' || type === 'or') {
        const each = type === '&&' || type === 'and';
        const sides = [test.left, test.right].map((side) => this.driverTest(side, scope) ?? this.schemaGuardOf(side, scope));
        if (sides.some((side) => side === undefined)) return undefined;
        // `X && true` is X, `X && false` is false (and so for ||).
        if (sides.includes(!each)) return !each;
        const guards = sides.filter((side): side is SchemaGuard => typeof side !== 'boolean');
        if (guards.length === 0) return each;
        if (guards.length === 1) return guards[0];
        return each ? { all: guards.flatMap((g) => ('all' in g ? g.all : [g])) } : { any: guards.flatMap((g) => ('any' in g ? g.any : [g])) };
      }
      // `Schema::hasColumn('t', 'c') == false`: what the question answers is a bool.
      if (['==', '===', '!=', '!==', '<>'].includes(type)) {
        const [question, literal] = test.right?.kind === 'boolean' ? [test.left, test.right] : test.left?.kind === 'boolean' ? [test.right, test.left] : [];
        const guard = question?.kind === 'call' ? this.schemaGuardOf(question, scope) : undefined;
        if (guard === undefined || typeof guard === 'boolean') return undefined;
        return (literal.value === true) === (type === '==' || type === '===') ? guard : negatedGuard(guard);
      }
      return undefined;
    }
    if (test.kind !== 'call' || !this.settledArgument(test)) return undefined;
    const listed = this.columnListingGuardOf(test, scope) ?? this.hasColumnsGuardsOf(test, scope);
    if (listed) return listed.length === 1 ? listed[0] : { all: listed };
    const target = this.schemaCallTarget(test, scope);
    if (!target || target.connection !== undefined || target.connectionUnknown) return undefined;
    const args: Node[] = test.arguments ?? [];
    if (args.some((a) => a?.kind === 'namedargument' || a?.kind === 'variadic')) return undefined;
    const table = args.length > 0 ? this.tableName(args[0], scope) : undefined;
    if (!table) return undefined;
    if (target.method === 'hastable' && args.length === 1) return { table: table.name, tableExists: true };
    if (target.method === 'hascolumn' && args.length === 2) {
      const column = this.value(args[1], scope.variables);
      return typeof column === 'string' ? { table: table.name, column, exists: true } : undefined;
    }
    if (target.method !== 'hasindex' || (args.length !== 2 && args.length !== 3)) return undefined;
    const index = this.value(args[1], scope.variables);
    const type = args.length === 3 ? this.value(args[2], scope.variables) : null;
    // `$value['columns'] === $index`: a list of names, in order; `strtolower($type)`.
    const columns = Array.isArray(index) && index.length > 0 && index.every((c) => typeof c === 'string') ? index as string[] : undefined;
    if ((typeof index !== 'string' && !columns) || (type !== null && typeof type !== 'string')) return undefined;
    return { table: table.name, index: columns ?? (index as string), ...(typeof type === 'string' ? { type: type.toLowerCase() } : {}), exists: true };
  }

  private describe(node: Node): string | Message {
    switch (node.kind) {
      case 'if': {
        // Which condition, as written: a migration may hold several.
        const test = node.test ? this.text(node.test).replace(/\s+/g, ' ') : '';
        if (!test) return message('unknown.aCondition');
        return message('unknown.aConditionOn', test.length > 60 ? `${test.slice(0, 57)}...` : test);
      }
      case 'foreach': case 'for': case 'while': case 'do': return message('unknown.aLoop');
      case 'expressionstatement': {
        const text = this.text(node).replace(/\s+/g, ' ');
        return text.length > 80 ? `${text.slice(0, 77)}...` : text;
      }
      default: return message('unknown.aStatement', String(node.kind));
    }
  }

  /** `$table->a(..)->b(..)` rooted at the Blueprint parameter, with literal method names. */
  private chain(call: Node, paramName: string | undefined, bound?: ReadonlyMap<string, Node>): BlueprintCall[] | undefined {
    const calls: BlueprintCall[] = [];
    let node: Node | undefined = call;
    while (node?.kind === 'call') {
      const lookup: Node = node.what;
      if (lookup?.kind !== 'propertylookup' && lookup?.kind !== 'nullsafepropertylookup') return undefined;
      const method = identifierName(lookup.offset);
      if (!method) return undefined;
      const args: PhpValue[] = [];
      let namedArgs: [string, PhpValue][] | undefined;
      const given: Node[] = node.arguments ?? [];
      for (let i = 0; i < given.length; i++) {
        const arg = given[i];
        if (!arg) return undefined;
        if (arg.kind === 'namedargument') (namedArgs ??= []).push([String(arg.name), this.value(arg.value, bound)]);
        else args.push(this.value(arg, bound));
      }
      // fromEntries: a name such as `__proto__` is an own key, never the prototype.
      calls.push(namedArgs ? { method, args: fitted(args), namedArgs: Object.fromEntries(namedArgs) } : { method, args: fitted(args) });
      node = lookup.what;
    }
    if (node?.kind !== 'variable' || node.name !== paramName) return undefined;
    return fitted(calls.reverse());
  }

  /**
   * A literal PHP value; anything else is `{ unknown: <its source text> }`. `bound`: the
   * parameters of an own method read at its call, and the literals they hold there.
   */
  value(node: Node | undefined, bound?: ReadonlyMap<string, Node>): PhpValue {
    if (!node) return { unknown: 'missing' };
    switch (node.kind) {
      case 'variable': {
        const literal = typeof node.name === 'string' ? bound?.get(node.name) : undefined;
        if (literal) return this.value(literal);
        break;
      }
      case 'string': case 'nowdoc': return String(node.value);
      // `$newColumn = sprintf('%s_tz', $column)`: text made of literals, unless it holds the connection's prefix.
      case sqlTextKind: {
        const text = unmarked(String(node.value));
        if (text !== undefined) return text;
        break;
      }
      case 'number': {
        const n = phpNumber(String(node.value));
        if (n !== undefined) return n;
        break;
      }
      case 'boolean': return Boolean(node.value);
      case 'nullkeyword': return null;
      case 'cast': return this.value(node.expr, bound);
      // `$table->timestamp('at', $precision = 0)`: an assignment's value is what it assigns.
      case 'assign': if (node.operator === '=') return this.value(node.right, bound); break;
      case 'unary':
        if ((node.type === '-' || node.type === '+') && node.what?.kind === 'number') {
          const n = phpNumber(String(node.what.value));
          if (n !== undefined) return node.type === '-' ? -n : n;
        }
        break;
      case 'bin': {
        const left = this.value(node.left, bound);
        const right = this.value(node.right, bound);
        if (node.type === '.' && typeof left === 'string' && typeof right === 'string') return left + right;
        const result = integerArithmetic(String(node.type), left, right);
        if (result !== undefined) return result;
        break;
      }
      case 'encapsed': {
        // `"{$table}_to_ugi"`: each part a string or integer (the parser has already unescaped the literal parts).
        if (node.type !== 'string' && node.type !== 'heredoc') break;
        const parts = (node.value ?? []).map((part: Node) => (part?.kind === 'encapsedpart' ? textOf(this.value(part.expression, bound)) : undefined));
        if (parts.every((p: { text: string } | undefined) => p !== undefined)) return parts.map((p: { text: string }) => p.text).join('');
        break;
      }
      case 'call': {
        // `sprintf('%s_to_ugi', $table)`, as in SQL text.
        const [format, ...args]: Node[] = node.what?.kind === 'name' && /^\\?sprintf$/i.test(String(node.what.name)) ? node.arguments ?? [] : [];
        if (!format || [format, ...args].some((a) => a?.kind === 'namedargument' || a?.kind === 'variadic')) break;
        const pattern = this.value(format, bound);
        const text = typeof pattern === 'string' ? sprintfOf(pattern, args.map((a) => textOf(this.value(a, bound)))) : undefined;
        if (text !== undefined) return text;
        break;
      }
      // `User::class`: not a value the translation reads as such, but which class it names (foreignIdFor()).
      case 'staticlookup':
        if (node.offset?.kind === 'identifier' && String(node.offset.name).toLowerCase() === 'class' && node.what?.kind === 'name') {
          const name = String(node.what.name).toLowerCase();
          if (name !== 'self' && name !== 'static' && name !== 'parent') return { unknown: this.text(node), className: resolveClassName(node.what, this.classScope()) };
        }
        break;
      case 'name': {
        const lower = String(node.name).toLowerCase();
        if (lower === 'true' || lower === 'false') return lower === 'true';
        if (lower === 'null') return null;
        break;
      }
      case 'array': {
        const items: Node[] = node.items ?? [];
        if (items.every((i) => i?.kind === 'entry' && !i.key && !i.unpack)) return items.map((i) => this.value(i.value, bound));
        if (items.every((i) => i?.kind === 'entry' && !i.unpack && (i.key?.kind === 'string' || i.key?.kind === 'number'))) {
          // fromEntries: a `'__proto__' => …` key from the file is an own key, never the prototype.
          return Object.fromEntries(items.map((i) => [String(i.key.value), this.value(i.value, bound)]));
        }
        break;
      }
      default:
        break;
    }
    return { unknown: this.text(node) };
  }
}

/**
 * A call that was not read may have changed the variables it was given (a parameter taken by
 * reference): they no longer hold what they held before it.
 */
function forgetPassedVariables(call: Node, scopes: readonly Map<string, unknown>[]): void {
  for (const arg of call.arguments ?? []) {
    const node = arg?.kind === 'namedargument' ? arg.value : arg?.kind === 'variadic' ? arg.what : arg;
    if (node?.kind === 'variable' && typeof node.name === 'string') for (const scope of scopes) scope.delete(node.name);
  }
}

/** `(2 ** 12) - 32`: PHP's integer arithmetic, when both sides and the result are integers. */
function integerArithmetic(operator: string, left: PhpValue, right: PhpValue): number | undefined {
  if (typeof left !== 'number' || typeof right !== 'number' || !Number.isSafeInteger(left) || !Number.isSafeInteger(right)) return undefined;
  let result: number | undefined;
  switch (operator) {
    case '+': result = left + right; break;
    case '-': result = left - right; break;
    case '*': result = left * right; break;
    // int / int is a float in PHP unless it divides exactly; % by zero throws.
    case '/': result = right !== 0 && left % right === 0 ? left / right : undefined; break;
    case '%': result = right !== 0 ? left % right : undefined; break;
    case '**': result = right >= 0 ? left ** right : undefined; break;
    default: break;
  }
  return result !== undefined && Number.isSafeInteger(result) ? result + 0 : undefined;
}

/** `$table->drop()`, `$table->dropIfExists()`, `$table->rename('x')`: a Blueprint that ends its table's life. */
type BlueprintEnd = { readonly kind: 'drop' | 'dropIfExists' | 'rename'; readonly renamedTo?: TableReference };

function blueprintEnd(chain: readonly BlueprintCall[], call: Node): BlueprintEnd | undefined {
  if (chain.length !== 1) return undefined;
  const { args } = chain[0];
  const method = chain[0].method.toLowerCase();
  if (method === 'drop' || method === 'dropifexists') return args.length === 0 ? { kind: method === 'drop' ? 'drop' : 'dropIfExists' } : undefined;
  const literal: Node | undefined = call.arguments?.[0];
  if (method !== 'rename' || args.length !== 1 || (literal?.kind !== 'string' && literal?.kind !== 'nowdoc')) return undefined;
  return { kind: 'rename', renamedTo: { name: String(literal.value), range: literalRange(literal) } };
}

/** The guards of a Blueprint statement that has none (never changed: copied when a guard is added). */
const unguarded: SchemaGuard[] = [];

/** Statements that end with their closing brace rather than a semicolon. */
const closedByBrace = new Set(['block', 'method', 'class', 'closure', 'namespace', 'if', 'foreach', 'for', 'while', 'switch', 'try']);
/**
 * Whether a Blueprint statement makes a `Schema::hasIndex(t, name)` guard around it moot: under
 * `hasIndex` it drops that very index, under `! hasIndex` it adds it under that name. Laravel
 * compares the name with the server's in lower case, so a name with capitals never matches.
 */
function settlesIndex(chain: readonly BlueprintCall[], index: string, exists: boolean): boolean {
  const [call, ...more] = chain;
  if (!call || more.length || call.namedArgs || index !== index.toLowerCase()) return false;
  const method = call.method.toLowerCase();
  if (exists) return ['dropindex', 'dropunique', 'dropfulltext', 'dropspatialindex'].includes(method) && call.args.length === 1 && call.args[0] === index;
  return ['index', 'unique', 'fulltext', 'spatialindex'].includes(method) && call.args.length === 2 && call.args[1] === index;
}

/** Blueprint methods that add one column named by their first argument (Blueprint::addColumn once). */
const singleColumnMethods = new Set([
  'bigincrements', 'biginteger', 'binary', 'boolean', 'char', 'date', 'datetime', 'datetimetz', 'decimal', 'double', 'enum', 'float',
  'foreignid', 'foreignuuid', 'foreignulid', 'geometry', 'increments', 'integer', 'ipaddress', 'json', 'jsonb', 'longtext', 'macaddress',
  'mediumincrements', 'mediuminteger', 'mediumtext', 'set', 'smallincrements', 'smallinteger', 'string', 'text', 'time', 'timetz',
  'timestamp', 'timestamptz', 'tinyincrements', 'tinyinteger', 'tinytext', 'unsignedbiginteger', 'unsignedinteger',
  'unsignedmediuminteger', 'unsignedsmallinteger', 'unsignedtinyinteger', 'uuid', 'ulid', 'year',
]);
/** Statements holding statements: a stray `}` or a missing `{` moves their end. */
const compoundKinds = new Set(['block', 'if', 'foreach', 'for', 'while', 'do', 'switch', 'try']);

const ignorePattern = /(?:\/\/|#|\/\*)\s*migration-doctor-ignore\b([ \t\w,-]*)/;

/** `// migration-doctor-ignore rule-id`: on a line of code it silences that line; alone, the next line. */
function ignoresOf(source: string): Map<number, string[]> {
  const ignores = new Map<number, string[]>();
  if (!source.includes('migration-doctor-ignore')) return ignores;
  const lines = source.split(/\r\n|\r|\n/);
  lines.forEach((text, line) => {
    const m = ignorePattern.exec(text);
    if (!m) return;
    const rules = m[1].split(/[\s,]+/).filter((r) => /^[a-z][\w-]*$/.test(r));
    const alone = text.slice(0, m.index).trim() === '';
    const target = alone ? line + 1 : line;
    ignores.set(target, [...(ignores.get(target) ?? []), ...(rules.length ? rules : ['*'])]);
  });
  return ignores;
}
