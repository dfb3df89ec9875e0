// Where the backup finds mysqldump / mariadb-dump: PATH, and on Windows the installers' folders too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProgram } from '../../../src/core/repair/backup';

describe('findProgram', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-find-program-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function touch(...parts: string[]): string {
    const file = path.join(root, ...parts);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    return file;
  }

  it('takes the first name found along PATH, in PATH order', () => {
    const later = touch('b', 'mysqldump');
    const first = touch('a', 'mariadb-dump');
    assert.equal(findProgram(['mysqldump', 'mariadb-dump'], { PATH: [path.join(root, 'a'), path.join(root, 'b')].join(':') }, 'linux'), first);
    assert.equal(findProgram(['mysqldump'], { PATH: [path.join(root, 'a'), path.join(root, 'b')].join(':') }, 'linux'), later);
    assert.equal(findProgram(['mysqldump'], { PATH: '' }, 'linux'), undefined);
  });

  it('on Windows: the .exe, PATH spelt Path, then the MariaDB and MySQL installers\' folders, newest first', () => {
    const onPath = touch('tools', 'mysqldump.exe');
    assert.equal(findProgram(['mysqldump'], { Path: path.join(root, 'tools') }, 'win32'), onPath);
    touch('Program Files', 'MariaDB 10.6', 'bin', 'mariadb-dump.exe');
    const newest = touch('Program Files', 'MariaDB 10.11', 'bin', 'mariadb-dump.exe');
    const mysql = touch('Program Files', 'MySQL', 'MySQL Server 8.0', 'bin', 'mysqldump.exe');
    const env = { Path: '', ProgramFiles: path.join(root, 'Program Files') };
    assert.equal(findProgram(['mariadb-dump'], env, 'win32'), newest);
    assert.equal(findProgram(['mysqldump'], env, 'win32'), mysql);
    assert.equal(findProgram(['mysqldump'], { Path: '' }, 'win32'), undefined);
  });
});
