// Every unit run gets a temporary folder of its own (os.tmpdir() reads TMPDIR at each call), and
// fails when a test left anything in it: a test that creates a folder removes it. Checked in the
// global teardown, after every file's own `after` hooks.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const own = mkdtempSync(join(tmpdir(), 'md-unit-run-'));
process.env.TMPDIR = own;

export function mochaGlobalTeardown(): void {
  const left = readdirSync(own);
  rmSync(own, { recursive: true, force: true });
  if (left.length > 0) throw new Error(`The unit tests left these in the temporary folder: ${left.join(', ')}.`);
}
