// The CLI's V8 code cache: a changed bundle never runs its old code, a damaged cache is compiled again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeCacheFolder, codeCacheVariant, loadBundle } from '../../../src/cli/codeCache';

describe('CLI code cache', () => {
  let folder: string;
  let bundle: string;
  let cache: string;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'md-code-cache-'));
    bundle = path.join(folder, 'bundle.js');
    cache = path.join(folder, 'cache');
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  const write = (text: string, mtime = new Date(2024, 0, 1)) => {
    fs.writeFileSync(bundle, text);
    fs.utimesSync(bundle, mtime, mtime);
  };
  const entries = () => (fs.existsSync(cache) ? fs.readdirSync(cache) : []);

  it('reuses the compiled code of an unchanged bundle, and writes it only when it was missing', () => {
    write("module.exports = { answer: 'first' };");
    const first = loadBundle(bundle, cache);
    first.save();
    assert.deepEqual(first.exports, { answer: 'first' });
    const [entry] = entries();
    const written = fs.statSync(path.join(cache, entry)).mtimeMs;
    const second = loadBundle(bundle, cache);
    second.save();
    assert.deepEqual(second.exports, { answer: 'first' });
    assert.equal(fs.statSync(path.join(cache, entry)).mtimeMs, written);
  });

  it('a bundle changed to the same length and time runs its new code (V8 alone compares only the length)', () => {
    write("module.exports = 'old';");
    loadBundle(bundle, cache).save();
    write("module.exports = 'new';");
    assert.equal(loadBundle(bundle, cache).exports, 'new');
  });

  it('a bundle with UTF-8 text runs it as written, an ASCII one too, from the compiler and from the cache', () => {
    for (const text of ["module.exports = '« café – 日本 😀 »';", "module.exports = '\\u00ab caf\\u00e9 \\u2013 \\u65e5\\u672c \\ud83d\\ude00 \\u00bb';"]) {
      write(text);
      for (let run = 0; run < 2; run++) {
        const loaded = loadBundle(bundle, cache);
        loaded.save();
        assert.equal(loaded.exports, '« café – 日本 😀 »');
      }
    }
  });

  it('a damaged or cut cache entry is compiled again and replaced', () => {
    write('module.exports = [1, 2, 3].map((n) => n * 2);');
    loadBundle(bundle, cache).save();
    const entry = path.join(cache, entries()[0]);
    const good = fs.readFileSync(entry);
    const damaged = Buffer.from(good);
    for (let i = good.length - 200; i < good.length - 100; i++) damaged[i] ^= 0x5a;
    for (const broken of [damaged, good.subarray(0, good.length >> 1), Buffer.alloc(0), Buffer.from('not a cache')]) {
      fs.writeFileSync(entry, broken);
      const loaded = loadBundle(bundle, cache);
      assert.deepEqual(loaded.exports, [2, 4, 6]);
      loaded.save();
      assert.deepEqual(fs.readFileSync(entry), good);
    }
  });

  it('one entry per variant, and the main bundle sees itself as require.main', () => {
    write('module.exports = require.main === module && __filename;');
    const loaded = loadBundle(bundle, cache, { main: true, variant: 'status' });
    loaded.save();
    assert.equal(loaded.exports, bundle);
    assert.equal(loadBundle(bundle, cache).exports, false);
    assert.deepEqual(entries().map((e) => e.replace(/-[0-9a-f]+/, '-H')).sort(), ['bundle-H-status.bin']);
  });

  it('a run that parses every file (--no-cache) keeps an entry of its own, apart from the runs that read the analysis cache', () => {
    assert.equal(codeCacheVariant(['status', '--json']), 'status');
    assert.equal(codeCacheVariant(['status', '--json', '--no-cache']), 'status-parsing');
    assert.equal(codeCacheVariant(['lint', '--no-cache', 'database/migrations']), 'lint-parsing');
    assert.equal(codeCacheVariant(['--version']), 'other');
    assert.equal(codeCacheVariant([]), 'other');
    assert.equal(codeCacheVariant(['../../x', '--no-cache']), 'other-parsing');
  });

  it('an unwritable cache folder only costs the compilation', () => {
    write("module.exports = 'works';");
    fs.writeFileSync(cache, 'a file where the folder should be');
    const loaded = loadBundle(bundle, cache);
    loaded.save();
    assert.equal(loaded.exports, 'works');
  });

  it('lives in the user\'s own cache folder, never a shared one', () => {
    assert.equal(codeCacheFolder({ XDG_CACHE_HOME: '/home/u/.cache' }, 'linux'), '/home/u/.cache/migration-doctor/v8');
    assert.equal(codeCacheFolder({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'), path.join('C:\\Users\\u\\AppData\\Local', 'migration-doctor', 'v8'));
    assert.ok(codeCacheFolder({}, 'linux').startsWith(os.homedir()));
  });
});
