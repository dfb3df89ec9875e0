// A parser for the small part of PHP that migration files are made of, which builds exactly the
// tree php-parser 3.7.0 builds (same kinds, fields, values and locations, the same node
// constructors and prototypes), and declines anything else: php-parser then parses the file as
// before. It follows php-parser's own reading of each construct step by step (where a node
// starts, which token ends it, the locations its precedence resolution moves or shares, the
// statement's `;` added to its expression), so that whatever it accepts is php-parser's tree;
// test/unit/analysis/phpFastParser.test.ts compares the two on every PHP file at hand.
// It is pure (no vscode), linear in the text, and never throws: a text it is unsure of is declined.

/** Thrown inside the parser to give the text back to php-parser; never leaves fastParse. */
const DECLINE = { declined: true };
function decline(): never {
  throw DECLINE;
}

// Token kinds of this reader (not php-parser's numbers).
const EOF: number = 0, WORD: number = 1, NAME_Q: number = 2, NAME_FQ: number = 3, VAR: number = 4, STR: number = 5, NUM: number = 6;
const SEMI: number = 10, COMMA: number = 11, LPAREN: number = 12, RPAREN: number = 13, LBRACK: number = 14, RBRACK: number = 15, LBRACE: number = 16, RBRACE: number = 17;
const COLON: number = 18, DCOLON: number = 19, ARROW: number = 20, NSARROW: number = 21, DARROW: number = 22, QUESTION: number = 23, ASSIGN: number = 24;
const INC: number = 25, DEC: number = 26, NOT: number = 27, PLUS: number = 28, MINUS: number = 29;
// Binary operators (read_expr's, in its order of tests) and compound assignments.
const BIN_BASE: number = 40; // BIN_BASE + index in binTypes
const binTypes = ['.', '+', '-', '*', '/', '%', '**', '&&', '||', '===', '!==', '==', '!=', '<', '>', '<=', '>=', '??'];
const ASSIGN_BASE: number = 70;
const assignTypes = ['.=', '+=', '-=', '*=', '/=', '??='];
const binCode = (type: string) => BIN_BASE + binTypes.indexOf(type);
const assignCode = (type: string) => ASSIGN_BASE + assignTypes.indexOf(type);

const isLabelStart = (c: number) => (c > 96 && c < 123) || (c > 64 && c < 91) || c === 95 || c > 126;
const isLabelPart = (c: number) => isLabelStart(c) || (c > 47 && c < 58);
const isDigit = (c: number) => c > 47 && c < 58;

/** Words php-parser's lexer reads as a cast inside parentheses: a parenthesis before one of them is declined. */
const castWords = new Set(['int', 'integer', 'bool', 'boolean', 'float', 'double', 'real', 'string', 'binary', 'array', 'object', 'unset']);

/** Kinds php-parser's factory hands to resolvePrecedence (it returns any other node as it is). */
const reordered = new Set(['call', 'propertylookup', 'nullsafepropertylookup', 'staticlookup', 'offsetlookup', 'bin', 'silent', 'cast', 'unary', 'retif', 'assign', 'expressionstatement']);

/** Nesting beyond this is declined: php-parser's own path keeps its handling of very deep texts. */
const maxDepth = 120;

export type FastParse = (source: string) => any | undefined;

/**
 * The fast parser for an engine set up with {extractDoc: false, suppressErrors: true, php8}
 * and {withPositions: true, withSource: false}: undefined when the engine is not php-parser
 * 3.7.0 as the caller checked, or lacks what the tree is built with.
 */
