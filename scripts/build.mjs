// Bundles the extension and the CLI with esbuild. Heavy modules (drizzle-kit's API,
// mysql2) go to bundles of their own that are required only when first used, so that
// activation parses a small file (issue 2: activation under 50 ms).
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Module specifier -> the separate bundle that holds it (relative to dist/). */
const lazyBundles = {
  'drizzle-kit/api': './lazy/drizzle-kit-api.js',
  'mysql2/promise': './lazy/mysql2.js',
  mysql2: './lazy/mysql2-callback.js',
};

const redirectHeavyModules = {
  name: 'lazy-bundles',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(lazyBundles).map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
    build.onResolve({ filter }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      return { path: lazyBundles[args.path], external: true };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  external: ['vscode'],
  // php-parser and drizzle-orm are pure JS and small enough to stay in the main bundles.
};

mkdirSync('dist/lazy', { recursive: true });
// A production build writes no source maps; old ones would no longer match the code.
if (production) {
  for (const file of readdirSync('dist', { recursive: true, encoding: 'utf8' })) if (file.endsWith('.map')) rmSync(`dist/${file}`);
}

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', plugins: [redirectHeavyModules],
    // Read by src/extension.ts to log what loading and activating cost.
    // ('use strict' first, or the bundle's own directive would no longer be one.)
    banner: { js: "'use strict';\nvar __activationClock = { time: performance.now() };" } },
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', plugins: [redirectHeavyModules] },
  {
    ...common,
    entryPoints: {
      'drizzle-kit-api': 'node_modules/drizzle-kit/api.js',
      mysql2: 'node_modules/mysql2/promise.js',
      'mysql2-callback': 'node_modules/mysql2/index.js',
    },
    outdir: 'dist/lazy',
    // drizzle-kit's API carries drivers for every dialect; the ones it requires lazily
    // and we never use are left out of the bundle.
    external: ['vscode', '@libsql/client', 'better-sqlite3', 'bun:sqlite', '@neondatabase/serverless', '@vercel/postgres',
      '@planetscale/database', 'pg', 'postgres', '@electric-sql/pglite', '@aws-sdk/client-rds-data', 'ws', 'bufferutil', 'utf-8-validate',
      '@tidbcloud/serverless', '@op-engineering/op-sqlite', 'expo-sqlite', 'sql.js', 'gel', 'esbuild', 'esbuild-register', '@esbuild-kit/esm-loader'],
  },
];

if (watch) {
  for (const options of builds) (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  const cli = 'dist/cli.js';
  const body = readFileSync(cli, 'utf8');
  if (!body.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${body}`);
  chmodSync(cli, 0o755);
}
