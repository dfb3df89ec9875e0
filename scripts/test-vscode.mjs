#!/usr/bin/env node
// Runs the editor test suite (out/test/vscode/index.js) inside a real VS Code: code-server
// 4.100.3 (VS Code 1.100.3) driven by headless Chromium, with the extension under
// development loaded (its build as the run starts, see extensionSnapshot) and a fresh copy
// of test/fixtures/laravel-app open (recipe: testing.md, section 1). The suites edit, save
// and configure the folder they open, and several runs go on at once on this machine: each
// run has its own copy, removed at the end, and the fixture itself is never written to. The
// suites find the copy through MD_TEST_APP_DIR (the laravelAppDir of
// test/support/laravel.ts, where artisan runs).
// With --multi-root it opens instead a .code-workspace of two copies of the fixture app
// (folders a and b) and runs the suites of out/test/vscode/multiRoot. With --french it
// runs VS Code in French (a language pack of our own, see frenchLanguagePack) and the
// suites of out/test/vscode/french.
// Installs nothing (scripts/install-test-deps.sh does); exits with the suite's code.
//
//   node scripts/test-vscode.mjs [--grep PATTERN] [--multi-root | --french]
//   env: MD_TEST_GREP (same as --grep), MD_TEST_WORKSPACE (folder whose copy is opened),
//        MD_TEST_RESULTS (write {passed, failed, pending, failures} JSON there),
//        MD_VSCODE_TIMEOUT (seconds, default 900), MD_VSCODE_VERBOSE=1 (all browser logs)
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const codeServer = join(root, '.vscode-test/code-server/node_modules/.bin/code-server');
const suiteIndex = join(root, 'out/test/vscode/index.js');
const workspace = resolve(process.env.MD_TEST_WORKSPACE ?? join(root, 'test/fixtures/laravel-app'));
const timeoutMs = Number(process.env.MD_VSCODE_TIMEOUT ?? 900) * 1000;
const verbose = process.env.MD_VSCODE_VERBOSE === '1';
const grepIndex = process.argv.indexOf('--grep');
const grep = grepIndex > 0 ? process.argv[grepIndex + 1] : process.env.MD_TEST_GREP;
const multiRoot = process.argv.includes('--multi-root');
const french = process.argv.includes('--french');

function fail(message) {
  console.error(`test-vscode: ${message}`);
  process.exit(2);
}

for (const [path, fix] of [
  [codeServer, 'run scripts/install-test-deps.sh'],
  [suiteIndex, 'run npx tsc -p tsconfig.test.json'],
  [join(root, 'dist/extension.js'), 'run node scripts/build.mjs'],
  [workspace, 'the fixture app is missing'],
]) {
  if (!existsSync(path)) fail(`${path} not found: ${fix}.`);
}

/** A port nobody listens on right now: several people run this at once on one machine. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('code-server did not answer /healthz in time');
}

const { chromium } = await import('playwright-core');

const port = await freePort();
const temp = mkdtempSync(join(tmpdir(), 'md-vscode-'));
const resultsFile = process.env.MD_TEST_RESULTS ?? join(temp, 'results.json');
const suiteLog = join(temp, 'suite.log');
writeFileSync(suiteLog, '');

/** Two copies of the fixture app, a and b, as one multi-root workspace: the suites give each its own connection. */
function twoFolderWorkspace() {
  const dir = join(temp, 'workspace');
  for (const name of ['a', 'b']) {
    mkdirSync(join(dir, name), { recursive: true });
    cpSync(workspace, join(dir, name), { recursive: true, filter: (source) => !/[\\/](\.migration-doctor|\.vscode|vendor)$/.test(source) });
  }
  const file = join(dir, 'two-folders.code-workspace');
  writeFileSync(file, JSON.stringify({ folders: [{ path: 'a' }, { path: 'b' }], settings: {} }, null, 2));
  return file;
}
/**
 * VS Code reports `vscode.env.language === 'fr'`, and loads an extension's bundle.l10n.fr.json,
 * only when a language pack for fr is installed. Ours is the least one: a `localizations`
 * contribution whose translations file is empty (VS Code's own texts stay English; ours are
 * the ones under test). The server finds language packs through <user-data>/languagepacks.json,
 * which it otherwise writes when a pack is installed from the marketplace.
 */