export function makeFastParser(engine: any): FastParse | undefined {
  const ast = engine?.ast;
  const parser = engine?.parser;
  const lexer = engine?.lexer;
  if (!ast || !parser || !lexer || ast.withPositions !== true || ast.withSource || parser.extractDoc || !parser.suppressErrors) return undefined;
  if (typeof ast.resolvePrecedence !== 'function' || typeof parser.resolve_special_chars !== 'function' || !lexer.keywords || !lexer.tok) return undefined;
  const probe = engine.parseCode('<?php ;', 'probe.php');
  const Location = probe?.loc?.constructor as new (source: null, start: any, end: any) => any;
  const Position = probe?.loc?.start?.constructor as new (line: number, column: number, offset: number) => any;
  if (typeof Location !== 'function' || typeof Position !== 'function') return undefined;
  const tok = lexer.tok;
  const T_STRING: number = tok.T_STRING;
  const identifierTokens: Map<unknown, unknown> | undefined = parser.entries?.IDENTIFIER;
  const typeNames: string[] | undefined = ast.typereference?.types;
  const kinds = ['program', 'namespace', 'usegroup', 'useitem', 'return', 'new', 'class', 'propertystatement', 'property', 'method', 'closure', 'arrowfunc',
    'parameter', 'typereference', 'name', 'selfreference', 'parentreference', 'block', 'expressionstatement', 'call', 'staticlookup', 'propertylookup',
    'nullsafepropertylookup', 'identifier', 'variable', 'string', 'number', 'boolean', 'nullkeyword', 'array', 'entry', 'if', 'foreach', 'bin', 'unary',
    'assign', 'retif', 'post', 'namedargument', 'declare', 'declaredirective', 'classconstant', 'constant', 'try', 'catch', 'throw'];
  if (!identifierTokens || !Array.isArray(typeNames) || kinds.some((kind) => typeof ast[kind] !== 'function')) return undefined;
  const { T_FUNCTION, T_FN, T_STATIC, T_NEW, T_CLASS, T_EXTENDS, T_IMPLEMENTS, T_RETURN, T_IF, T_ELSE, T_ELSEIF, T_FOREACH, T_AS, T_USE,
    T_NAMESPACE, T_ARRAY, T_CALLABLE, T_PUBLIC, T_PROTECTED, T_PRIVATE, T_ABSTRACT, T_FINAL, T_CONST, T_DECLARE, T_TRY, T_CATCH, T_FINALLY, T_THROW } = tok;
  const K = {
    program: ast.program, namespace: ast.namespace, usegroup: ast.usegroup, useitem: ast.useitem, return: ast.return, new: ast.new, class: ast.class,
    propertystatement: ast.propertystatement, property: ast.property, method: ast.method, closure: ast.closure, arrowfunc: ast.arrowfunc,
    parameter: ast.parameter, typereference: ast.typereference, name: ast.name, selfreference: ast.selfreference, parentreference: ast.parentreference,
    block: ast.block, expressionstatement: ast.expressionstatement, call: ast.call, staticlookup: ast.staticlookup, propertylookup: ast.propertylookup,
    nullsafepropertylookup: ast.nullsafepropertylookup, identifier: ast.identifier, variable: ast.variable, string: ast.string, number: ast.number,
    boolean: ast.boolean, nullkeyword: ast.nullkeyword, array: ast.array, entry: ast.entry, if: ast.if, foreach: ast.foreach, bin: ast.bin,
    unary: ast.unary, assign: ast.assign, retif: ast.retif, post: ast.post, namedargument: ast.namedargument,
    declare: ast.declare, declaredirective: ast.declaredirective, classconstant: ast.classconstant, constant: ast.constant,
    try: ast.try, catch: ast.catch, throw: ast.throw,
  };
  const declareModeNone = ast.declare.MODE_NONE;
  if (typeof declareModeNone !== 'string') return undefined;
  const resolveSpecialChars = (text: string, doubleQuote: boolean): string => parser.resolve_special_chars(text, doubleQuote);

  // The reader's state: the text, the current token and where the previous one ended.
  let src = '';
  let size = 0;
  let at = 0; // where the reader goes on
  let line = 1;
  let lineStart = 0;
  let tk = EOF; // current token's kind
  let kw = 0; // a word's php-parser token (T_STRING or a keyword's)
  let ts = 0, te = 0, tsLine = 1, tsColumn = 0, teLine = 1, teColumn = 0;
  let prevLine = 1, prevColumn = 0, prevOffset = 0;
  let afterArrow = false; // after -> or ?->, a word is a property name (php-parser's ST_LOOKING_FOR_PROPERTY)
  let depth = 0;

  /** Blanks and comments, as php-parser's lexer skips them; declines on `?>` in a comment, `#[`, an unclosed comment. */
  function skipTrivia(): void {
    for (;;) {
      if (at >= size) return;
      const c = src.charCodeAt(at);
      if (c === 32 || c === 9) {
        at++;
      } else if (c === 10) {
        at++;
        line++;
        lineStart = at;
      } else if (c === 13) {
        at++;
        if (src.charCodeAt(at) === 10) at++;
        line++;
        lineStart = at;
      } else if (c === 35 || (c === 47 && src.charCodeAt(at + 1) === 47)) {
        if (afterArrow) decline();
        if (c === 35 && src.charCodeAt(at + 1) === 91) decline();
        at += c === 35 ? 1 : 2;
        for (;;) {
          if (at >= size) return;
          const d = src.charCodeAt(at);
          if (d === 10) { at++; line++; lineStart = at; break; }
          if (d === 13) { at++; if (src.charCodeAt(at) === 10) at++; line++; lineStart = at; break; }
          if (d === 63 && src.charCodeAt(at + 1) === 62) decline();
          at++;
        }
      } else if (c === 47 && src.charCodeAt(at + 1) === 42) {
        if (afterArrow) decline();
        const close = src.indexOf('*/', at + 2);
        if (close < 0) decline();
        countLines(at + 2, close);
        at = close + 2;
      } else {
        return;
      }
    }
  }

  /** Line breaks between two offsets ("\r\n", "\r" and "\n" each one, as php-parser counts). */
  function countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const c = src.charCodeAt(i);
      if (c === 10) {
        line++;
        lineStart = i + 1;
      } else if (c === 13) {
        if (src.charCodeAt(i + 1) === 10) i++;
        line++;
        lineStart = i + 1;
      }
    }
  }

  function labelEnd(from: number): number {
    let end = from;
    while (end < size && isLabelPart(src.charCodeAt(end))) end++;
    return end;
  }

  /** Reads the next token (php-parser's next(): the previous token's end is kept first). */
  function next(): void {
    prevLine = teLine;
    prevColumn = teColumn;
    prevOffset = te;
    skipTrivia();
    const property = afterArrow;
    afterArrow = false;
    ts = at;
    tsLine = line;
    tsColumn = at - lineStart;
    if (at >= size) {
      tk = EOF;
      te = at;
      teLine = line;
      teColumn = tsColumn;
      return;
    }
    const c = src.charCodeAt(at);
    if (isLabelStart(c)) {
      const end = labelEnd(at + 1);
      if (property) {
        tk = WORD;
        kw = T_STRING;
        at = end;
      } else {
        const word = src.slice(at, end).toLowerCase();
        const id = lexer.keywords[word];
        if (word === 'enum' || word === 'yield' || word === 'b' || word === '__halt_compiler') decline();
        if (src.charCodeAt(end) === 92) {
          if (typeof id === 'number') decline();
          at = end;
          while (src.charCodeAt(at) === 92) {
            if (!isLabelStart(src.charCodeAt(at + 1))) decline();
            at = labelEnd(at + 2);
          }
          tk = NAME_Q;
        } else {
          tk = WORD;
          kw = typeof id === 'number' ? id : T_STRING;
          at = end;
        }
      }
    } else if (c === 36) {
      if (!isLabelStart(src.charCodeAt(at + 1))) decline();
      tk = VAR;
      at = labelEnd(at + 2);
    } else if (c === 39 || c === 34) {
      readString(c);
    } else if (isDigit(c)) {
      readNumber(c);
    } else if (c === 92) {
      if (!isLabelStart(src.charCodeAt(at + 1))) decline();
      at = labelEnd(at + 2);
      while (src.charCodeAt(at) === 92) {
        if (!isLabelStart(src.charCodeAt(at + 1))) decline();
        at = labelEnd(at + 2);
      }
      tk = NAME_FQ;
    } else {
      readOperator(c);
    }
    te = at;
    teLine = line;
    teColumn = at - lineStart;
  }

  function readString(quote: number): void {
    let i = at + 1;
    for (;;) {
      if (i >= size) decline();
      const c = src.charCodeAt(i);
      if (c === quote) break;
      if (c === 92) i++;
      else if (quote === 34 && (c === 36 || c === 123)) decline();
      i++;
    }
    if (i >= size) decline();
    countLines(at + 1, i);
    at = i + 1;
    tk = STR;
  }

  function readNumber(c: number): void {
    const second = src.charCodeAt(at + 1);
    if (c === 48 && (second === 120 || second === 88 || second === 98 || second === 66 || second === 111 || second === 79)) decline();
    let i = at + 1;
    while (i < size && isDigit(src.charCodeAt(i))) i++;
    if (src.charCodeAt(i) === 46 && isDigit(src.charCodeAt(i + 1))) {
      i += 2;
      while (i < size && isDigit(src.charCodeAt(i))) i++;
    }
    const after = src.charCodeAt(i);
    // 1.5.5, 5., 1e3, 1_000, 10a: php-parser's own reading.
    if (after === 46 || isLabelPart(after)) decline();
    at = i;
    tk = NUM;
  }

  function readOperator(c: number): void {
    const c1 = src.charCodeAt(at + 1);
    const c2 = src.charCodeAt(at + 2);
    let length = 1;
    switch (c) {
      case 59: tk = SEMI; break;
      case 44: tk = COMMA; break;
      case 40: {
        // `(int)` and the like are casts: declined, as are the spaces php-parser reads round them.
        let i = at + 1;
        while (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9) i++;
        if (isLabelStart(src.charCodeAt(i))) {
          const end = labelEnd(i + 1);
          if (castWords.has(src.slice(i, end).toLowerCase())) {
            // A typed parameter, `(array $x`, is no cast; anything else near one is php-parser's.
            let j = end;
            while (src.charCodeAt(j) === 32 || src.charCodeAt(j) === 9) j++;
            if (src.charCodeAt(j) !== 36 || j === end) decline();
          }
        }
        tk = LPAREN;
        break;
      }
      case 41: tk = RPAREN; break;
      case 91: tk = LBRACK; break;
      case 93: tk = RBRACK; break;
      case 123: tk = LBRACE; break;
      case 125: tk = RBRACE; break;
      case 58: if (c1 === 58) { tk = DCOLON; length = 2; } else tk = COLON; break;
      case 45: // -
        if (c1 === 62) { tk = ARROW; length = 2; afterArrow = true; } else if (c1 === 45) { tk = DEC; length = 2; } else if (c1 === 61) { tk = assignCode('-='); length = 2; } else tk = MINUS;
        break;
      case 43: // +
        if (c1 === 43) { tk = INC; length = 2; } else if (c1 === 61) { tk = assignCode('+='); length = 2; } else tk = PLUS;
        break;
      case 63: // ?
        if (c1 === 45 && c2 === 62) { tk = NSARROW; length = 3; afterArrow = true; } else if (c1 === 63) {
          if (c2 === 61) { tk = assignCode('??='); length = 3; } else { tk = binCode('??'); length = 2; }
        } else if (c1 === 62) decline(); else tk = QUESTION;
        break;
      case 61: // =
        if (c1 === 61) { if (c2 === 61) { tk = binCode('==='); length = 3; } else { tk = binCode('=='); length = 2; } } else if (c1 === 62) { tk = DARROW; length = 2; } else tk = ASSIGN;
        break;
      case 33: // !
        if (c1 === 61) { if (c2 === 61) { tk = binCode('!=='); length = 3; } else { tk = binCode('!='); length = 2; } } else tk = NOT;
        break;
      case 46: // .
        if (c1 === 61) { tk = assignCode('.='); length = 2; } else if (c1 === 46 || isDigit(c1)) decline(); else tk = binCode('.');
        break;
      case 42: // *
        if (c1 === 42) decline(); else if (c1 === 61) { tk = assignCode('*='); length = 2; } else tk = binCode('*');
        break;
      case 47: // / (comments were skipped)
        if (c1 === 61) { tk = assignCode('/='); length = 2; } else tk = binCode('/');
        break;
      case 37: if (c1 === 61) decline(); tk = binCode('%'); break;
      case 38: if (c1 === 38) { tk = binCode('&&'); length = 2; } else decline(); break;
      case 124: if (c1 === 124) { tk = binCode('||'); length = 2; } else decline(); break;
      case 60: // <
        if (c1 === 60 || c1 === 62) decline(); else if (c1 === 61) { if (c2 === 62) decline(); tk = binCode('<='); length = 2; } else tk = binCode('<');
        break;
      case 62: // >
        if (c1 === 62) decline(); else if (c1 === 61) { tk = binCode('>='); length = 2; } else tk = binCode('>');
        break;
      default:
        decline();
    }
    at += length;
  }

  /** The current token's start: where php-parser's node() would start a node now. */
  const position = () => new Position(tsLine, tsColumn, ts);

  /** The location php-parser's factory gives a node started at `start` and finished now. */
  function locFrom(start: any): any {
    let end = new Position(prevLine, prevColumn, prevOffset);
    if (start.offset > end.offset) {
      const swapped = start;
      start = end;
      end = swapped;
    }
    return new Location(null, start, end);
  }

  function done<T>(node: T & { kind: string }): T {
    return reordered.has(node.kind) ? ast.resolvePrecedence(node, null) : node;
  }

  /** php-parser's includeToken: the node's end moved (in place: its end may be shared) to the current token's end. */
  function includeToken(node: any): void {
    const end = node.loc.end;
    end.line = teLine;
    end.column = teColumn;
    end.offset = te;
  }

  const text = () => src.slice(ts, te);

  /** An identifier node of the current token (a variable's name without its `$`), the token read. */
  function identifierHere(variable: boolean): any {
    const start = position();
    const name = variable ? src.slice(ts + 1, te) : text();
    next();
    return done(new K.identifier(name, null, locFrom(start)));
  }
  function expect(kind: number): void {
    if (tk !== kind) decline();
  }
  function expectWord(id: number): void {
    if (tk !== WORD || kw !== id) decline();
  }
  const isWord = (id: number) => tk === WORD && kw === id;

  /** The token after the current one is a lone `:` (a named argument or a label). */
  function colonFollows(): boolean {
    const i = skipBlanks(te);
    return src.charCodeAt(i) === 58 && src.charCodeAt(i + 1) !== 58;
  }

  function enter(): void {
    if (++depth > maxDepth) decline();
  }

  // ---- statements ----

  function readTopStatement(): any {
    if (tk === WORD) {
      if (kw === T_USE) return readUseStatement();
      if (kw === T_CLASS) return readClassDeclaration();
      if (kw === T_NAMESPACE) return readNamespace();
      if (kw === T_FUNCTION || kw === T_ABSTRACT || kw === T_FINAL || kw === tok.T_READ_ONLY || kw === tok.T_INTERFACE || kw === tok.T_TRAIT || kw === tok.T_CONST) decline();
    }
    return readStatement();
  }

  function readTopStatements(stopAtNamespace: boolean): any[] {
    const result: any[] = [];
    while (tk !== EOF && tk !== RBRACE) {
      if (stopAtNamespace && isWord(T_NAMESPACE)) break;
      const statement = readTopStatement();
      if (statement) result.push(statement);
    }
    return result;
  }

  function readNamespace(): any {
    const start = position();
    next();
    const name = readNamespaceName(false);
    if (tk !== SEMI) decline();
    next();
    const body = readTopStatements(true);
    return done(new K.namespace(name.name, body, false, null, locFrom(start)));
  }

  function readUseStatement(): any {
    const start = position();
    next();
    if (isWord(T_FUNCTION) || isWord(tok.T_CONST)) decline();
    const items = [readUseDeclaration()];
    if (tk === COMMA) {
      next();
      items.push(readUseDeclaration());
      while (tk === COMMA) {
        next();
        if (tk !== WORD && tk !== NAME_Q && tk !== NAME_FQ) break;
        items.push(readUseDeclaration());
      }
    } else if (tk === LBRACE) {
      decline();
    }
    const result = done(new K.usegroup(null, null, items, null, locFrom(start)));
    expect(SEMI);
    next();
    return result;
  }

  function readUseDeclaration(): any {
    const start = position();
    const name = readNamespaceName(false);
    let alias = null;
    if (isWord(T_AS)) {
      next();
      if (!(tk === WORD && kw === T_STRING)) decline();
      alias = identifierHere(false);
    }
    return done(new K.useitem(name.name, alias, null, null, locFrom(start)));
  }

  function readClassDeclaration(): any {
    const start = position();
    next();
    if (!(tk === WORD && kw === T_STRING)) decline();
    const propName = identifierHere(false);
    const ext = readExtendsFrom();
    if (isWord(T_IMPLEMENTS)) decline();
    expect(LBRACE);
    next();
    const body = readClassBody();
    const node = done(new K.class(propName, ext, null, body, [0, 0, 0, 0], null, locFrom(start)));
    node.attrGroups = [];
    return node;
  }

  function readExtendsFrom(): any {
    if (isWord(T_EXTENDS)) {
      next();
      return readNamespaceName(false);
    }
    return null;
  }

  function readClassBody(): any[] {
    const result: any[] = [];
    while (tk !== EOF && tk !== RBRACE) {
      if (isWord(T_USE)) decline();
      const locStart = position();
      const flags = readMemberFlags();
      if (isWord(T_CONST)) {
        result.push(readConstantList(flags, locStart));
        expect(SEMI);
        next();
      } else if (isWord(T_FUNCTION)) {
        result.push(readMethod(flags, locStart));
      } else if (tk === VAR) {
        result.push(readPropertyList(flags, locStart));
      } else {
        decline();
      }
    }
    expect(RBRACE);
    next();
    return result;
  }

  function readMemberFlags(): any[] {
    const result: any[] = [[-1, -1], 0, 0, 0];
    let seenVisibility = false;
    let seenStatic = false;
    for (;;) {
      if (tk !== WORD) return result;
      if (kw === T_PUBLIC || kw === T_PROTECTED || kw === T_PRIVATE) {
        if (seenVisibility) decline();
        seenVisibility = true;
        result[0][0] = kw === T_PUBLIC ? 0 : kw === T_PROTECTED ? 1 : 2;
        next();
        if (tk === LPAREN) decline();
      } else if (kw === T_STATIC) {
        if (seenStatic) decline();
        seenStatic = true;
        result[1] = 1;
        next();
      } else if (kw === T_ABSTRACT || kw === T_FINAL || kw === tok.T_READ_ONLY || kw === tok.T_VAR) {
        decline();
      } else {
        return result;
      }
    }
  }

  function readPropertyList(flags: any[], locStart: any): any {
    const statementStart = position();
    const properties: any[] = [];
    for (;;) {
      const start = position();
      expect(VAR);
      const propName = identifierHere(true);
      let value = null;
      if (tk === ASSIGN) {
        next();
        value = readExpr();
      }
      if (tk !== SEMI && tk !== COMMA) decline();
      properties.push(done(new K.property(propName, value, false, false, null, [], [], null, locFrom(start))));
      if (tk !== COMMA) break;
      next();
      if (tk === EOF) break;
    }
    const statement = done(new K.propertystatement(null, properties, flags, null, locFrom(statementStart)));
    statement.loc.start = locStart;
    if (tk === SEMI) next();
    return statement;
  }

  /** read_constant_list: `const A = 1, B = 2` in a class body (untyped; its `;` is the caller's). */
  function readConstantList(flags: any[], locStart: any): any {
    const start = position();
    next();
    if (flags[1] === 1) decline();
    // A typed constant (`const string A`): php-parser's.
    if (src.charCodeAt(skipBlanks(te)) !== 61) decline();
    const items: any[] = [];
    for (;;) {
      const itemStart = position();
      if (tk !== WORD || (kw !== T_STRING && !identifierTokens!.has(kw))) decline();
      const constName = identifierHere(false);
      expect(ASSIGN);
      next();
      const value = readExpr();
      items.push(done(new K.constant(constName, value, null, locFrom(itemStart))));
      if (tk !== COMMA) break;
      next();
      if (tk === EOF) break;
    }
    const node = done(new K.classconstant(null, items, flags, false, null, [], null, locFrom(start)));
    node.loc.start = locStart;
    return node;
  }

  function readMethod(flags: any[], locStart: any): any {
    const start = position();
    next();
    if (tk !== WORD || (kw !== T_STRING && !identifierTokens!.has(kw))) decline();
    const nameNode = identifierHere(false);
    const params = readParameterList();
    const returnType = readReturnType();
    const nullable = returnNullable;
    const result = done(new K.method(nameNode, params, false, returnType, nullable, null, locFrom(start)));
    result.attrGroups = [];
    result.loc.start = locStart;
    readFunctionBody(result);
    result.parseFlags(flags);
    return result;
  }

  function readStatement(): any {
    enter();
    try {
      if (tk === LBRACE) return readCodeBlock();
      if (tk === SEMI) {
        next();
        return null;
      }
      if (tk === WORD) {
        if (kw === T_IF) return readIf();
        if (kw === T_FOREACH) return readForeach();
        if (kw === T_DECLARE) return readDeclare();
        if (kw === T_TRY) return readTry();
        if (kw === T_THROW) {
          const start = position();
          next();
          const expr = readExpr();
          expectEndOfStatement(null);
          return done(new K.throw(expr, null, locFrom(start)));
        }
        if (kw === T_RETURN) {
          const start = position();
          next();
          const expr = tk !== SEMI ? readExpr() : null;
          expectEndOfStatement(null);
          return done(new K.return(expr, null, locFrom(start)));
        }
        if (kw === T_STRING) {
          if (colonFollows()) decline();
        } else if (kw !== T_NEW && kw !== T_FUNCTION && kw !== T_FN && kw !== T_ARRAY) {
          decline();
        }
      }
      const start = position();
      const expr = readExpr();
      expectEndOfStatement(expr);
      return done(new K.expressionstatement(expr, null, locFrom(start)));
    } finally {
      depth--;
    }
  }

  function expectEndOfStatement(node: any): void {
    expect(SEMI);
    if (node) includeToken(node);
    next();
  }

  function readCodeBlock(): any {
    const start = position();
    expect(LBRACE);
    next();
    const body: any[] = [];
    while (tk !== EOF && tk !== RBRACE) {
      // php-parser reads a function or a class there as a declaration, whatever follows.
      if (tk === WORD && (kw === T_FUNCTION || kw === T_CLASS || kw === T_ABSTRACT || kw === T_FINAL || kw === tok.T_INTERFACE || kw === tok.T_TRAIT)) decline();
      const statement = readStatement();
      if (statement) body.push(statement);
    }
    expect(RBRACE);
    next();
    return done(new K.block(null, body, null, locFrom(start)));
  }

  /** Where the next token starts after `from`: blanks and comments skipped, as skipTrivia does, without moving the reader. */
  function skipBlanks(from: number): number {
    let i = from;
    for (;;) {
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        i++;
      } else if (c === 35 || (c === 47 && src.charCodeAt(i + 1) === 47)) {
        if (c === 35 && src.charCodeAt(i + 1) === 91) decline();
        for (;;) {
          i++;
          if (i >= size) return i;
          const d = src.charCodeAt(i);
          if (d === 10 || d === 13) break;
          if (d === 63 && src.charCodeAt(i + 1) === 62) decline();
        }
      } else if (c === 47 && src.charCodeAt(i + 1) === 42) {
        const close = src.indexOf('*/', i + 2);
        if (close < 0) decline();
        i = close + 2;
      } else {
        return i;
      }
    }
  }

  /** `declare(strict_types=1);` (a block or short form is php-parser's). */
  function readDeclare(): any {
    const start = position();
    next();
    expect(LPAREN);
    next();
    const directives: any[] = [];
    while (tk !== EOF && tk !== RPAREN) {
      if (!(tk === WORD && kw === T_STRING)) decline();
      const directiveStart = position();
      const key = identifierHere(false);
      expect(ASSIGN);
      next();
      const value = readExpr();
      directives.push(done(new K.declaredirective(key, value, null, locFrom(directiveStart))));
      if (tk !== COMMA) break;
      next();
    }
    expect(RPAREN);
    next();
    expect(SEMI);
    next();
    return done(new K.declare(directives, [], declareModeNone, null, locFrom(start)));
  }

  function readTry(): any {
    const start = position();
    next();
    const body = readStatement();
    const catches: any[] = [];
    while (isWord(T_CATCH)) {
      const itemStart = position();
      next();
      expect(LPAREN);
      next();
      const what = [readNamespaceName(false)];
      let variable = null;
      if (tk === VAR) variable = readVariable();
      expect(RPAREN);
      next();
      const catchBody = readStatement();
      catches.push(done(new K.catch(catchBody, what, variable, null, locFrom(itemStart))));
    }
    let always = null;
    if (isWord(T_FINALLY)) {
      next();
      always = readStatement();
    }
    return done(new K.try(body, catches, always, null, locFrom(start)));
  }

  function readIf(): any {
    const start = position();
    next();
    expect(LPAREN);
    next();
    const test = readExpr();
    expect(RPAREN);
    next();
    if (tk === COLON) decline();
    const body = readStatement();
    let alternate = null;
    if (isWord(T_ELSEIF)) {
      alternate = readIf();
    } else if (isWord(T_ELSE)) {
      next();
      if (tk === COLON) decline();
      alternate = readStatement();
    }
    return done(new K.if(test, body, alternate, false, null, locFrom(start)));
  }

  function readForeach(): any {
    const start = position();
    next();
    expect(LPAREN);
    next();
    const source = readExpr();
    let key = null;
    let value = null;
    expectWord(T_AS);
    next();
    value = readForeachVariable();
    if (tk === DARROW) {
      key = value;
      next();
      value = readForeachVariable();
    }
    expect(RPAREN);
    next();
    if (tk === COLON) decline();
    const body = readStatement();
    return done(new K.foreach(source, key, value, body, false, null, locFrom(start)));
  }

  function readForeachVariable(): any {
    if (tk !== VAR) decline();
    return readVariable();
  }

  // ---- expressions ----

  function readExpr(): any {
    enter();
    try {
      const start = position();
      const expr = readExprItem();
      if (tk >= BIN_BASE && tk < BIN_BASE + binTypes.length) {
        const type = binTypes[tk - BIN_BASE];
        next();
        const right = readExpr();
        return done(new K.bin(type, expr, right, null, locFrom(start)));
      }
      if (tk === PLUS || tk === MINUS) {
        const type = tk === PLUS ? '+' : '-';
        next();
        const right = readExpr();
        return done(new K.bin(type, expr, right, null, locFrom(start)));
      }
      if (tk === NSARROW) decline();
      if (tk === QUESTION) {
        next();
        let trueArg = null;
        if (tk !== COLON) trueArg = readExpr();
        expect(COLON);
        next();
        const falseExpr = readExpr();
        return done(new K.retif(expr, trueArg, falseExpr, null, locFrom(start)));
      }
      return expr;
    } finally {
      depth--;
    }
  }

  function readExprItem(): any {
    switch (tk) {
      case PLUS:
      case MINUS:
      case NOT: {
        const type = tk === PLUS ? '+' : tk === MINUS ? '-' : '!';
        const start = position();
        next();
        const what = readExpr();
        return done(new K.unary(type, what, null, locFrom(start)));
      }
      case LPAREN: {
        next();
        const expr = readExpr();
        expr.parenthesizedExpression = true;
        expect(RPAREN);
        next();
        return handleDereferencable(expr);
      }
      case VAR:
      case WORD:
      case NAME_Q:
      case NAME_FQ:
        break;
      case STR:
      case NUM:
      case LBRACK:
        return readScalarItem();
      default:
        decline();
    }
    if (tk === WORD && kw !== T_STRING) {
      if (kw === T_NEW) {
        const expr = readNewExpr();
        if (tk === ARROW) decline();
        return handleDereferencable(expr);
      }
      if (kw === T_FUNCTION || kw === T_FN) return readInlineFunction(false);
      if (kw === T_STATIC) {
        const after = src.charCodeAt(skipBlanks(te));
        // `static function` or `static fn`; `static::` and the rest are php-parser's.
        if (after !== 102 && after !== 70) decline();
        next();
        if (!(tk === WORD && (kw === T_FUNCTION || kw === T_FN))) decline();
        return readInlineFunction(true);
      }
      if (kw === T_ARRAY) return readScalarItem();
      decline();
    }
    // is("VARIABLE"): a variable, a name or a constant, then what may be assigned to it.
    const start = position();
    const expr = readVariable();
    const isConst = expr.kind === 'identifier' || (expr.kind === 'staticlookup' && expr.offset.kind === 'identifier');
    if (tk === ASSIGN) {
      if (isConst) decline();
      next();
      const right = readExpr();
      return done(new K.assign(expr, right, '=', null, locFrom(start)));
    }
    if (tk >= ASSIGN_BASE && tk < ASSIGN_BASE + assignTypes.length) {
      if (isConst) decline();
      const operator = assignTypes[tk - ASSIGN_BASE];
      next();
      const right = readExpr();
      return done(new K.assign(expr, right, operator, null, locFrom(start)));
    }
    if (tk === INC || tk === DEC) {
      if (isConst) decline();
      const type = tk === INC ? '+' : '-';
      next();
      return done(new K.post(type, expr, null, locFrom(start)));
    }
    return expr;
  }

  function readScalarItem(): any {
    let expr;
    if (tk === NUM) {
      const start = position();
      const value = text();
      next();
      expr = done(new K.number(value, null, null, locFrom(start)));
    } else if (tk === STR) {
      const start = position();
      const raw = text();
      const isDoubleQuote = raw.charCodeAt(0) === 34;
      next();
      const value = resolveSpecialChars(raw.substring(1, raw.length - 1), isDoubleQuote);
      expr = done(new K.string(isDoubleQuote, value, false, raw, null, locFrom(start)));
      if (tk === DCOLON) decline();
    } else {
      expr = readArray();
      if (tk === ASSIGN) decline();
    }
    return handleDereferencable(expr);
  }

  function readArray(): any {
    const start = position();
    let shortForm = false;
    let close = RBRACK;
    if (tk === WORD) {
      next();
      expect(LPAREN);
      close = RPAREN;
    } else {
      shortForm = true;
    }
    next();
    let items: any[] = [];
    if (tk !== close) {
      if (tk === COMMA) decline();
      items = [];
      for (;;) {
        if (tk === close) break;
        if (tk === COMMA) decline();
        const entryStart = position();
        if (tk === EOF) decline();
        const expr = readExpr();
        let key = null;
        let value;
        if (tk === DARROW) {
          next();
          key = expr;
          value = readExpr();
        } else {
          value = expr;
        }
        items.push(done(new K.entry(key, value, false, false, null, locFrom(entryStart))));
        if (tk !== COMMA) break;
        next();
        if (tk === EOF) decline();
      }
    }
    expect(close);
    next();
    return done(new K.array(shortForm, items, null, locFrom(start)));
  }

  function readNewExpr(): any {
    const start = position();
    next();
    if (tk === LPAREN) decline();
    if (tk === WORD && kw === T_CLASS) {
      const classStart = position();
      next();
      let args: any[] = [];
      if (tk === LPAREN) args = readArgumentList();
      const ext = readExtendsFrom();
      if (isWord(T_IMPLEMENTS)) decline();
      expect(LBRACE);
      next();
      const body = readClassBody();
      const what = done(new K.class(null, ext, null, body, [0, 0, 0, 0], null, locFrom(classStart)));
      what.attrGroups = [];
      return done(new K.new(what, args, null, locFrom(start)));
    }
    if (!(tk === NAME_Q || tk === NAME_FQ || (tk === WORD && kw === T_STRING))) decline();
    const name = readNamespaceName(true);
    if (tk === DCOLON || tk === LBRACK) decline();
    let args: any[] = [];
    if (tk === LPAREN) args = readArgumentList();
    return done(new K.new(name, args, null, locFrom(start)));
  }

  function handleDereferencable(expr: any): any {
    for (;;) {
      if (tk === ARROW || tk === DCOLON || tk === NSARROW) expr = chainScan(expr);
      else if (tk === LBRACK || tk === LBRACE) decline();
      else if (tk === LPAREN) {
        const start = position();
        const args = readArgumentList();
        expr = done(new K.call(expr, args, null, locFrom(start)));
      } else return expr;
    }
  }

  /** read_namespace_name: a name, or self/parent (unless called, when not a reference). */
  function readNamespaceName(resolveReference: boolean): any {
    const start = position();
    let resolution;
    if (tk === NAME_Q) resolution = 'qn';
    else if (tk === NAME_FQ) resolution = 'fqn';
    else if (tk === WORD && kw === T_STRING) resolution = 'uqn';
    else decline();
    const name = text();
    next();
    if (resolveReference || tk !== LPAREN) {
      const lower = name.toLowerCase();
      if (lower === 'parent') return done(new K.parentreference(name, null, locFrom(start)));
      if (lower === 'self') return done(new K.selfreference(name, null, locFrom(start)));
    }
    return done(new K.name(name, resolution, null, locFrom(start)));
  }

  function readSimpleVariable(): any {
    const start = position();
    const name = src.slice(ts + 1, te);
    next();
    return done(new K.variable(name, false, null, locFrom(start)));
  }

  /** read_variable(false, false) for a variable or a name. */
  function readVariable(): any {
    let result;
    if (tk === VAR) {
      result = readSimpleVariable();
      if (tk === LBRACE) decline();
    } else if (tk === NAME_Q || tk === NAME_FQ || (tk === WORD && kw === T_STRING)) {
      const start = position();
      const name = readNamespaceName(false);
      if (tk !== DCOLON && tk !== LPAREN && name.kind !== 'parentreference' && name.kind !== 'selfreference') {
        const literal = name.name.toLowerCase();
        if (literal === 'true') result = done(new K.boolean(true, name.name, null, locFrom(start)));
        else if (literal === 'false') result = done(new K.boolean(false, name.name, null, locFrom(start)));
        else if (literal === 'null') result = done(new K.nullkeyword(name.name, null, locFrom(start)));
        else result = name;
      } else {
        result = name;
      }
    } else {
      decline();
    }
    if (tk === DCOLON) result = readStaticGetter(result);
    return chainScan(result);
  }

  function readStaticGetter(what: any): any {
    const start = position();
    next();
    let offset;
    if (tk === VAR) {
      offset = readSimpleVariable();
      if (tk === LBRACE) decline();
    } else if (tk === WORD && (kw === T_STRING || kw === T_CLASS || identifierTokens!.has(kw))) {
      offset = identifierHere(false);
    } else {
      decline();
    }
    return done(new K.staticlookup(what, offset, null, locFrom(start)));
  }

  /** recursive_variable_chain_scan(result, false, false): calls, ->, ?-> and ::. */
  function chainScan(result: any): any {
    for (;;) {
      switch (tk) {
        case LPAREN: {
          const start = position();
          const args = readArgumentList();
          result = done(new K.call(result, args, null, locFrom(start)));
          break;
        }
        case DCOLON: {
          const start = position();
          const what = readWhat(true);
          result = done(new K.staticlookup(result, what, null, locFrom(start)));
          break;
        }
        case ARROW:
        case NSARROW: {
          const nullsafe = tk === NSARROW;
          const start = position();
          const what = readWhat(false);
          result = done(nullsafe ? new K.nullsafepropertylookup(result, what, null, locFrom(start)) : new K.propertylookup(result, what, null, locFrom(start)));
          break;
        }
        case LBRACK:
        case LBRACE:
          decline();
          break;
        default:
          return result;
      }
    }
  }

  function readWhat(isStaticLookup: boolean): any {
    next();
    const start = position();
    if (tk === WORD && (kw === T_STRING || (isStaticLookup && kw === T_CLASS))) {
      const name = text();
      next();
      if (isStaticLookup && tk === ARROW) decline();
      return done(new K.identifier(name, null, locFrom(start)));
    }
    if (tk === VAR) {
      const name = src.slice(ts + 1, te);
      next();
      return done(new K.variable(name, false, null, locFrom(start)));
    }
    return decline();
  }

  function readArgumentList(): any[] {
    expect(LPAREN);
    next();
    const result: any[] = [];
    if (tk !== RPAREN) {
      for (;;) {
        if (tk === COMMA) decline();
        result.push(readArgument());
        if (tk !== COMMA) break;
        next();
        if (tk === RPAREN) break;
      }
    }
    expect(RPAREN);
    next();
    return result;
  }

  function readArgument(): any {
    if (tk === WORD && colonFollows()) {
      const start = position();
      const name = text();
      next();
      next();
      const value = readExpr();
      return done(new K.namedargument(name, value, null, locFrom(start)));
    }
    return readExpr();
  }

  function readInlineFunction(isStatic: boolean): any {
    const attrs: any[] = [];
    if (kw === T_FUNCTION) {
      const start = position();
      next();
      const params = readParameterList();
      let uses: any[] = [];
      if (isWord(T_USE)) {
        next();
        expect(LPAREN);
        next();
        uses = [];
        for (;;) {
          if (tk !== VAR) decline();
          uses.push(readSimpleVariable());
          if (tk === COMMA) {
            next();
            if (tk === RPAREN) break;
          } else if (tk === RPAREN) {
            break;
          } else {
            decline();
          }
        }
        expect(RPAREN);
        next();
      }
      const returnType = readReturnType();
      const nullable = returnNullable;
      const result = done(new K.closure(params, false, uses, returnType, nullable, isStatic, null, locFrom(start)));
      result.attrGroups = attrs;
      readFunctionBody(result);
      return result;
    }
    const start = position();
    next();
    const params = readParameterList();
    const returnType = readReturnType();
    const nullable = returnNullable;
    expect(DARROW);
    next();
    const body = readExpr();
    const result = done(new K.arrowfunc(params, false, body, returnType, nullable, isStatic, null, locFrom(start)));
    result.attrGroups = attrs;
    return result;
  }

  /** `(` parameters `)`, the parentheses included. */
  function readParameterList(): any[] {
    expect(LPAREN);
    next();
    const result: any[] = [];
    while (tk !== EOF && tk !== RPAREN) {
      result.push(readParameter());
      if (tk === COMMA) {
        next();
      } else if (tk !== RPAREN) {
        decline();
      }
    }
    expect(RPAREN);
    next();
    return result;
  }

  /** Whether the return type readReturnType() read last was nullable (`: ?Foo`). */
  let returnNullable = false;

  /** A function's `: type`, or null. */
  function readReturnType(): any {
    returnNullable = false;
    if (tk !== COLON) return null;
    next();
    if (tk === QUESTION) {
      returnNullable = true;
      next();
    }
    return readTypes();
  }

  /** A method's or closure's body; the function ends where it does (the same position object, as in php-parser). */
  function readFunctionBody(result: any): void {
    expect(LBRACE);
    result.body = readCodeBlock();
    result.loc.end = result.body.loc.end;
  }

  function readParameter(): any {
    const start = position();
    if (tk === WORD && (kw === T_PUBLIC || kw === T_PROTECTED || kw === T_PRIVATE || kw === tok.T_READ_ONLY)) decline();
    let nullable = false;
    if (tk === QUESTION) {
      next();
      nullable = true;
    }
    const type = tk === VAR ? null : readTypes();
    if (nullable && !type) decline();
    if (tk !== VAR) decline();
    const parameterName = identifierHere(true);
    let value = null;
    if (tk === ASSIGN) {
      next();
      value = readExpr();
    }
    const result = done(new K.parameter(parameterName, type, value, false, false, false, nullable, 0, [], 0, null, locFrom(start)));
    result.attrGroups = [];
    return result;
  }

  /** read_types for one type (a union, an intersection or a reference is declined). */
  function readTypes(): any {
    // `|`, `&` and `...` after a type are declined by the reader.
    return readType();
  }

  function readType(): any {
    const start = position();
    if (tk === WORD && (kw === T_ARRAY || kw === T_CALLABLE)) {
      const type = text();
      next();
      return done(new K.typereference(type.toLowerCase(), type, null, locFrom(start)));
    }
    if (tk === NAME_Q || tk === NAME_FQ || (tk === WORD && (kw === T_STRING || kw === T_STATIC))) {
      const type = text();
      if (tk === WORD && typeNames!.indexOf(type.toLowerCase()) > -1) {
        next();
        return done(new K.typereference(type.toLowerCase(), type, null, locFrom(start)));
      }
      if (tk === WORD && kw === T_STATIC) decline();
      return readNamespaceName(false);
    }
    return decline();
  }

  return function fastParse(source: string): any | undefined {
    if (typeof source !== 'string' || !source.startsWith('<?php')) return undefined;
    const after = source.charCodeAt(5);
    if (after !== 32 && after !== 10 && after !== 13 && after !== 9) return undefined;
    src = source;
    size = source.length;
    at = 5;
    line = 1;
    lineStart = 0;
    tk = EOF;
    ts = te = 0;
    tsLine = teLine = 1;
    tsColumn = teColumn = 0;
    prevLine = 1;
    prevColumn = 0;
    prevOffset = 0;
    afterArrow = false;
    depth = 0;
    try {
      const start = new Position(1, 0, 0);
      next();
      const children: any[] = [];
      while (tk !== EOF) {
        if (tk === RBRACE) decline();
        children.push(tk === WORD && kw === T_NAMESPACE ? readNamespace() : readTopStatement());
      }
      prevLine = teLine;
      prevColumn = teColumn;
      prevOffset = at;
      return done(new K.program(children, [], null, null, null, locFrom(start)));
    } catch (error) {
      if (error === DECLINE) return undefined;
      // Anything unforeseen (a stack overflow included) is php-parser's to read.
      return undefined;
    } finally {
      src = '';
    }
  };
}
