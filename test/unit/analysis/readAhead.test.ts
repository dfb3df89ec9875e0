// The worker that shares a large folder's parse says the same of every file as this thread: the
// same analysis of a regular file, and the very problem of one that is not a regular file or
// cannot be read as code; and so it does of every migration of the public apps' mirrors.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readMigrationBytes } from '../../../src/core/analysis/readSource';
import { mirrorRoot } from '../../support/realApps';

const migration = (table: string, column: string) => `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up(): void
    {
        Schema::table('${table}', function (Blueprint $table) {
            $table->string('${column}')->nullable();
        });
    }
};
`;

/**
 * In a child process (a FIFO read by mistake would block the whole thread, mocha's timeout
 * included): each file parsed here, then with each worker alone (this thread waiting for every
 * file), then sharing the work; deepStrictEqual compares them there (prototypes, Maps, undefined members).
 */
function compareWorkerWithThisThread(paths: readonly string[], workers: readonly ('readAhead' | 'shareParse')[]): (string | null)[] {
  const load = require.resolve('../../../src/core/analysis/load');
  const readAhead = require.resolve('../../../src/core/analysis/readAhead');
  const script = `const assert = require('node:assert/strict');
    const { readMigrationFile, readMigrations } = require(${JSON.stringify(load)});
    const workers = require(${JSON.stringify(readAhead)});
    const paths = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const counted = (reader) => { const c = { read: (i) => reader.read(i), close: () => (c.supplied = reader.close()) }; return c; };
    const here = paths.map(readMigrationFile);
    for (const kind of ${JSON.stringify(workers)}) {
      const byWorker = counted(workers[kind](paths, { mainThreadReads: false, mainThreadParses: false }));
      const alone = readMigrations(paths, byWorker);
      assert.equal(byWorker.supplied, paths.length, kind + ': the worker did not do every file');
      alone.forEach((m, i) => assert.deepStrictEqual(m, here[i], kind + ' ' + paths[i]));
      readMigrations(paths, workers[kind](paths)).forEach((m, i) => assert.deepStrictEqual(m, here[i], kind + ' shared ' + paths[i]));
    }
    console.log(JSON.stringify(here.map((m) => m.parseProblems[0]?.message ?? null)));`;
  const child = spawnSync(process.execPath, ['-e', script], { input: JSON.stringify(paths), encoding: 'utf8', timeout: 240000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(child.signal, null, 'a read blocked');
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as (string | null)[];
}

describe('a worker thread reading ahead or sharing the parse of many migrations', () => {
  let dir: string;
  let paths: string[];
  let regular: string[];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'md-read-ahead-'));
    paths = [];
    regular = [];
    const add = (name: string, make?: (p: string) => void) => {
      const p = path.join(dir, name);
      if (make) make(p);
      paths.push(p);
      return p;
    };
    // Enough files for several of the worker's batches, the odd ones among them.
    for (let i = 0; i < 300; i++) {
      const name = `2024_01_01_${String(i).padStart(6, '0')}_change_t${i}.php`;
      regular.push(add(name, (p) => writeFileSync(p, migration(`t${i % 7}`, `c${i}`))));
      if (i === 10) add('2024_01_02_000000_a_fifo.php', (p) => assert.equal(spawnSync('mkfifo', [p]).status, 0));
      if (i === 70) add('2024_01_03_000000_dangling.php', (p) => symlinkSync(path.join(dir, 'nowhere'), p));
      if (i === 130) add('2024_01_04_000000_a_directory.php', (p) => mkdirSync(p));
      if (i === 131) regular.push(add('2024_01_05_000000_bom.php', (p) => writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(migration('users', 'bom'))]))));
      if (i === 190) regular.push(add('2024_01_06_000000_utf16.php', (p) => writeFileSync(p, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(migration('users', 'wide'), 'utf16le')]))));
      if (i === 191) regular.push(add('2024_01_07_000000_empty.php', (p) => writeFileSync(p, '')));
      if (i === 192) regular.push(add('2024_01_08_000000_syntax_error.php', (p) => writeFileSync(p, migration('users', 'x').replace('});', '})'))));
      if (i === 250) regular.push(add('2024_01_09_000000_large.php', (p) => writeFileSync(p, migration('users', 'large') + `// ${'é'.repeat(100_000)}\n`)));
      if (i === 251) add('2024_01_10_000000_missing.php');
      if (i === 252) {
        add('2024_01_11_000000_loop_a.php', (p) => symlinkSync(path.join(dir, '2024_01_11_000000_loop_b.php'), p));
        symlinkSync(path.join(dir, '2024_01_11_000000_loop_a.php'), path.join(dir, '2024_01_11_000000_loop_b.php'));
      }
      if (i === 253) regular.push(add('2024_01_12_000000_linked.php', (p) => symlinkSync(regular[0]!, p)));
    }
  });
  afterEach(function () {
    // The mirrors' test leaves thousands of files (more with every mirror fetched): removing them
    // took longer than mocha's 20 s for a hook on a loaded machine.
    this.timeout(300_000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same MigrationFile of every file as this thread, the worker reading or parsing all of them or sharing them', () => {
    const problems = compareWorkerWithThisThread(paths, ['readAhead', 'shareParse']);
    // What is said of the odd ones, as this thread says it.
    const problem = (name: string) => problems[paths.findIndex((p) => path.basename(p) === name)];
    assert.match(problem('2024_01_02_000000_a_fifo.php')!, /a named pipe \(FIFO\), not a regular file/);
    assert.match(problem('2024_01_03_000000_dangling.php')!, /a symbolic link to a file that does not exist/);
    assert.match(problem('2024_01_04_000000_a_directory.php')!, /a directory, not a regular file/);
    assert.match(problem('2024_01_06_000000_utf16.php')!, /UTF-16 LE/);
    assert.match(problem('2024_01_08_000000_syntax_error.php')!, /./);
    assert.match(problem('2024_01_10_000000_missing.php')!, /does not exist/);
    assert.match(problem('2024_01_11_000000_loop_a.php')!, /a symbolic link loop/);
    assert.equal(problem('2024_01_05_000000_bom.php'), null);
  });

  it('gives the same MigrationFile as this thread of every migration of the public apps\' mirrors and of the fixtures', function () {
    // Its work grows with the mirrors present (thousands of files), not a measure of speed.
    this.timeout(300_000);
    // Every mirror's newest commit: each file under a folder named migrations, in a folder per mirror.
    const root = mirrorRoot();
    const mirrors = existsSync(root) ? readdirSync(root).filter((name) => existsSync(path.join(root, name, 'repo'))) : [];
    const files: string[] = [];
    for (const mirror of mirrors) {
      const gitDir = path.join(root, mirror, 'repo');
      let listed: string[];
      try {
        listed = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', 'HEAD'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
          .split('\n').filter((p) => /(^|\/)migrations\/[^/]*\.php$/.test(p));
      } catch {
        continue;
      }
      const batch = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: listed.map((p) => `HEAD:${p}\n`).join(''), maxBuffer: 1024 * 1024 * 1024 });
      let at = 0;
      listed.forEach((p, k) => {
        const headerEnd = batch.indexOf(10, at);
        const [, type, size] = batch.toString('utf8', at, headerEnd).split(' ');
        at = headerEnd + 1;
        if (type !== 'blob') return;
        // Each file under its own name, in a folder of its own (two folders of a mirror may hold the same name).
        const folder = path.join(dir, 'mirrors', mirror, String(k));
        mkdirSync(folder, { recursive: true });
        const file = path.join(folder, path.basename(p));
        writeFileSync(file, batch.subarray(at, at + Number(size)));
        files.push(file);
        at += Number(size) + 1;
      });
    }
    // The project's own fixture migrations too, so a machine without the mirrors still compares real files.
    const fixtures = path.resolve(__dirname, '../../../../test/fixtures');
    for (const entry of readdirSync(fixtures, { recursive: true, encoding: 'utf8' }).sort()) {
      if (/(^|\/)migrations\/[^/]*\.php$/.test(entry)) files.push(path.join(fixtures, entry));
    }
    assert.ok(files.length > 0, `no migration file under ${fixtures}`);
    // The parse is what the worker does differently there: its reads are those of the files above.
    compareWorkerWithThisThread(files, ['shareParse']);
  });

  it('reads every file on this thread when no worker can be started', () => {
    const load = require.resolve('../../../src/core/analysis/load');
    const script = `const assert = require('node:assert/strict');
      const { readMigrationFile, readMigrations } = require(${JSON.stringify(load)});
      // Enough files for a worker; none can start.
      const paths = [].concat(...Array(4).fill(JSON.parse(process.argv[1])));
      require('node:worker_threads').Worker = class { constructor() { throw new Error('no thread'); } };
      assert.deepStrictEqual(readMigrations(paths), paths.map(readMigrationFile));`;
    const child = spawnSync(process.execPath, ['-e', script, JSON.stringify(paths)], { encoding: 'utf8', timeout: 60000 });
    assert.equal(child.signal, null, 'a read blocked');
    assert.equal(child.status, 0, child.stderr);
  });

  it('reads a regular file whole, as readFileSync does', () => {
    for (const p of regular) {
      const read = readMigrationBytes(p);
      assert.ok('bytes' in read, p);
      assert.ok(read.bytes.equals(readFileSync(p)), p);
    }
  });
});
