// The one argument parser every command goes through: spellings, `--`, repeated options, usage errors.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCommandArgs } from '../../../src/cli/args';
import { connectionFlags, connectionOptions } from '../../../src/cli/connectionOptions';
import type { CliIo } from '../../../src/cli/io';
import { UsageError } from '../../../src/cli/io';
import { parseLintArgs } from '../../../src/cli/lint';
import { main } from '../../../src/cli/main';
import { parseSchemaArgs } from '../../../src/cli/schema';

async function run(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd, env: {}, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
  return { code: await main(argv, io), out, err };
}

describe('CLI arguments', () => {
  let project: string;
  before(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cli-args-'));
    fs.mkdirSync(path.join(project, 'database', 'migrations'), { recursive: true });
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));

  it('reads --x=value as --x value, and an empty value is missing', () => {
    const spaced = connectionFlags(parseCommandArgs('status', ['--host', 'db', '--port', '3307'], connectionOptions).values);
    const joined = connectionFlags(parseCommandArgs('status', ['--host=db', '--port=3307'], connectionOptions).values);
    assert.deepEqual(joined, spaced);
    assert.deepEqual(joined, { host: 'db', port: 3307 });
    assert.throws(() => parseCommandArgs('status', ['--host='], connectionOptions), /--host needs a value/);
    assert.deepEqual(parseSchemaArgs(['--out=a=b']), { out: 'a=b', paths: [], prefix: '', prefixIndexes: true, force: false });
  });

  it('takes what follows -- as positionals, even when it looks like an option', () => {
    const options = parseLintArgs(['--format', 'json', '--', '--format', '-odd.php']);
    assert.ok(options !== 'help');
    assert.equal(options.format, 'json');
    assert.deepEqual(options.paths, ['--format', '-odd.php']);
  });

  it('collects repeated options in order', () => {
    const options = parseLintArgs(['--rule', 'down-not-inverse=off', '--rule=class-name-mismatch=error', 'a', 'b']);
    assert.ok(options !== 'help');
    assert.deepEqual(options.rules, { 'down-not-inverse': 'off', 'class-name-mismatch': 'error' });
    assert.deepEqual(options.paths, ['a', 'b']);
    const schema = parseSchemaArgs(['--out', 'o', '--path', 'x', '--path=y']);
    assert.ok(schema !== 'help');
    assert.deepEqual(schema.paths, ['x', 'y']);
  });

  it('makes unknown options, missing values, values given to switches and stray arguments usage errors', () => {
    const cases: [string, string[], RegExp][] = [
      ['status', ['--bogus'], /^unknown option '--bogus'\. Run 'migration-doctor status --help'\.$/],
      ['status', ['-z'], /^unknown option '-z'/],
      ['status', ['--host'], /^--host needs a value/],
      ['status', ['--host', '--port', '1'], /^--host needs a value/],
      ['status', ['--password-stdin=yes'], /^--password-stdin takes no value\.$/],
      ['status', ['stray'], /^unexpected argument 'stray': status takes no positional arguments/],
      ['status', ['--password=x'], /^--password is not accepted/],
    ];
    for (const [command, args, message] of cases) {
      assert.throws(() => parseCommandArgs(command, args, connectionOptions), (e: unknown) => e instanceof UsageError && message.test(e.message), args.join(' '));
    }
  });

  it('exits 2 with one sentence on every command, before any connection is tried', async () => {
    for (const command of ['lint', 'status', 'repair', 'restore', 'schema']) {
      for (const args of [['--bogus'], ['--json=1'], ['--help=x']]) {
        const { code, err } = await run([command, ...args], project);
        assert.equal(code, 2, `${command} ${args.join(' ')}: ${err}`);
        assert.match(err, new RegExp(`^migration-doctor ${command}: [^\\n]+\\n$`), `${command} ${args.join(' ')}`);
      }
    }
    const missing = await run(['repair', '--batch'], project);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--batch needs a value/);
  });

  it('status and repair read the migration folders from .vscode/settings.json, as lint and the editor do', async () => {
    const configured = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cli-settings-'));
    try {
      fs.mkdirSync(path.join(configured, '.vscode'));
      fs.writeFileSync(path.join(configured, '.vscode', 'settings.json'), '{ "migrationDoctor.migrationPaths": ["db/schema-changes"] }');
      for (const command of ['status', 'repair', 'lint']) {
        const { code, err } = await run([command, '--database', 'x'].slice(0, command === 'lint' ? 1 : 3), configured);
        assert.equal(code, 2, `${command}: ${err}`);
        assert.match(err, /'db\/schema-changes'/, command);
      }
    } finally {
      fs.rmSync(configured, { recursive: true, force: true });
    }
  });
});
