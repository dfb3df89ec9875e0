// The build bundles php-parser with rewrites of its code (scripts/phpParserBuild.cjs): the bundle
// must build the very trees php-parser builds, every node with the same prototype chain and the
// same own properties in the same order, with the analysis's settings and with the defaults. Both
// are bundled the same way, the rewrites aside (esbuild renames some classes: Node2).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { lexerSnippets, mirrorPhpFiles, phpFiles } from '../../support/phpSamples';

const repoRoot = path.resolve(__dirname, '../../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { phpParserRewrites, rewritePhpParser } = require(path.join(repoRoot, 'scripts/phpParserBuild.cjs'));

/**
 * A tree as text: every object with the names of its prototype chain and its own properties in
 * their order (undefined kept apart from null and from a missing property). The two engines come
 * from two copies of php-parser's code: prototypes are told by their constructors' names.
 */
function shapeOf(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${value.map(shapeOf).join(',')}]`;
  const chain: string[] = [];
  for (let p = Object.getPrototypeOf(value); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) chain.push(p.constructor?.name ?? '?');
  const record = value as Record<string, unknown>;
  return `${chain.join('<')}{${Object.keys(record).map((k) => `${k}:${shapeOf(record[k])}`).join(',')}}`;
}

function parsedBy(parse: () => unknown): string {
  try {
    return shapeOf(parse());
  } catch (error) {
    return `threw ${String((error as Error).message)}`;
  }
}

/** What the lexer gives, token by token, with its state after each. */
function tokensBy(engine: any, source: string): string {
  try {
    return shapeOf(engine.tokenGetAll(source));
  } catch (error) {
    return `threw ${String((error as Error).message)}`;
  }
}

describe('php-parser as the build bundles it', function () {
  // Every PHP file of six real applications' mirrors, when present: ~13 s on a loaded 2-core machine.
  this.timeout(300_000);
  const analysisSettings = {
    parser: { extractDoc: false, suppressErrors: true, php8: true },
    ast: { withPositions: true, withSource: false },
    lexer: { all_tokens: false },
  };
  let folder: string;
  let Stock: any;
  let Bundled: any;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'md-php-parser-bundle-'));
    const bundle = async (name: string, plugins: unknown[]) => {
      const built = await build({
        entryPoints: [path.join(repoRoot, 'node_modules/php-parser/src/index.js')],
        bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent', plugins,
      } as any);
      const file = path.join(folder, `${name}.js`);
      writeFileSync(file, built.outputFiles![0].text);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(file).Engine;
    };
    Stock = await bundle('stock', []);
    Bundled = await bundle('rewritten', [phpParserRewrites]);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  /** Equal texts, or where they part. */
  const same = (actual: string, expected: string, what: string) => {
    if (actual === expected) return;
    let at = 0;
    while (actual[at] === expected[at]) at++;
    assert.fail(`${what}: at ${at}, ${JSON.stringify(actual.slice(Math.max(0, at - 80), at + 80))} instead of ${JSON.stringify(expected.slice(Math.max(0, at - 80), at + 80))}`);
  };

  it('rewrites the calls it is meant to, and no other text', () => {
    const node = readFileSync(path.join(repoRoot, 'node_modules/php-parser/src/ast/call.js'), 'utf8');
    assert.match(rewritePhpParser(node), /Expression\.call\(this, KIND, docs, location\);/);
    assert.equal(rewritePhpParser(node).replace('Expression.call(this, KIND, docs, location)', ''), node.replace('Expression.apply(this, [KIND, docs, location])', ''));
  });

  const texts = (): { name: string; source: string }[] => {
    const files = phpFiles(path.join(repoRoot, 'test/fixtures')).map((f) => ({ name: f, source: readFileSync(f, 'utf8') }));
    assert.ok(files.length > 10);
    const damaged = files.filter((f) => f.name.includes(`${path.sep}migrations${path.sep}`)).slice(0, 20).flatMap(({ source }) => {
      const step = Math.max(1, Math.floor(source.length / 40));
      const cut: { name: string; source: string }[] = [];
      for (let at = 0; at < source.length; at += step) {
        cut.push({ name: 'cut.php', source: source.slice(0, at) }, { name: 'dropped.php', source: source.slice(0, at) + source.slice(at + 1) });
      }
      return cut;
    });
    return [...files, ...lexerSnippets.map((source, i) => ({ name: `snippet-${i}.php`, source })), ...damaged,
      ...mirrorPhpFiles((app) => app.folder)];
  };

  it('builds the trees and tokens php-parser builds, node for node and property for property', () => {
    const all = texts();
    for (const settings of [analysisSettings, {}]) {
      const stock = new Stock(settings);
      const bundled = new Bundled(settings);
      for (const { name, source } of all) same(parsedBy(() => bundled.parseCode(source, name)), parsedBy(() => stock.parseCode(source, name)), name);
    }
    const stock = new Stock(analysisSettings);
    const bundled = new Bundled(analysisSettings);
    for (const { name, source } of all.slice(0, 200)) same(tokensBy(bundled, source), tokensBy(stock, source), name);
  });
});
