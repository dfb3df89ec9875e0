// The php-parser engine every PHP file of the project goes through, set up once with the
// options the analysis needs and sped up without changing a single node it builds.
import type { Engine } from 'php-parser';
import { makeFastParser, type FastParse } from './phpFastParser';

// php-parser's nodes, typed loosely: callers check `kind` before use.
interface Loc { start: { line: number; column: number; offset: number }; end: { line: number; column: number; offset: number } }
type Node = { kind: string; loc?: Loc | null; [key: string]: any };

let engine: Engine | undefined;
function getEngine(): Engine {
  // php-parser offsets and columns are JS string indices (UTF-16), as VS Code counts: verified on é and emoji.
  if (!engine) {
    // Required on first use, not at activation: the extension starts before any file is parsed.
    const { Engine: PhpEngine } = require('php-parser') as typeof import('php-parser');
    engine = new PhpEngine({
      parser: { extractDoc: false, suppressErrors: true, php8: true },
      ast: { withPositions: true, withSource: false },
      lexer: { all_tokens: false },
    } as any);
    useLeanParser(engine);
    useFastLexer(engine);
    useKeywordSet(engine);
    endWhereTheTextEnds(engine);
    stopGoingRound(engine);
    fastParser = patchesThisPhpParser() ? makeFastParser(engine) : undefined;
  }
  return engine;
}

/** The parser of migration-shaped PHP (phpFastParser.ts), made with the engine; undefined when it cannot be. */
let fastParser: FastParse | undefined;
let fastPathOn = true;
let warmedUp = false;

/**
 * Parsed once before php-parser's first text (a run whose files the fast parser all reads has
 * none), so that every common path of the lexer and the parser has run before V8 optimizes
 * them: a path first met in optimized code (the first number of a project whose first files
 * have none, an escaped quote, a cast) undoes the optimization, and V8 compiles the function
 * again. V8 records what a function meets only from about its ninth call, so the rare cases
 * come after enough common ones. Its nodes are dropped.
 */
const warmUp = `<?php
namespace App;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\{DB, Schema};
# a comment
/** a doc comment */
return new class extends \\Illuminate\\Database\\Migrations\\Migration {
    protected $connection = null;
    public function up(): void
    {
        /* a comment */
        if (! Schema::hasTable('a_b') && Schema::hasColumn("b", 'c')) {
            Schema::create('a_b', function (Blueprint $table) use ($x) {
                $table->id();
                $table->string('name', 255)->nullable()->default('it\\'s')->comment("a \\"b\\"");
                $table->decimal('amount', 8, 2)->default(0.5);
                $table->foreignId('user_id')->constrained()->onDelete('cascade');
                $table->enum('e', ['a', "b"]);
                $table->index(['a', 'b'], 'a_b_index');
            });
        } elseif ($this->driver?->name === 'mysql') {
            return;
        } else {
            foreach (['a' => 1, 'b' => -2, 3] as $key => $value) {
                DB::statement("ALTER TABLE {$key} ENGINE = InnoDB");
                $rows[] = (int) $value + self::LIMIT * static::count($value[0]) . '';
            }
        }
        $f = fn ($x) => [$x, true, false, null, 0x1F, 1.5e3, __DIR__, $x != 1];
        $text = 'a' .
            'b';\r
${'        // a comment\n'.repeat(8)}        // why? a comment on a line that ends in CR LF\r
        $s = ['it\\'s', "a \\"b\\"", "$x costs $5"];
    }
};
`;

/**
 * php-parser's node factory (`AST#prepare`, php-parser 3.7.0) without what it spends on every
 * node for settings that are off here: a copy of its arguments, and two closures per node that
 * attach doc comments (extractDoc) or track a debug stack. It builds the same nodes, with the
 * same prototypes and locations (test/unit/analysis/parseEngine.test.ts compares both on damaged
 * and whole files); the parse costs ~8% less CPU, as much as the positions add to php-parser's
 * defaults. It also skips the unescaping of a string without a backslash (below). Any other
 * setting keeps php-parser's own code.
 */
