// The `migration-doctor` executable (dist/cli.js): runs the CLI bundle (dist/lazy/cli.js) and
// the bundles it requires (mysql2, ...) with V8's code cache, then saves what was compiled.
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { codeCacheFolder, codeCacheVariant, loadBundle } from './codeCache';

const folder = codeCacheFolder();
const bundles = path.join(__dirname, 'lazy');
const loaded = new Map<string, unknown>();
const saves: (() => void)[] = [];

/** The CLI bundle's `require`: its sibling bundles through the code cache, the rest as usual. */
function requireFrom(file: string): NodeRequire {
  const base = createRequire(file);
  const own = (id: string): unknown => {
    const target = id.startsWith('./') ? path.join(path.dirname(file), id) : undefined;
    if (!target || path.dirname(target) !== bundles) return base(id);
    if (!loaded.has(target)) {
      const bundle = loadBundle(target, folder, { requireFrom });
      saves.push(bundle.save);
      loaded.set(target, bundle.exports);
    }
    return loaded.get(target);
  };
  return Object.assign(own, base) as NodeRequire;
}

process.once('exit', () => {
  for (const save of saves) save();
});
saves.push(loadBundle(path.join(bundles, 'cli.js'), folder, { main: true, requireFrom, variant: codeCacheVariant(process.argv.slice(2)) }).save);
