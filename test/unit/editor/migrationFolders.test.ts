import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { missingFolders, withMissingFolders } from '../../../src/editor/migrationFolders';

describe('configured migration folders that are not there', () => {
  let root = '';
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-folders-'));
    fs.mkdirSync(path.join(root, 'migrations'));
    fs.writeFileSync(path.join(root, 'a-file.php'), '<?php\n');
    fs.symlinkSync(path.join(root, 'gone'), path.join(root, 'dangling'));
    fs.symlinkSync(path.join(root, 'loop'), path.join(root, 'loop'));
    fs.symlinkSync(path.join(root, 'migrations'), path.join(root, 'linked'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a missing folder, a file, a dangling link and a link loop are missing; a folder and a link to one are not', async () => {
    const at = (name: string) => path.join(root, name);
    assert.deepEqual(await missingFolders(['migrations', 'migrationz', 'a-file.php', 'dangling', 'loop', 'linked'].map(at)), ['migrationz', 'a-file.php', 'dangling', 'loop'].map(at));
  });

  it('the status input gets them as folders that cannot be told, after the ones it had; none leaves it as it was', () => {
    const input = { migrations: [], unknownFolders: ['packages'] };
    assert.deepEqual(withMissingFolders(input, ['/app/database/migrationz']).unknownFolders, ['packages', '/app/database/migrationz']);
    assert.equal(withMissingFolders(input, []), input);
    const without: { migrations: never[]; unknownFolders?: string[] } = { migrations: [] };
    assert.deepEqual(withMissingFolders(without, ['/x']), { migrations: [], unknownFolders: ['/x'] });
  });
});