function useLeanParser(phpEngine: Engine): void {
  const ast = (phpEngine as any).ast;
  const parser = (phpEngine as any).parser;
  if (!ast || !parser || ast.withPositions !== true || ast.withSource || parser.extractDoc || parser.debug
    || typeof ast.prepare !== 'function' || typeof ast.resolvePrecedence !== 'function') return;
  // php-parser does not export its Location and Position: a first node gives them.
  const probe = phpEngine.parseCode('<?php ;', 'probe.php') as unknown as Node;
  const Location = probe.loc?.constructor as new (source: null, start: unknown, end: unknown) => Loc;
  const Position = probe.loc?.start?.constructor as new (line: number, column: number, offset: number) => Loc['start'];
  if (typeof Location !== 'function' || typeof Position !== 'function') return;
  // With extractDoc and debug off, php-parser's own destroy does nothing, and nothing reads the
  // factory's `instance`, `trailingComments`, `postBuild` or `setTrailingComments` (only the
  // doc-comment code php-parser runs with extractDoc does): they are not set.
  const destroy = () => undefined;
  // resolvePrecedence returns any other node as it is, untouched.
  const reordered = new Set(['call', 'propertylookup', 'nullsafepropertylookup', 'staticlookup', 'offsetlookup', 'bin', 'silent', 'cast', 'unary', 'retif', 'assign', 'expressionstatement']);
  ast.prepare = function prepare(kind: string | null, docs: unknown, p: any) {
    const start = p.position();
    // Named parameters and `new` with as many arguments as given, the node's comments and location
    // after them, as php-parser's apply of a copied array does: no array per node.
    const result: any = function (a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown, g?: unknown, h?: unknown, i?: unknown, j?: unknown) {
      const count = arguments.length;
      const prev = p.prev;
      let nodeStart = start;
      let nodeEnd = new Position(prev[0], prev[1], prev[2]);
      // No token consumed between node() and its call (a noop in an empty block): php-parser swaps them.
      if (nodeStart.offset > nodeEnd.offset) {
        nodeStart = nodeEnd;
        nodeEnd = start;
      }
      const loc = new Location(null, nodeStart, nodeEnd);
      // A node without a kind takes it from its first argument (php-parser's "lazy kind").
      const lazy = !kind;
      if (lazy) kind = a as string;
      const type = ast[kind!];
      if (typeof type !== 'function') throw new Error(`Undefined node "${kind}"`);
      let node: any;
      if (lazy || count > 10) {
        const args = Array.prototype.slice.call(arguments, lazy ? 1 : 0);
        args.push(docs, loc);
        node = Object.create(type.prototype);
        type.apply(node, args);
      } else {
        switch (count) {
          case 0: node = new type(docs, loc); break;
          case 1: node = new type(a, docs, loc); break;
          case 2: node = new type(a, b, docs, loc); break;
          case 3: node = new type(a, b, c, docs, loc); break;
          case 4: node = new type(a, b, c, d, docs, loc); break;
          case 5: node = new type(a, b, c, d, e, docs, loc); break;
          case 6: node = new type(a, b, c, d, e, f, docs, loc); break;
          case 7: node = new type(a, b, c, d, e, f, g, docs, loc); break;
          case 8: node = new type(a, b, c, d, e, f, g, h, docs, loc); break;
          case 9: node = new type(a, b, c, d, e, f, g, h, i, docs, loc); break;
          default: node = new type(a, b, c, d, e, f, g, h, i, j, docs, loc);
        }
      }
      return reordered.has(node.kind) ? ast.resolvePrecedence(node, p) : node;
    };
    result.destroy = destroy;
    return result;
  };
  // Every string literal goes through two to three regular-expression replacements of escapes;
  // a text without a backslash has none (each pattern starts with one), most strings of a migration.
  const resolveSpecialChars = parser.resolve_special_chars;
  if (typeof resolveSpecialChars === 'function') {
    parser.resolve_special_chars = function (text: string, doubleQuote: boolean) {
      return text.includes('\\') ? resolveSpecialChars.call(this, text, doubleQuote) : text;
    };
  }
}

