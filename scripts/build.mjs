// Bundles the extension and the CLI with esbuild. Heavy modules (mysql2, the editor's core)
// go to bundles of their own that are required only when first used, so that activation
// parses a small file. The CLI itself is dist/lazy/cli.js, run by the small dist/cli.js
// with V8's code cache (src/cli/launcher.ts).
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

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
];

/**
 * mysql2 builds its table of ~2,000 server error names (a dictionary object) when it is loaded,
 * a few ms of every command that connects; it is read only when a query fails. Its three users
 * get it on first read instead.
 */
const lazyMysqlErrorNames = {
  name: 'mysql2-lazy-error-names',
  setup(build) {
    build.onLoad({ filter: /[\\/]mysql2[\\/]lib[\\/](packets[\\/]packet|base[\\/]pool|commands[\\/]server_handshake)\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replace(/^const (\w+) = require\('\.\.\/constants\/errors\.js'\);$/m,
        (_, name) => `const ${name} = new Proxy({}, { get: (_target, key) => require('../constants/errors.js')[key] });`);
      // A newer mysql2 that no longer matches is bundled as it is: slower to load, as correct.
      if (contents === source) console.warn(`build: ${args.path} no longer requires constants/errors.js as expected; bundled unchanged`);
      return { contents, loader: 'js' };
    });
  },
};

const lazyBuild = (specifiers) => ({
  ...common,
  entryPoints: Object.fromEntries(specifiers.map((m) => [lazyModules[m].bundle, lazyModules[m].entry])),
  outdir: 'dist/lazy',
  // A lazy bundle that requires another one gets the sibling bundle, not a copy.
  plugins: [redirectHeavyModules('./'), lazyMysqlErrorNames],
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
  const keep = new Set([...built].map((m) => lazyModules[m].bundle).concat('cli'));
  for (const file of readdirSync('dist/lazy')) if (!keep.has(file.replace(/\.js(\.map)?$/, ''))) rmSync(`dist/lazy/${file}`);
  chmodSync('dist/cli.js', 0o755);
}
