// Activation under 50 ms. The extension module and activate() must not load the core
// the editor uses later (php-parser, drizzle-orm, the translator, repair, dotenv, mysql2): they
// load on first use. Checked in a fresh Node process, over tsc's output (same imports as the
// bundle), with a stand-in 'vscode' that accepts any call; the work started just after
// activation (setImmediate) must then load them, so the check cannot pass by loading nothing.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const outSrc = path.resolve(__dirname, '../../../src');

const child = `
const Module = require('module');
const errors = [];
const any = new Proxy(function () {}, {
  get: (target, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : any),
  apply: () => any,
  construct: () => any,
  set: () => true,
});
const log = new Proxy({}, { get: (target, key) => (key === 'error' ? (...args) => errors.push(args.map(String).join(' ')) : () => undefined) });
const vscode = new Proxy({}, {
  get: (target, key) => key === 'window' ? new Proxy({}, { get: (t, k) => (k === 'createOutputChannel' ? () => log : k === 'showErrorMessage' ? (m) => errors.push(m) : any) }) : any,
});
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const heavy = () => Object.keys(require.cache).filter((f) => /node_modules[\\\\/](php-parser|drizzle-orm|mysql2|dotenv)[\\\\/]|[\\\\/]core[\\\\/](analysis[\\\\/]parse|translate|repair|structure|status[\\\\/]inputs|db[\\\\/]env)|[\\\\/]schema[\\\\/]/.test(f));
const extension = require(${JSON.stringify(path.join(outSrc, 'extension.js'))});
const afterLoad = heavy();
const context = { subscriptions: [], workspaceState: { get: () => undefined, update: async () => undefined }, secrets: { onDidChange: () => any, get: async () => undefined } };
const pending = extension.activate(context);
const afterActivate = heavy();
pending.then(() => new Promise((r) => setTimeout(r, 500))).then(() => {
  console.log(JSON.stringify({ afterLoad, afterActivate, later: heavy(), errors }));
});
`;

describe('activation path', () => {
  it('loading the extension and calling activate() load none of the heavy core; just after, the core loads', () => {
    const result = JSON.parse(execFileSync(process.execPath, ['-e', child], { encoding: 'utf8' })) as {
      afterLoad: string[]; afterActivate: string[]; later: string[]; errors: string[];
    };
    assert.deepEqual(result.errors, [], 'activation reported an error');
    assert.deepEqual(result.afterLoad, [], 'loaded with the extension module');
    assert.deepEqual(result.afterActivate, [], 'loaded by activate()');
    // Not vacuous: the analysis and the first snapshot started after activation do load the core.
    assert.ok(result.later.some((f) => /analysis[\\/]parse\.js$/.test(f)), `the analysis did not load after activation: ${result.later.length} heavy modules`);
  });
});