/** What the lexer reads a word, a variable's name or a property's name with (`is_LABEL_START`, `is_LABEL`). */
const isLabelStart = (c: number) => (c > 96 && c < 123) || (c > 64 && c < 91) || c === 95 || c > 126;
const isLabelPart = (c: number) => isLabelStart(c) || (c > 47 && c < 58);
const isDigit = (c: number) => c > 47 && c < 58;
const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isNewline = (c: number) => c === 10 || c === 13;

function labelEnd(text: string, from: number, size: number): number {
  let end = from;
  while (end < size && isLabelPart(text.charCodeAt(end))) end++;
  return end;
}

/**
 * Takes text without a line break up to `end` as php-parser's `input()` would, one character at
 * a time; a line break right after it was read and given back by the original (its
 * look-ahead), which leaves the column before it in `yyprevcol`.
 */
function takeWord(lexer: any, end: number, taken: string = lexer._input.slice(lexer.offset, end)): void {
  const loc = lexer.yylloc;
  lexer.yytext += taken;
  loc.last_column += end - lexer.offset;
  lexer.offset = end;
  if (isNewline(lexer._input.charCodeAt(end))) lexer.yyprevcol = loc.last_column;
}

/** Takes one character that is not a line break, as `input()` would, without looking further. */
function takeChar(lexer: any): void {
  lexer.yytext += lexer._input[lexer.offset];
  lexer.offset++;
  lexer.yylloc.last_column++;
}

/** Takes text up to `end` as `input()` would: "\r\n", "\r" and "\n" are each one line break. */
function takeText(lexer: any, end: number): void {
  const text: string = lexer._input;
  const loc = lexer.yylloc;
  let column: number = loc.last_column;
  let line: number = lexer.yylineno;
  let previousColumn: number = lexer.yyprevcol;
  for (let i = lexer.offset; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      line++;
      previousColumn = column;
      column = 0;
    } else {
      column++;
    }
  }
  if (line !== lexer.yylineno) {
    loc.last_line = lexer.yylineno = line;
    lexer.yyprevcol = previousColumn;
  }
  loc.last_column = column;
  lexer.yytext += text.slice(lexer.offset, end);
  lexer.offset = end;
}

/** The end of a quoted string from its opening quote at `at`, or -1 when it needs the original (not closed, or interpolated). */
function quotedEnd(text: string, at: number, size: number, doubleQuoted: boolean): number {
  const quote = text.charCodeAt(at);
  for (let i = at + 1; i < size; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === quote) return i + 1;
    else if (doubleQuoted && ((c === 36 && (text.charCodeAt(i + 1) === 123 || isLabelStart(text.charCodeAt(i + 1)))) || (c === 123 && text.charCodeAt(i + 1) === 36))) return -1;
  }
  return -1;
}

/** The end of a one-line comment whose text starts at `from`: its line break included, a closing tag not. */
function lineCommentEnd(text: string, from: number, size: number): number {
  for (let i = from; i < size; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
    if (c === 63 && text.charCodeAt(i + 1) === 62) return i;
  }
  return size;
}

/** Punctuation the original reads as one character then hands to its table of operators (`consume_TOKEN`). */
const operatorStarts = new Set(';:,\\[])|^&+-*=!~$<>@'.split('').map((c) => c.charCodeAt(0)));

