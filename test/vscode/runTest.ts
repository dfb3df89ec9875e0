// The launcher for machines that can download VS Code (a developer laptop, public CI):
// the same suite as scripts/test-vscode.mjs, in desktop VS Code through @vscode/test-electron,
// on a copy of the fixture app as there (the suites write to the folder they open; the copy
// is passed to them as MD_TEST_APP_DIR, where test/support/laravel.ts runs artisan).
//   npx tsc -p tsconfig.test.json && node out/test/vscode/runTest.js
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '../../..');
  const temp = mkdtempSync(join(tmpdir(), 'md-vscode-'));
  const app = join(temp, 'laravel-app');
  cpSync(process.env.MD_TEST_WORKSPACE ?? resolve(root, 'test/fixtures/laravel-app'), app, { recursive: true, filter: (source) => !/[\\/](\.migration-doctor|\.vscode|vendor)$/.test(source) });
  try {
    await runTests({
      // The version code-server 4.100.3 carries, so both launchers test the same VS Code.
      version: process.env.MD_VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: resolve(__dirname, 'index.js'),
      extensionTestsEnv: { MD_TEST_APP_DIR: app },
      launchArgs: [app, '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (error) {
    console.error(`The editor tests failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  }
}

void main();
