// How a failed command ends: usage, database, file system, or internal (a bug, exit 70, with its log).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reportFailure } from '../../../src/cli/failure';
import { CliIo, ExitCode, UsageError } from '../../../src/cli/io';
import { classifyDatabaseError } from '../../../src/core/db/errors';

function io(cwd: string): CliIo & { errors: string } {
  const self = { cwd, env: {}, errors: '', out: () => undefined, err: (t: string) => { self.errors += t; }, readStdin: async () => '' };
  return self;
}
const context = { argv: ['status', '--database', 'shop'], version: '9.9.9' };
const options = { name: 'x', host: 'db', port: 3306, user: 'app', database: 'shop', migrationsTable: 'migrations', tablePrefix: '', production: false };

describe('CLI failures', () => {
  let folder: string;
  beforeEach(() => { folder = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cli-failure-')); });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('a programming error exits 70 and leaves its stack in .migration-doctor/logs', () => {
    const run = io(folder);
    assert.equal(reportFailure('status', new TypeError('x.kind is undefined'), run, context), ExitCode.internal);
    assert.equal(ExitCode.internal, 70);
    assert.match(run.errors, /^migration-doctor status: internal error \(TypeError: x\.kind is undefined\)\. This is a bug in Migration Doctor/);
    const log = /the details are in (\S+);/.exec(run.errors)?.[1];
    assert.ok(log?.startsWith(path.join(folder, '.migration-doctor', 'logs')), run.errors);
    const text = fs.readFileSync(log!, 'utf8');
    assert.match(text, /^migration-doctor 9\.9\.9, Node v/);
    assert.match(text, /arguments: \["status","--database","shop"\]/);
    assert.match(text, /TypeError: x\.kind is undefined\n\s+at /);
  });

  it('a message holding a line break stays on its line, on stderr and in the log', () => {
    const run = io(folder);
    reportFailure('status', new Error("no table 'a\nFAKE'", { cause: new Error('b\rFAKE') }), run, context);
    assert.doesNotMatch(run.errors, /^FAKE/m);
    assert.match(run.errors, /a\\u000aFAKE/);
    const text = fs.readFileSync(/the details are in (\S+);/.exec(run.errors)![1], 'utf8');
    assert.doesNotMatch(text, /^FAKE|\r/m);
    assert.match(text, /^Error: no table 'a\\u000aFAKE'\n\s+at /m);
    assert.match(text, /^caused by: Error: b\\u000dFAKE\n\s+at /m);
  });

  it('falls back to the temp folder when the project folder cannot hold the log', () => {
    fs.writeFileSync(path.join(folder, '.migration-doctor'), 'a file in the way');
    const run = io(folder);
    assert.equal(reportFailure('lint', new RangeError('boom'), run, context), 70);
    const log = /the details are in (\S+);/.exec(run.errors)?.[1];
    assert.ok(log && path.dirname(log) === os.tmpdir(), run.errors);
    fs.rmSync(log);
  });

  it('a database error and a usage error exit 2 with their sentence; a file that cannot be read says which', () => {
    const database = io(folder);
    assert.equal(reportFailure('status', classifyDatabaseError({ code: 'ECONNREFUSED' }, options), database, context), 2);
    assert.equal(database.errors, 'migration-doctor status: Nothing answers at db:3306: the connection was refused.\nCheck that MySQL/MariaDB is running and that the host and port of the connection are right.\n');
    const usage = io(folder);
    assert.equal(reportFailure('repair', new UsageError('--batch needs a value.'), usage, context), 2);
    assert.equal(usage.errors, 'migration-doctor repair: --batch needs a value.\n');
    const file = io(folder);
    const missing = (() => { try { fs.readFileSync(path.join(folder, 'nope.php')); } catch (error) { return error; } })();
    assert.equal(reportFailure('lint', missing, file, context), 2);
    assert.match(file.errors, /^migration-doctor lint: ENOENT: no such file or directory, open '.*nope\.php'\.\n/);
  });
});
