// The VSIX as Open VSX receives it. `ovsx` has no offline check (publish, verify-pat and the
// rest all talk to the registry), so this packs the extension with vsce, as `npm run package`
// does, and checks the packaged manifest against the rules the registry applies on publish
// (its ExtensionValidator: names, version, URLs, field sizes and characters, banner theme),
// plus what it refuses or cannot serve: no license, no engines.vscode, proposed APIs (no
// marketplace accepts an extension that enables them), an icon that is not a PNG.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { repoRoot } from '../../support/laravel';

/** The entries of a zip file (a VSIX is one), read from its central directory. */
function unzip(file: string): Map<string, Buffer> {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, `${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(data, data + size);
    entries.set(name, method === 8 ? inflateRawSync(raw) : raw);
    at += 46 + nameLength + extra;
  }
  return entries;
}

interface Manifest {
  name?: string; publisher?: string; version?: string; displayName?: string; description?: string;
  license?: string; icon?: string; categories?: string[]; keywords?: string[];
  engines?: { vscode?: string }; enabledApiProposals?: string[];
  repository?: string | { url?: string }; homepage?: string; bugs?: string | { url?: string };
  galleryBanner?: { color?: string; theme?: string }; markdown?: string; qna?: string | false;
}

/** What Open VSX's ExtensionValidator (and its publish) would refuse in this manifest. */
export function openVsxIssues(manifest: Manifest, nls: Record<string, string>, files: ReadonlySet<string>): string[] {
  const issues: string[] = [];
  const text = (value: string | undefined) => value?.replace(/^%(.+)%$/, (whole, key: string) => nls[key] ?? whole);
  const name = /^[\w\-+$~]+$/;
  if (!manifest.publisher || !name.test(manifest.publisher) || manifest.publisher.length > 255) issues.push(`publisher (namespace) ${JSON.stringify(manifest.publisher)}`);
  if (!manifest.name || !name.test(manifest.name) || manifest.name.length > 255) issues.push(`name ${JSON.stringify(manifest.name)}`);
  const version = manifest.version ?? '';
  if (!version || ['latest', 'pre-release', 'reviews'].includes(version) || !/^[\p{L}\p{N}$+\-,.:;_]+$/u.test(version)) issues.push(`version ${JSON.stringify(version)}`);
  if (!manifest.engines?.vscode) issues.push('engines.vscode is missing');
  if (manifest.enabledApiProposals?.length) issues.push(`proposed APIs: ${manifest.enabledApiProposals.join(', ')}`);
  if (!manifest.license) issues.push('license is missing');
  if (!files.has('extension/LICENSE.txt') && !files.has('extension/LICENSE')) issues.push('no LICENSE file in the package');
  // Control, format, unassigned, private-use and separator characters are refused.
  const badCharacter = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Zl}\p{Zp}]/u;
  const fields: [string, string | undefined, number][] = [
    ['displayName', text(manifest.displayName), 255], ['description', text(manifest.description), 2048], ['license', manifest.license, 255],
    ...(manifest.categories ?? []).map((c): [string, string, number] => ['categories', c, 255]),
    ...(manifest.keywords ?? []).map((k): [string, string, number] => ['keywords', k, 255]),
    ['galleryBanner.color', manifest.galleryBanner?.color, 16],
  ];
  for (const [field, value, limit] of fields) {
    if (value !== undefined && (badCharacter.test(value) || value.length > limit)) issues.push(`${field}: ${JSON.stringify(value)}`);
  }
  const url = (value: string | { url?: string } | undefined) => (typeof value === 'string' ? value : value?.url);
  for (const [field, value] of [['repository', url(manifest.repository)], ['homepage', manifest.homepage], ['bugs', url(manifest.bugs)]] as const) {
    if (value === undefined) continue;
    let host = '';
    try { host = new URL(value.replace(/^git\+/, '')).host; } catch { /* not a URL */ }
    if (!host || value.length > 255) issues.push(`${field} is not a URL: ${value}`);
  }
  if (!url(manifest.repository)) issues.push('repository is missing (the registry links the source from it)');
  if (manifest.galleryBanner?.theme && !['dark', 'light'].includes(manifest.galleryBanner.theme)) issues.push(`galleryBanner.theme ${manifest.galleryBanner.theme}`);
  if (manifest.markdown && !['github', 'standard'].includes(manifest.markdown)) issues.push(`markdown ${manifest.markdown}`);
  if (manifest.icon) {
    const icon = files.has(`extension/${manifest.icon}`) ? `extension/${manifest.icon}` : undefined;
    if (!icon) issues.push(`icon ${manifest.icon} is not in the package`);
    else if (!manifest.icon.endsWith('.png')) issues.push(`icon ${manifest.icon} is not a PNG`);
  }
  return issues;
}

describe('the VSIX as Open VSX receives it', function () {
  this.timeout(300_000);
  let temp: string;
  let entries: Map<string, Buffer>;

  before(async () => {
    assert.ok(fs.existsSync(path.join(repoRoot, 'dist', 'extension.js')), 'dist/extension.js is missing: run node scripts/build.mjs');
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-vsix-'));
    const vsix = path.join(temp, 'migration-doctor.vsix');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const vsce = require('@vscode/vsce') as { createVSIX(options: object): Promise<unknown> };
    await vsce.createVSIX({ cwd: repoRoot, packagePath: vsix, dependencies: false, rewriteRelativeLinks: false });
    entries = unzip(vsix);
  });
  after(() => {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  it('has a manifest Open VSX accepts: namespace, name, version, license, repository, engine, no proposed API, a PNG icon', () => {
    const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8')) as Manifest;
    const nls = JSON.parse(entries.get('extension/package.nls.json')?.toString('utf8') ?? '{}') as Record<string, string>;
    assert.deepEqual(openVsxIssues(manifest, nls, new Set(entries.keys())), []);
    assert.equal(entries.get(`extension/${manifest.icon}`)!.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'the icon is not PNG data');
    // The French of the manifest and of the bundle travel with it.
    assert.ok(entries.has('extension/package.nls.fr.json') && entries.has('extension/l10n/bundle.l10n.fr.json'));
  });

  it('the check refuses what Open VSX refuses', () => {
    const files = new Set(['extension/LICENSE.txt', 'extension/icon.svg']);
    const good: Manifest = { name: 'x', publisher: 'p', version: '1.0.0', license: 'MIT', engines: { vscode: '^1.100.0' }, repository: 'https://example.org/x.git' };
    assert.deepEqual(openVsxIssues(good, {}, files), []);
    const bad: Manifest = {
      name: 'a b', publisher: '', version: 'latest', engines: {}, enabledApiProposals: ['terminalDataWriteEvent'], repository: { url: 'not a url' },
      description: '%d%', galleryBanner: { theme: 'blue' }, icon: 'icon.svg',
    };
    const issues = openVsxIssues(bad, { d: 'tab\there' }, new Set());
    for (const expected of ['publisher', 'name', 'version', 'engines.vscode', 'proposed APIs', 'license is missing', 'no LICENSE', 'description', 'repository is not a URL', 'galleryBanner.theme', 'icon icon.svg is not in the package']) {
      assert.ok(issues.some((issue) => issue.startsWith(expected)), `${expected} not refused: ${issues.join(' | ')}`);
    }
  });
});
