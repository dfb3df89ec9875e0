// In the shipped bundles drizzle-kit's API is a separate file loaded with import() (see
// scripts/build.mjs); Node sees a CommonJS bundle's exports only on `default` there. This
// bundles createTableStatements the same way and runs it in a child Node.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';

function repositoryRoot(from: string): string {
  return existsSync(join(from, 'drizzle.config.ts')) || dirname(from) === from ? from : repositoryRoot(dirname(from));
}
const root = repositoryRoot(__dirname);

describe('createTableStatements in an esbuild bundle with drizzle-kit lazily loaded', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'md-structure-bundle-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the tracking tables', async () => {
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, [
      `import { createTableStatements, laravelDefaults } from ${JSON.stringify(join(root, 'src/core/structure'))};`,
      `import { findExpectedTable } from ${JSON.stringify(join(root, 'src/schema'))};`,
      `createTableStatements(findExpectedTable('eklektik_transactions_tracking')!, laravelDefaults)`,
      `  .then((s) => console.log(JSON.stringify(s)), (e) => { console.error(e); process.exit(1); });`,
    ].join('\n'));
    await esbuild.build({
      entryPoints: [entry], outfile: join(dir, 'main.js'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent',
      nodePaths: [join(root, 'node_modules')],
      plugins: [{ name: 'lazy', setup: (build) => build.onResolve({ filter: /^drizzle-kit\/api$/ }, () => ({ path: './lazy/drizzle-kit-api.js', external: true })) }],
    });
    await esbuild.build({
      entryPoints: [join(root, 'node_modules/drizzle-kit/api.js')], outfile: join(dir, 'lazy', 'drizzle-kit-api.js'),
      bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent',
      external: ['@libsql/client', 'better-sqlite3', 'bun:sqlite', '@neondatabase/serverless', '@vercel/postgres', '@planetscale/database', 'pg',
        'postgres', '@electric-sql/pglite', '@aws-sdk/client-rds-data', 'ws', 'bufferutil', 'utf-8-validate', '@tidbcloud/serverless',
        '@op-engineering/op-sqlite', 'expo-sqlite', 'sql.js', 'gel', 'esbuild', 'esbuild-register', '@esbuild-kit/esm-loader'],
    });
    const statements = JSON.parse(execFileSync(process.execPath, [join(dir, 'main.js')], { encoding: 'utf8' })) as string[];
    assert.equal(statements.length, 5);
    assert.match(statements[0], /^CREATE TABLE `eklektik_transactions_tracking`.*ENGINE=InnoDB/s);
  });
});