function phpParserVersion(): string | undefined {
  try {
    return (require('php-parser/package.json') as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** The patches below know php-parser 3.7.0's internals; any other version keeps its own code. */
function patchesThisPhpParser(): boolean {
  return phpParserVersion() === '3.7.0';
}

/**
 * php-parser's lexer (3.7.0) reads every token one character at a time, each through a method
 * call that appends it to `yytext`, and reads one character past a word then gives it back.
 * Here the tokens most of a PHP file is made of (blanks, words, variables, quoted strings
 * without interpolation, comments, decimal numbers, punctuation) are found with a scan of the
 * text and taken in one step, leaving the lexer in the very state the original would
 * (offset, text, line, columns, condition stack, even `yyprevcol`): everything else, and
 * anything unusual in these (a name with a backslash, `yield`, `enum`, `b"..."`, a string
 * not closed or interpolated, hexadecimal or decimal points, attributes, closing tags),
 * goes to the original code. test/unit/analysis/phpLexer.test.ts compares the state after
 * every token with the original's on all the PHP of the real applications' mirrors.
 */
export function useFastLexer(phpEngine: Engine): void {
  const lexer = (phpEngine as any).lexer;
  const scripting = lexer?.matchST_IN_SCRIPTING;
  const property = lexer?.matchST_LOOKING_FOR_PROPERTY;
  const terminals = lexer?.tokenTerminals;
  if (!patchesThisPhpParser() || typeof scripting !== 'function' || typeof property !== 'function'
    || typeof lexer.begin !== 'function' || typeof lexer.popState !== 'function' || !terminals || lexer.debug) return;
  const tok = lexer.tok;
  const { T_WHITESPACE, T_STRING, T_VARIABLE, T_CONSTANT_ENCAPSED_STRING, T_COMMENT, T_DOC_COMMENT, T_LNUMBER, T_ENUM, T_OPEN_TAG, T_OPEN_TAG_WITH_ECHO, T_CLOSE_TAG, T_ECHO } = tok;
  if (![T_WHITESPACE, T_STRING, T_VARIABLE, T_CONSTANT_ENCAPSED_STRING, T_COMMENT, T_DOC_COMMENT, T_LNUMBER, T_ENUM, T_OPEN_TAG, T_OPEN_TAG_WITH_ECHO, T_CLOSE_TAG, T_ECHO].every((t) => typeof t === 'number')) return;
  if (typeof lexer.next !== 'function' || typeof lexer.lex !== 'function') return;

  lexer.matchST_IN_SCRIPTING = function matchST_IN_SCRIPTING(this: any) {
    // One call of the original for every case it reads: a case first met after V8 optimized this
    // function then finds the call's feedback there, instead of a call site never run that undoes the optimization.
    fast: {
      const text: string = this._input;
      const at: number = this.offset;
      const size: number = this.size;
      if (at >= size) break fast;
      const c = text.charCodeAt(at);
      if (isLabelStart(c)) {
        const end = labelEnd(text, at + 1, size);
        // A backslash makes a qualified name; `b'...'`, `yield from` and `enum` read further.
        if (text.charCodeAt(end) === 92) break fast;
        const taken = text.slice(at, end);
        const word = taken.toLowerCase();
        let id = this.keywords[word];
        if (typeof id !== 'number') {
          if (word === 'b' || word === 'yield') break fast;
          id = T_STRING;
        } else if (id === T_ENUM) {
          break fast;
        }
        takeWord(this, end, taken);
        return id;
      }
      if (isBlank(c)) {
        let end = at + 1;
        while (end < size && isBlank(text.charCodeAt(end))) end++;
        takeText(this, end);
        return T_WHITESPACE;
      }
      if (c === 36 && isLabelStart(text.charCodeAt(at + 1))) {
        takeWord(this, labelEnd(text, at + 2, size));
        return T_VARIABLE;
      }
      if (c === 39 || c === 34) {
        const end = quotedEnd(text, at, size, c === 34);
        if (end < 0) break fast;
        takeText(this, end);
        return T_CONSTANT_ENCAPSED_STRING;
      }
      if (isDigit(c)) {
        const next = text.charCodeAt(at + 1);
        // 0x1A, 0b1, 0o7: the original's; so are 1_000, 1.5, 1e3 and numbers long enough to overflow.
        if (c === 48 && (next === 120 || next === 88 || next === 98 || next === 66 || next === 111 || next === 79)) break fast;
        let end = at + 1;
        while (end < size && isDigit(text.charCodeAt(end))) end++;
        const after = text.charCodeAt(end);
        if (after === 46 || after === 95 || after === 101 || after === 69 || end - at >= 9) break fast;
        takeWord(this, end);
        return T_LNUMBER;
      }
      // At the text's last character, NaN as charCodeAt() says, without the read past its end that undid V8's optimization.
      const next = at + 1 < size ? text.charCodeAt(at + 1) : NaN;
      // `?>` closes the code; a digit after `.` makes a number, a line break is read and given back.
      if (operatorStarts.has(c) || (c === 63 /* ? */ && next !== 62) || (c === 46 /* . */ && at + 1 < size && !isDigit(next) && !isNewline(next))) {
        takeChar(this);
        const operator = terminals[text[at]];
        return operator ? operator.call(this) : this.yytext;
      }
      if (c === 40 /* ( */ && at + 1 < size && !isNewline(next) && next !== 32 && next !== 9) {
        // The original reads on for a cast, `(int)`, then gives back what it read: a word of two
        // characters or more given back leaves `yyprevcol` at the parenthesis (its recount).
        if (!isLabelStart(next)) {
          takeChar(this);
          return '(';
        }
        const end = labelEnd(text, at + 2, size);
        if (typeof this.castKeywords[text.slice(at + 1, end).toLowerCase()] === 'number') break fast;
        const column: number = this.yylloc.last_column;
        takeChar(this);
        if (end - at > 2) this.yyprevcol = column;
        else if (isNewline(text.charCodeAt(end))) this.yyprevcol = column + 2;
        return '(';
      }
      if (c === 47 /* / */ || c === 35 /* # */) {
        // `#[` opens an attribute; a `/` alone is the original's.
        if (c === 35 ? next === 91 : next !== 47 && next !== 42) break fast;
        if (next === 42) {
          const close = text.indexOf('*/', at + 2);
          if (close < 0) break fast;
          takeText(this, close + 2);
          return text.charCodeAt(at + 2) === 42 && isBlank(text.charCodeAt(at + 3)) ? T_DOC_COMMENT : T_COMMENT;
        }
        if (this.aspTagMode) break fast;
        takeText(this, lineCommentEnd(text, at + 1, size));
        return T_COMMENT;
      }
      if (c === 123 /* { */) {
        takeChar(this);
        this.begin('ST_IN_SCRIPTING');
        return '{';
      }
      if (c === 125 /* } */) {
        takeChar(this);
        if (this.conditionStack.length > 2) this.popState();
        return '}';
      }
    }
    return scripting.call(this);
  };

  lexer.matchST_LOOKING_FOR_PROPERTY = function matchST_LOOKING_FOR_PROPERTY(this: any) {
    const at: number = this.offset;
    if (at >= this.size || !isLabelStart(this._input.charCodeAt(at))) return property.call(this);
    takeWord(this, labelEnd(this._input, at + 1, this.size));
    this.popState();
    return T_STRING;
  };

  // The original's next() and lex() (debug off), but for the state's reader called without an
  // array of arguments per token, and the token numbers read once.
  lexer.next = function next(this: any) {
    if (!this._input) this.done = true;
    const loc = this.yylloc;
    loc.first_offset = this.offset;
    loc.first_line = loc.last_line;
    loc.first_column = loc.last_column;
    this.yytext = '';
    if (this.done) {
      loc.prev_offset = loc.first_offset;
      loc.prev_line = loc.first_line;
      loc.prev_column = loc.first_column;
      return this.EOF;
    }
    let token;
    if (this.tokens.length > 0) {
      token = this.tokens.shift();
      if (typeof token[1] === 'object') this.setState(token[1]);
      else this.consume(token[1]);
      token = token[0];
    } else {
      token = this.stateCb.call(this);
    }
    if (this.offset >= this.size && this.tokens.length === 0) this.done = true;
    return token;
  };
  lexer.lex = function lex(this: any) {
    const loc = this.yylloc;
    loc.prev_offset = this.offset;
    loc.prev_line = loc.last_line;
    loc.prev_column = loc.last_column;
    let token = this.next() || this.lex();
    if (!this.all_tokens) {
      while (token === T_WHITESPACE || (!this.comment_tokens && (token === T_COMMENT || token === T_DOC_COMMENT)) || token === T_OPEN_TAG) {
        token = this.next() || this.lex();
      }
      if (token === T_OPEN_TAG_WITH_ECHO) return T_ECHO;
      if (token === T_CLOSE_TAG) return ';';
    }
    if (!loc.prev_offset) {
      loc.prev_offset = loc.first_offset;
      loc.prev_line = loc.first_line;
      loc.prev_column = loc.first_column;
    }
    return token;
  };

  // The original finds a state's reader by building its method name on every change of state.
  const readers = new Map<string, unknown>();
  const readerOf = (self: any, condition: string) => {
    let reader = readers.get(condition);
    if (reader === undefined) {
      reader = self['match' + condition];
      if (typeof reader === 'function') readers.set(condition, reader);
    }
    return reader;
  };
  lexer.begin = function begin(this: any, condition: string) {
    this.conditionStack.push(condition);
    this.curCondition = condition;
    this.stateCb = readerOf(this, condition);
    if (typeof this.stateCb !== 'function') throw new Error('Undefined condition state "' + condition + '"');
    return this;
  };
  lexer.popState = function popState(this: any) {
    const n = this.conditionStack.length - 1;
    const condition = n > 0 ? this.conditionStack.pop() : this.conditionStack[0];
    this.curCondition = this.conditionStack[this.conditionStack.length - 1];
    this.stateCb = readerOf(this, this.curCondition);
    if (typeof this.stateCb !== 'function') throw new Error('Undefined condition state "' + this.curCondition + '"');
    return condition;
  };
}

/**
 * php-parser 3.7.0 asks, for every argument of every call, whether its token is a keyword with
 * `Object.values(keywords).includes(token)`: an array of ~80 numbers per argument, ~8% of the
 * parse of a migration. The same question to a set of the same values; the rest is its code.
 */
function useKeywordSet(phpEngine: Engine): void {
  const parser = (phpEngine as any).parser;
  if (!patchesThisPhpParser() || typeof parser?.read_argument !== 'function' || !parser.lexer?.keywords) return;
  // The lexer adds or removes `fn` (by PHP version) on every input; no other keyword changes.
  let keywordsRead: Record<string, unknown> | undefined;
  let fnRead: unknown;
  let keywordTokens = new Set<unknown>();
  const isKeyword = (keywords: Record<string, unknown>, token: unknown) => {
    if (keywords !== keywordsRead || keywords.fn !== fnRead) {
      keywordTokens = new Set(Object.values(keywords));
      keywordsRead = keywords;
      fnRead = keywords.fn;
    }
    return keywordTokens.has(token);
  };
  parser.read_argument = function read_argument(this: any) {
    if (this.token === this.tok.T_ELLIPSIS) return this.node('variadic')(this.next().read_expr());
    if (this.token === this.tok.T_STRING || isKeyword(this.lexer.keywords, this.token)) {
      const nextToken = this.peek();
      if (nextToken === ':') {
        if (this.version < 800) this.raiseError('PHP 8+ is required to use named arguments');
        return this.node('namedargument')(this.text(), this.next().next().read_expr());
      }
    }
    return this.read_expr();
  };
}

/**
 * Parses PHP: the fast parser's tree when it accepts the text (the very tree php-parser
 * builds), php-parser's otherwise. Every reader of PHP (analysis, editor, lint, project
 * files) goes through here.
 */
export function parsePhp(path: string, source: string): Node {
  const phpEngine = getEngine();
  if (fastPathOn && fastParser) {
    const tree = fastParser(source);
    if (tree) return tree as Node;
  }
  if (!warmedUp) {
    warmedUp = true;
    phpEngine.parseCode(warmUp, 'warm-up.php');
  }
  return phpEngine.parseCode(source, path) as unknown as Node;
}

/** The fast parser's tree, or undefined where it declines (for the tests that compare it with php-parser). */
export function fastParsePhp(source: string): Node | undefined {
  getEngine();
  return fastParser?.(source) as Node | undefined;
}

/** Turns the fast parser off or on (for the tests and benches that compare both paths); returns the previous setting. */
export function useFastParser(on: boolean): boolean {
  const previous = fastPathOn;
  fastPathOn = on;
  return previous;
}

/**
 * php-parser 3.7.0 never returns on two texts that end mid-construct, as a file being typed
 * does: `enum` or `enum Name` as the very last characters, and an attribute (`#[A`) followed
 * by blanks up to the end. Both loops read one more character until a test of the previous
 * one fails, and at the end of the text nothing more is read, so the test never fails. Here
 * those two endings get the answer the loop would have given had the text gone on with
 * something else: after `enum`, the word that follows decides (PHP's own scanner: `enum`
 * followed by blanks and a name other than extends/implements is the keyword; alone, a
 * name), and the blanks that end an attribute are read as blanks. Any other text, and any
 * other php-parser version, keeps the original code.
 */
function endWhereTheTextEnds(phpEngine: Engine): void {
  const lexer = (phpEngine as any).lexer;
  const word = lexer?.T_STRING;
  const attribute = lexer?.matchST_ATTRIBUTE;
  if (!patchesThisPhpParser() || typeof word !== 'function' || typeof attribute !== 'function'
    || typeof lexer.tok?.T_ENUM !== 'number' || typeof lexer.tok?.T_STRING !== 'number') return;
  lexer.T_STRING = function T_STRING(this: any) {
    if (this.version >= 801 && this.yytext.toLowerCase() === 'enum') {
      const text: string = this._input;
      const size: number = this.size;
      if (this.offset >= size) return this.tok.T_STRING;
      // Only spaces are skipped after `enum`, then a name up to the very end of the text.
      let at = this.offset;
      while (at < size && text.charCodeAt(at) === 32) at++;
      if (at < size && isLabelStart(text.charCodeAt(at)) && labelEnd(text, at + 1, size) === size) {
        const name = text.slice(at, size).toLowerCase();
        return name === 'extends' || name === 'implements' ? this.tok.T_STRING : this.tok.T_ENUM;
      }
    }
    return word.call(this);
  };
  lexer.matchST_ATTRIBUTE = function matchST_ATTRIBUTE(this: any) {
    const text: string = this._input;
    const size: number = this.size;
    let at = this.offset;
    // Blanks up to the very end only (most calls stop at the first character).
    while (at < size && isBlank(text.charCodeAt(at))) at++;
    if (at === size && this.offset < size) {
      // What the original's loop reads before it would give the next character back.
      while (this.offset < size) this.input();
      return null;
    }
    return attribute.call(this);
  };
}

/** Thrown when php-parser stops making progress: the file is then read as a syntax error. */
export class ParserGoingRound extends Error {}

/**
 * Other texts send php-parser round forever (`namespace` inside a function body, typed while
 * it is being written, is one: its error recovery reports the word without moving past it,
 * and the statement loop asks again). Whatever the text, a loop that makes no progress reads
 * the same position again and again: 10,000 errors at one position of the text, or 10,000
 * reads past its end, mean the original never returns. The parse then stops with
 * ParserGoingRound, which the analysis reports as a syntax error (nothing of the file read),
 * instead of hanging the editor or the command. A parse that ends is not changed in any way.
 */
function stopGoingRound(phpEngine: Engine): void {
  const parser = (phpEngine as any).parser;
  const lexer = (phpEngine as any).lexer;
  const raiseError = parser?.raiseError;
  const input = lexer?.input;
  const setInput = lexer?.setInput;
  if (typeof raiseError !== 'function' || typeof input !== 'function' || typeof setInput !== 'function') return;
  const limit = 10_000;
  let errorsAt = -1;
  let errorsHere = 0;
  let readsPastEnd = 0;
  const goingRound = (): never => {
    throw new ParserGoingRound(`php-parser went round in circles at line ${lexer.yylloc?.first_line ?? '?'} and was stopped; the file is not read`);
  };
  lexer.setInput = function (this: any, text: string) {
    errorsAt = -1;
    errorsHere = 0;
    readsPastEnd = 0;
    return setInput.call(this, text);
  };
  lexer.input = function (this: any) {
    if (this.offset >= this.size && ++readsPastEnd > limit) goingRound();
    return input.call(this);
  };
  parser.raiseError = function (this: any, ...args: unknown[]) {
    if (this.lexer.offset !== errorsAt) {
      errorsAt = this.lexer.offset;
      errorsHere = 0;
    } else if (++errorsHere > limit) goingRound();
    return raiseError.apply(this, args);
  };
}