function frenchLanguagePack(extensionsDir, userDataDir) {
  const id = 'migration-doctor-test.fr-language-pack';
  const version = '0.0.1';
  const dir = join(extensionsDir, `${id}-${version}`);
  mkdirSync(join(dir, 'translations'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'fr-language-pack', publisher: 'migration-doctor-test', version, engines: { vscode: '^1.100.0' },
    contributes: { localizations: [{ languageId: 'fr', languageName: 'French', localizedLanguageName: 'Français', translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
  }, null, 2));
  writeFileSync(join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  mkdirSync(userDataDir, { recursive: true });
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({
    fr: { hash: 'migration-doctor-test-fr', label: 'Français', extensions: [{ extensionIdentifier: { id }, version }], translations: { vscode: join(dir, 'translations', 'main.i18n.json') } },
  }));
}
if (french) frenchLanguagePack(join(temp, 'extensions'), join(temp, 'user'));

/** This run's copy of the fixture app: what the suites write there (files, folder settings) no other run reads. */
function copiedFolder() {
  const dir = join(temp, 'workspace', 'laravel-app');
  cpSync(workspace, dir, { recursive: true, filter: (source) => !/[\\/](\.migration-doctor|\.vscode|vendor)$/.test(source) });
  return dir;
}
const appCopy = multiRoot ? undefined : copiedFolder();
/**
 * The extension and its compiled suites as built when this run started. The lazy bundles
 * (dist/lazy) load on first use, and a build or test compilation started meanwhile (another
 * engineer's, on this machine) rewrites dist/ and out/: a run on the working copy could pair
 * the old main bundle with a new lazy one. The manifest, its translations, dist/ and out/ are
 * copied; the icons and node_modules are linked. The suites stay inside the extension's folder,
 * where VS Code hands their `require('vscode')` the extension's own API (its l10n bundle);
 * MD_TEST_REPO_ROOT tells them where the repository is.
 */
function extensionSnapshot() {
  const dir = join(temp, 'extension-under-test');
  mkdirSync(dir);
  for (const entry of readdirSync(root).filter((name) => /^(package(\.nls(\.[\w-]+)?)?\.json|l10n|dist)$/.test(name))) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  for (const entry of ['src', 'test']) cpSync(join(root, 'out', entry), join(dir, 'out', entry), { recursive: true });
  for (const entry of ['media', 'node_modules']) symlinkSync(join(root, entry), join(dir, entry));
  return dir;
}
const extension = extensionSnapshot();
const opened = multiRoot ? `workspace=${encodeURIComponent(twoFolderWorkspace())}` : `folder=${encodeURIComponent(appCopy)}`;
const serverLog = [];
// Its own process group, so that the extension host and watchers die with it.
const server = spawn(
  codeServer,
  [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--config', join(temp, 'config.yaml'),
    '--user-data-dir', join(temp, 'user'),
    '--extensions-dir', join(temp, 'extensions'),
    ...(french ? ['--locale', 'fr'] : []),
  ],
  {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MD_TEST_RESULTS: resultsFile, MD_TEST_LOG: suiteLog, MD_TEST_SUITES: multiRoot ? 'multiRoot' : french ? 'french' : 'suite', MD_TEST_REPO_ROOT: root, ...(appCopy ? { MD_TEST_APP_DIR: appCopy } : {}), ...(grep ? { MD_TEST_GREP: grep } : {}) },
  },
);
for (const stream of [server.stdout, server.stderr]) {
  stream.on('data', (chunk) => {
    serverLog.push(chunk.toString());
    if (verbose) process.stderr.write(`[code-server] ${chunk}`);
  });
}

// Streams the reporter's lines that the suite appends to suiteLog (see test/vscode/index.ts).
let suiteLogOffset = 0;
function flushSuiteLog() {
  const fd = openSync(suiteLog, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    let read;
    while ((read = readSync(fd, buffer, 0, buffer.length, suiteLogOffset)) > 0) {
      process.stdout.write(buffer.subarray(0, read));
      suiteLogOffset += read;
    }
  } finally {
    closeSync(fd);
  }
}
const logPump = setInterval(flushSuiteLog, 250);

let browser;
let exitCode = 1;
let finished = false;
const cleanUp = async () => {
  clearInterval(logPump);
  if (existsSync(suiteLog)) flushSuiteLog();
  await browser?.close().catch(() => {});
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  await new Promise((r) => setTimeout(r, 500));
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await cleanUp();
    process.exit(130);
  });
}

const timer = setTimeout(async () => {
  if (finished) return;
  console.error(`test-vscode: no result after ${timeoutMs / 1000} s; stopping.`);
  process.stderr.write(serverLog.join('').slice(-4000));
  await cleanUp();
  process.exit(124);
}, timeoutMs);

try {
  const origin = `127.0.0.1:${port}`;
  await waitForHealth(`http://${origin}/healthz`, server, Date.now() + 60_000);

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  const page = await browser.newPage();
  const outcome = new Promise((resolveOutcome) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolveOutcome(Number(code)));
    page.on('crash', () => {
      console.error('test-vscode: the browser page crashed.');
      resolveOutcome(1);
    });
  });
  // The workbench's log (extension host console included) goes to codeAutomationLog;
  // errors are shown, except the gallery lookups that fail offline (harmless).
  await page.exposeFunction('codeAutomationLog', (level, message) => {
    const harmless = /ENOTFOUND|editor test\(s\) failed/.test(String(message));
    if (verbose || (level === 'error' && !harmless)) console.error(`[workbench ${level}] ${message}`);
  });
  if (verbose) page.on('console', (message) => console.error(`[browser ${message.type()}] ${message.text()}`));

  const remote = (path) => `vscode-remote://${origin}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extension)],
    ['extensionTestsPath', remote(join(extension, 'out/test/vscode/index.js'))],
    ['skipWelcome', 'true'],
  ];
  const url = `http://${origin}/?${opened}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log(`test-vscode: VS Code ${JSON.parse(readFileSync(join(root, '.vscode-test/code-server/node_modules/code-server/lib/vscode/package.json'), 'utf8')).version} (code-server) on ${origin}, ${french ? 'in French, ' : ''}${multiRoot ? 'two-folder workspace (copies of ' : 'workspace (a copy of '}${workspace})${grep ? `, grep ${grep}` : ''}`);
  // The page loads slowly on a busy machine; the run's own timer bounds the wait.
  await page.goto(url, { timeout: timeoutMs });
  exitCode = await outcome;
  finished = true;
  flushSuiteLog();
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    console.log(`test-vscode: ${results.passed} passed, ${results.failed} failed, ${results.pending} pending`);
    for (const failure of results.failures) console.log(`  failed: ${failure.title}`);
  } else {
    console.log('test-vscode: the suite wrote no results (it did not load or crashed; see the log above).');
    if (exitCode === 0) exitCode = 1;
  }
} catch (error) {
  console.error(`test-vscode: ${error instanceof Error ? error.message : error}`);
  process.stderr.write(serverLog.join('').slice(-4000));
  exitCode = 1;
} finally {
  clearTimeout(timer);
  await cleanUp();
}
process.exit(exitCode);
