// The php-parser engine every PHP file of the project goes through, set up once with the
// options the analysis needs and sped up without changing a single node it builds.
import type { Engine } from 'php-parser';

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
  }
  return engine;
}

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
  // With extractDoc and debug off, php-parser's own destroy does nothing.
  const destroy = () => undefined;
  function setTrailingComments(this: any, docs: unknown) {
    if (this.instance) this.instance.setTrailingComments(docs);
    else this.trailingComments = docs;
  }
  ast.prepare = function prepare(kind: string | null, docs: unknown, p: any) {
    const start = p.position();
    const result: any = function (...given: unknown[]) {
      // A node without a kind takes it from its first argument (php-parser's "lazy kind").
      const from = kind ? 0 : 1;
      if (!kind) kind = given[0] as string;
      const args = from ? given.slice(1) : given;
      args.push(docs);
      let nodeStart = start;
      let nodeEnd = new Position(p.prev[0], p.prev[1], p.prev[2]);
      // No token consumed between node() and its call (a noop in an empty block): php-parser swaps them.
      if (nodeStart.offset > nodeEnd.offset) [nodeStart, nodeEnd] = [nodeEnd, nodeStart];
      args.push(new Location(null, nodeStart, nodeEnd));
      const type = ast[kind!];
      if (typeof type !== 'function') throw new Error(`Undefined node "${kind}"`);
      const node = Object.create(type.prototype);
      type.apply(node, args);
      result.instance = node;
      if (result.trailingComments) node.trailingComments = result.trailingComments;
      if (typeof result.postBuild === 'function') result.postBuild(node);
      return ast.resolvePrecedence(node, p);
    };
    result.setTrailingComments = setTrailingComments;
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

/** Parses PHP alone (no analysis): the baseline the benchmark compares with. */
export function parsePhp(path: string, source: string): Node {
  return getEngine().parseCode(source, path) as unknown as Node;
}
