// Listing a migrations folder: each file's path is the one path.join gives, whatever the folder's spelling.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listMigrationPaths } from '../../../src/core/analysis/load';

describe('analysis/load: listMigrationPaths', () => {
  let dir: string;
  const names = ['2024_01_01_000000_create_users_table.php', '2024_01_02_000000_.._odd_name.php', '_.php'];

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'md-load-'));
    mkdirSync(path.join(dir, 'sub'));
    for (const name of names) writeFileSync(path.join(dir, name), '<?php\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives path.join(folder, name) for every spelling of the folder (trailing separators, . and .., relative)', async () => {
    const spellings = [dir, `${dir}${path.sep}`, `${dir}${path.sep}.${path.sep}`, path.join(dir, 'sub') + `${path.sep}..`, `${dir}${path.sep}${path.sep}sub${path.sep}..${path.sep}`,
      path.relative(process.cwd(), dir) || '.'];
    for (const folder of spellings) {
      const { paths } = await listMigrationPaths([folder]);
      assert.deepEqual(paths, names.map((name) => path.join(folder, name)).sort((a, b) => (path.basename(a) < path.basename(b) ? -1 : 1)), folder);
    }
  });
});
