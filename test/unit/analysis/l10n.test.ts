import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');

// The editor translates findings with vscode.l10n.t(finding.template): every template, fix
// title and related message the rules can produce must be in the French bundle.
describe('analysis/l10n', () => {
  it('has a French translation for every rule message, fix title and related message', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n/bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;
    const dir = path.join(root, 'src/core/analysis/rules');
    const strings = fs.readdirSync(dir).flatMap((f) => {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      return [...src.matchAll(/"((?:[^"\\]|\\.)*\{0\}(?:[^"\\]|\\.)*)"|'([^'\n]*\{0\}[^'\n]*)'|(?:message|title): '([^'\n]+)'/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    });
    assert.ok(strings.length >= 25, `found ${strings.length} strings`);
    const missing = strings.filter((s) => !(s in bundle));
    assert.deepEqual(missing, []);
    for (const s of strings) assert.doesNotMatch(bundle[s], /'\{/, `French uses « » quotes: ${bundle[s]}`);
    // Where the editor looks each one up through a literal vscode.l10n.t call, each has its call.
    const tablePath = path.join(root, 'src/editor/diagnosticMessages.ts');
    if (!fs.existsSync(tablePath)) return;
    const table = fs.readFileSync(tablePath, 'utf8');
    assert.deepEqual(strings.filter((s) => !table.includes(`vscode.l10n.t(${JSON.stringify(s)}`) && !table.includes(`vscode.l10n.t('${s}'`)), []);
  });
});
