// The analysis's php-parser lexer takes the common tokens in one step (src/core/analysis/phpEngine.ts):
// after every token its state (token, text, offset, line and columns, conditions, queued tokens)
// must be the original lexer's, on tricky snippets, on damaged ones, and on every PHP file of
// the real applications' mirrors.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from 'php-parser';
import { useFastLexer } from '../../../src/core/analysis/phpEngine';
import { lexerSnippets, mirrorPhpFiles } from '../../support/phpSamples';

const repoRoot = path.resolve(__dirname, '../../../..');
const options = {
  parser: { extractDoc: false, suppressErrors: true, php8: true },
  ast: { withPositions: true, withSource: false },
  lexer: { all_tokens: false },
};

function phpFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'vendor' || entry.name === 'node_modules' ? [] : phpFiles(file);
    return entry.name.endsWith('.php') ? [file] : [];
  });
}

/** Everything of the lexer's state the parser or the lexer's next step reads. */
function stateOf(lexer: any, token: unknown): unknown {
  const heredoc = lexer.heredoc_label;
  return [token, lexer.yytext, lexer.offset, lexer.size, lexer.done, lexer.yylineno, lexer.yyprevcol, { ...lexer.yylloc }, lexer.curCondition, [...lexer.conditionStack],
    JSON.stringify(lexer.tokens), [heredoc.label, heredoc.length, heredoc.indentation, heredoc.indentation_uses_spaces, heredoc.finished, heredoc.first_encaps_node], lexer.aspTagMode, lexer.attributeIndex, JSON.stringify(lexer.attributeListDepth)];
}

/** The cheap part of stateOf, compared after every token (the whole of it is compared at the end and on a difference). */
function sameStep(a: any, b: any): boolean {
  const la = a.yylloc;
  const lb = b.yylloc;
  return a.yytext === b.yytext && a.offset === b.offset && a.yylineno === b.yylineno && a.yyprevcol === b.yyprevcol && a.done === b.done
    && la.first_offset === lb.first_offset && la.first_line === lb.first_line && la.first_column === lb.first_column
    && la.prev_offset === lb.prev_offset && la.prev_line === lb.prev_line && la.prev_column === lb.prev_column
    && la.last_line === lb.last_line && la.last_column === lb.last_column
    && a.curCondition === b.curCondition && a.conditionStack.length === b.conditionStack.length && a.tokens.length === b.tokens.length
    && a.heredoc_label.label === b.heredoc_label.label && a.heredoc_label.indentation === b.heredoc_label.indentation;
}

/**
 * One token at a time from both lexers, to the end or to an error: every token (blanks and
 * comments too), or with `allTokens` off the tokens the parser is given (the lexer skips the rest).
 */
function sameTokens(expected: any, actual: any, name: string, source: string, allTokens = true): void {
  const lex = (lexer: any) => {
    try {
      return lexer.lex();
    } catch (error) {
      return `threw ${(error as Error).message}`;
    }
  };
  for (const lexer of [expected, actual]) {
    lexer.setInput(source);
    lexer.all_tokens = allTokens;
    // php-parser keeps the depth of attributes on its prototype, shared by every lexer, and
    // never resets it: each lexer gets its own, from zero, so that one does not move the other.
    lexer.attributeListDepth = {};
    lexer.attributeIndex = 0;
    lexer.charactersRead = 0;
    lexer.charactersAllowed = 20 * source.length + 100;
  }
  // Some damaged texts make the original return the same token forever, without moving (a
  // parser gives up on them): both lexers are compared up to twice as many tokens as characters.
  for (let i = 0; i <= 2 * source.length + 10; i++) {
    const want = lex(expected);
    const got = lex(actual);
    if (want !== got || !sameStep(expected, actual)) {
      assert.deepStrictEqual(stateOf(actual, got), stateOf(expected, want), `${name}, token ${i} at ${expected.yylloc.first_offset}: ${JSON.stringify(source.slice(Math.max(0, expected.yylloc.first_offset - 40), expected.offset + 40))}`);
    }
    if (want === expected.EOF || typeof want === 'string' && want.startsWith('threw ')) break;
  }
  assert.deepStrictEqual(stateOf(actual, 'end'), stateOf(expected, 'end'), name);
}

/**
 * php-parser 3.7.0 loops forever on a few texts cut short (`enum` or `#[A ` at the very end):
 * past a number of characters read, both lexers throw instead, at the same token.
 */
function stopWhenStuck(lexer: any): any {
  const input = lexer.input;
  lexer.input = function (this: any) {
    if (++this.charactersRead > this.charactersAllowed) throw new Error('stuck');
    return input.call(this);
  };
  return lexer;
}

describe('the analysis lexer', function () {
  // Every PHP file of six real applications' mirrors, when present: ~12 s on a loaded 2-core machine.
  this.timeout(300_000);
  const stock = stopWhenStuck((new Engine(options as any) as any).lexer);
  const fastEngine = new Engine(options as any);
  useFastLexer(fastEngine);
  const fast = stopWhenStuck((fastEngine as any).lexer);
  const sameStates = (name: string, source: string) => sameTokens(stock, fast, name, source);
  const sameParserTokens = (name: string, source: string) => sameTokens(stock, fast, name, source, false);

  it('is set up on php-parser 3.7.0, its own lexer, the prototype untouched', () => {
    assert.notEqual(fast.matchST_IN_SCRIPTING, stock.matchST_IN_SCRIPTING);
    assert.equal(Object.getPrototypeOf(fast), Object.getPrototypeOf(stock));
  });

  it('leaves the state the original leaves, token after token, on tricky snippets and their line-break variants', () => {
    lexerSnippets.forEach((source, i) => {
      for (const text of [source, source.replace(/\r?\n/g, '\r\n'), source.replace(/\r?\n/g, '\r')]) sameStates(`snippet ${i}`, text);
    });
  });

  it('leaves the state the original leaves when it skips blanks, comments and open tags for the parser', () => {
    lexerSnippets.forEach((source, i) => {
      for (const text of [source, source.replace(/\r?\n/g, '\r\n'), source.replace(/\r?\n/g, '\r')]) sameParserTokens(`snippet ${i}`, text);
      for (let at = 0; at < source.length; at++) sameParserTokens('cut', source.slice(0, at));
    });
    for (const { name, source } of mirrorPhpFiles((app) => app.folder)) sameParserTokens(name, source);
  });

  it('leaves the state the original leaves on damaged snippets (cut anywhere, a character dropped)', () => {
    for (const source of lexerSnippets) {
      for (let at = 0; at < source.length; at++) {
        sameStates('cut', source.slice(0, at));
        sameStates('dropped', source.slice(0, at) + source.slice(at + 1));
      }
    }
  });

  it('leaves the state the original leaves on every PHP file of the fixtures and of the real applications\' mirrors', function () {
    const files = [...phpFiles(path.join(repoRoot, 'test/fixtures')).map((f) => ({ name: f, source: readFileSync(f, 'utf8') })), ...mirrorPhpFiles()];
    if (files.length < 1000) console.log(`      (${files.length} files: the real applications' mirrors are missing)`);
    for (const { name, source } of files) sameStates(name, source);
  });
});
