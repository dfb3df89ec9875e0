// A project file (.env, config/database.php, .vscode/settings.json, a backup) that is a FIFO or a
// device: said to be unreadable at once. Waiting on a FIFO for a writer would hang the command, and
// a thread blocked in open() keeps even an interrupted process from exiting.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readWorkspaceSettings } from '../../../src/core/analysis/settings';
import { readProjectConnection } from '../../../src/core/project/connection';
import { verifyBackup } from '../../../src/core/repair/backup';
import { english } from '../../../src/core/messages/catalog';
import { readConnectionStrict } from '../../../src/core/project/strict';

/** `work`'s result; a read still waiting for a writer long after is released (so the run can end) and fails the test. */
async function withoutWaiting<T>(fifo: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([work.then((value) => ({ value })), new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), 10_000); })]);
  clearTimeout(timer);
  if (waited) return waited.value;
  closeSync(openSync(fifo, 'w'));
  await work.catch(() => undefined);
  assert.fail(`waited for a writer to ${fifo}`);
}

describe('project files that are not regular files', function () {
  this.timeout(60_000);
  let root: string;
  const fifo = (relative: string): string => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    assert.equal(spawnSync('mkfifo', [file]).status, 0);
    return file;
  };
  beforeEach(() => { root = mkdtempSync(path.join(tmpdir(), 'md-fifo-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a .env that is a FIFO or a device is a configuration error', async () => {
    const env = fifo('.env');
    const read = await withoutWaiting(env, readProjectConnection(root, env));
    assert.equal(read.ok, false);
    assert.match(read.ok ? '' : read.error.message, /a named pipe \(FIFO\), not a regular file/);
    const device = path.join(root, 'zero.env');
    symlinkSync('/dev/zero', device);
    const zero = await readProjectConnection(root, device);
    assert.match(zero.ok ? '' : zero.error.message, /a device, not a regular file/);
  });

  it('a .env larger than any real one is a configuration error, said at once, never read', async () => {
    const env = path.join(root, '.env');
    writeFileSync(env, 'DB_DATABASE=shop\n');
    // Sparse: 20 MB to stat and nothing to write.
    truncateSync(env, 20 * 1024 * 1024);
    const read = await readProjectConnection(root, env);
    assert.equal(read.ok, false);
    assert.match(read.ok ? '' : read.error.message, /too large \(20 MB, more than 16 MB\)/);
  });

  it("config/database.php or the .env as FIFOs: 'strict' is unknown, and says why", async () => {
    const config = fifo('config/database.php');
    const strict = await withoutWaiting(config, readConnectionStrict(root, undefined, {}));
    assert.equal(strict.strict, undefined);
    assert.match('unknown' in strict ? String(strict.unknown) : '', /a named pipe \(FIFO\), not a regular file/);
  });

  it('a .vscode/settings.json that is a FIFO gives the default rules', async () => {
    const settings = fifo('.vscode/settings.json');
    assert.deepEqual((await withoutWaiting(settings, readWorkspaceSettings(root))).rules, {});
  });

  it('a backup that is a FIFO is refused', async () => {
    const backup = fifo('backup.sql');
    const check = await withoutWaiting(backup, verifyBackup(backup));
    assert.equal(check.ok, false);
    assert.match(check.ok ? '' : english(check.said), /a named pipe \(FIFO\), not a regular file/);
  });
});
