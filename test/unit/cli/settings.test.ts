// .vscode/settings.json read as VS Code reads it (JSON with comments, through jsonc-parser).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseJsonc, readWorkspaceSettings } from '../../../src/core/analysis/settings';

describe('workspace settings (JSONC)', () => {
  it('keeps strings that contain ,] or ,} intact while dropping real trailing commas', () => {
    assert.deepEqual(parseJsonc('{ "a": "x,]", "b": "y, }", "list": ["p,]", "q",], }'), { a: 'x,]', b: 'y, }', list: ['p,]', 'q'] });
  });

  it('reads a file that starts with a byte order mark', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cli-bom-'));
    try {
      fs.mkdirSync(path.join(folder, '.vscode'));
      fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'),
        '\ufeff{\n  // Laravel modules keep their migrations elsewhere\n  "migrationDoctor.migrationPaths": ["modules/db,]"],\n  "migrationDoctor.rules": { "down-not-inverse": "off", },\n}\n');
      const settings = await readWorkspaceSettings(folder);
      assert.equal(settings.problem, undefined);
      assert.deepEqual(settings.migrationPaths, ['modules/db,]']);
      assert.deepEqual(settings.rules, { 'down-not-inverse': 'off' });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('says where a broken file is broken, and ignores it', async () => {
    assert.throws(() => parseJsonc('{\n  "a": 1,\n  "b": \n}'), /ValueExpected at line 4, column 1/);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cli-broken-'));
    try {
      fs.mkdirSync(path.join(folder, '.vscode'));
      fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), '{ "migrationDoctor.migrationPaths": [');
      const settings = await readWorkspaceSettings(folder);
      assert.match(settings.problem ?? '', /settings\.json is not valid JSON with comments \(\w+ at line 1, column \d+\)/);
      assert.equal(settings.migrationPaths, undefined);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
