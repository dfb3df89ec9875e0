// The editor test suite's entry point: VS Code loads this file in its extension host and
// awaits run(), with either launcher (scripts/test-vscode.mjs through code-server, or
// test/vscode/runTest.ts through @vscode/test-electron). It runs every compiled
// out/test/vscode/suite/**/*.test.js (or multiRoot/ or french/, see MD_TEST_SUITES) with mocha's TDD interface (suite/test).
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  // The launchers pass a filter and a results file through the environment, which the
  // extension host inherits from the VS Code server (or Electron) process.
  if (process.env.MD_TEST_GREP) mocha.grep(process.env.MD_TEST_GREP);
  // In code-server the extension host's console reaches the browser with its format
  // arguments unapplied; the reporter's lines also go to a file the launcher streams.
  const logFile = process.env.MD_TEST_LOG;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    const line = format(...args);
    console.log(line);
    if (logFile) appendFileSync(logFile, `${line}\n`);
  };

  // The launcher picks the folder of suites that fits the workspace it opened (one folder, two, or in French).
  const suiteDir = join(__dirname, ['multiRoot', 'french'].includes(process.env.MD_TEST_SUITES ?? '') ? process.env.MD_TEST_SUITES! : 'suite');
  const files = readdirSync(suiteDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    // extension.test.js first: it checks that the workspace alone activated the
    // extension, before any other suite calls activate().
    .sort((a, b) => Number(b === 'extension.test.js') - Number(a === 'extension.test.js') || a.localeCompare(b));
  for (const file of files) mocha.addFile(join(suiteDir, file));

  const results: SuiteResults = { passed: 0, failed: 0, pending: 0, failures: [] };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        if (process.env.MD_TEST_RESULTS) writeFileSync(process.env.MD_TEST_RESULTS, JSON.stringify(results));
        if (failures > 0) reject(new Error(`${failures} editor test(s) failed.`));
        else resolve();
      });
      runner.on('pass', () => results.passed++);
      runner.on('pending', () => results.pending++);
      runner.on('fail', (test, error: unknown) => {
        results.failed++;
        results.failures.push({ title: test.fullTitle(), error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      });
    } catch (error) {
      reject(error);
    }
  });
}
