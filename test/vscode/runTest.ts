// The launcher for machines that can download VS Code (a developer laptop, public CI):
// the same suite as scripts/test-vscode.mjs, in desktop VS Code through @vscode/test-electron.
//   npx tsc -p tsconfig.test.json && node out/test/vscode/runTest.js
import { resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '../../..');
  try {
    await runTests({
      // The version code-server 4.100.3 carries, so both launchers test the same VS Code.
      version: process.env.MD_VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: resolve(__dirname, 'index.js'),
      launchArgs: [process.env.MD_TEST_WORKSPACE ?? resolve(root, 'test/fixtures/laravel-app'), '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (error) {
    console.error(`The editor tests failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

void main();
