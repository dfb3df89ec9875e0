// The CLI's V8 code cache: a changed bundle never runs its old code, a damaged cache is compiled again.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeCacheFolder, loadBundle } from '../../../src/cli/codeCache';

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

  it('a bundle rewritten in place once its entry is keyed by its stamp (same length, same modification time) runs its new code', async function () {
    this.timeout(10_000);
    write("module.exports = 'old';");
    // Older than a change time's tick: the entry is keyed by the bundle's stamp, not its content.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    loadBundle(bundle, cache).save();
    assert.match(fs.readFileSync(path.join(cache, entries()[0])).toString('latin1', 16, 80), / stamp /);
    assert.equal(loadBundle(bundle, cache).exports, 'old');
    write("module.exports = 'new';");
    assert.equal(loadBundle(bundle, cache).exports, 'new');
  });

  describe('an entry written by a run that loaded more than the usual run', () => {
    // Two functions with bodies of their own: V8 compiles each when first called, and an entry holds those a run compiled.
    const body = (name: string) => `function ${name}() { let s = 0; ${Array.from({ length: 300 }, (_, i) => `s += ${i} * (s ^ ${i});`).join(' ')} return s; }`;
    // Each run a process of its own, as the CLI's: V8 keeps what it compiled of a script for the rest of a process.
    const run = (loads: readonly string[], call: readonly string[], more = false) => {
      const program = `const { loadBundle } = require(${JSON.stringify(require.resolve('../../../src/cli/codeCache'))});
        const loaded = loadBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cache)}, { variant: 'status', loads: () => ${JSON.stringify(loads)}, loadsMore: ${more} });
        for (const name of ${JSON.stringify(call)}) loaded.exports[name]();
        loaded.save();`;
      const result = spawnSync(process.execPath, ['-e', program], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
    };
    // <16 bytes of checksum><key>\n<what the writer loaded>\n<V8's data>: the key turns from content to stamp once the bundle is 2 s old.
    const stored = () => fs.readFileSync(path.join(cache, entries().find((e) => e.endsWith('.bin'))!));
    const writer = () => stored().toString('latin1', 16).split('\n')[1];
    const entry = () => { const e = stored(); return e.subarray(e.indexOf(10, e.indexOf(10, 16) + 1) + 1); };
    const lighter = () => (fs.existsSync(path.join(cache, entries().find((e) => e.endsWith('.bin'))! + '.lighter'))
      ? fs.readFileSync(path.join(cache, `${entries().find((e) => e.endsWith('.bin'))!}.lighter`), 'utf8') : undefined);
    beforeEach(() => write(`${body('parse')}\n${body('show')}\nmodule.exports = { parse, show };`));

    it('is replaced by what a lighter run compiled after one lighter run; the lighter entry then stays', () => {
      run(['mysql2', 'php-parser'], ['parse', 'show']);
      const heavy = entry().length;
      assert.equal(writer(), 'mysql2,php-parser');
      run(['mysql2'], ['show']);
      assert.equal(lighter(), '1 0');
      run(['mysql2'], ['show']);
      assert.equal(writer(), 'mysql2');
      assert.ok(entry().length < heavy - 1000, `${entry().length} bytes, ${heavy} before`);
      assert.equal(lighter(), undefined);
      // A heavier run uses the lighter entry and compiles the rest, without writing it.
      const light = entry();
      run(['mysql2', 'php-parser'], ['parse', 'show']);
      assert.deepEqual(entry(), light);
    });

    it('a compilation afresh for a run that loaded as much is wasted: the entry stays, and the next try waits for twice the lighter runs', () => {
      run(['mysql2', 'php-parser'], ['parse', 'show']);
      const heavy = entry();
      run(['mysql2'], ['show']);
      run(['mysql2', 'php-parser'], ['parse', 'show']);
      assert.deepEqual(entry(), heavy);
      assert.equal(lighter(), '0 1');
      run(['mysql2'], ['show']);
      run(['mysql2'], ['show']);
      assert.equal(lighter(), '2 1');
      assert.equal(writer(), 'mysql2,php-parser');
      run(['mysql2'], ['show']);
      assert.equal(writer(), 'mysql2');
    });

    it('a run known to load more (--no-cache) neither counts nor compiles afresh; a heavier run resets the count; a damaged count is none', () => {
      run(['mysql2', 'php-parser'], ['parse', 'show']);
      const heavy = entry();
      run(['mysql2'], ['show']);
      run(['mysql2', 'php-parser'], ['parse', 'show'], true);
      assert.equal(lighter(), '1 0');
      assert.deepEqual(entry(), heavy);
      run(['mysql2', 'php-parser'], ['parse', 'show'], true);
      assert.deepEqual(entry(), heavy);
      fs.writeFileSync(path.join(cache, `${entries().find((e) => e.endsWith('.bin'))!}.lighter`), 'garbage');
      run(['mysql2', 'php-parser'], ['parse', 'show']);
      assert.deepEqual(entry(), heavy);
      run(['mysql2'], ['show']);
      assert.equal(lighter(), '1 0');
      run(['mysql2', 'php-parser'], ['parse', 'show']);
      assert.equal(lighter(), '0 1');
    });
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
