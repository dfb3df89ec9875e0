// What a command evaluates before it does anything: a warm `status` (its translation cached, no
// Drizzle table applying) needs neither the translator nor drizzle-orm, which the code it imports
// must then not load. Checked in a fresh process (this one has loaded everything already).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** The modules under this repository's src/ and node_modules/ that requiring `module` loads, relative to the repository. */
function loadedBy(module: string): string[] {
  const root = path.resolve(__dirname, '../../..');
  const script = `require(${JSON.stringify(path.join(root, module))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
  return loaded.map((file) => path.relative(root, file).split(path.sep).join('/'));
}

describe('CLI start-up', () => {
  it('status loads neither the translator, nor drizzle-orm, nor the preflight simulation', () => {
    const loaded = loadedBy('src/cli/status.js');
    assert.ok(loaded.includes('src/cli/status.js'));
    assert.deepEqual(loaded.filter((file) => /(^|\/)node_modules\/drizzle-orm\/|^src\/core\/translate\/|^src\/core\/preflight\/simulate|^src\/schema\/tables/.test(file)), []);
  });

  it('the shipped Drizzle tables are built when first read', () => {
    const root = path.resolve(__dirname, '../../..');
    const script = `const { builtInTables } = require(${JSON.stringify(path.join(root, 'src/schema/index.js'))});
const before = Object.keys(require.cache).some((f) => f.includes('drizzle-orm'));
const name = require('drizzle-orm/mysql-core').getTableConfig(builtInTables[1].drizzle).name;
process.stdout.write(JSON.stringify([before, name]));`;
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: root })), [false, 'eklektik_notifications_tracking']);
  });
});
