// Property: whatever damage a real migration file takes (cut anywhere, one token deleted, bytes
// changed), the analysis returns a result and claims nothing the intact file does not claim.
//
// A claim is what rules, status and repair act on: an operation of up() or down() (its kind,
// connection, table and new name; when it is sure to run, also its guards), a statement of a
// Blueprint (the whole fluent chain), a complete Blueprint (a full table structure), a table
// named by raw SQL, a named class, a method declared empty. A damaged file that still parses
// without error is another valid file: only "no throw" is checked for it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeMigrationSource } from '../../../src/core/analysis/load';
import { parseMigration } from '../../../src/core/analysis/parse';
import { analyzeProject } from '../../../src/core/analysis/project';
import type { MethodAnalysis, MigrationFile, SourceRange } from '../../../src/core/analysis/types';
import { translateMigrations } from '../../../src/core/translate';
import { mirrorOf } from '../../support/realApps';
import { realApps } from '../../integration/realApps/apps';

const repoRoot = path.resolve(__dirname, '../../../..');
const fixtureFolders = [
  'test/fixtures/analysis/incident', 'test/fixtures/analysis/real-patterns/database/migrations', 'test/fixtures/blueprint-coverage',
  'test/fixtures/blueprint-coverage/doctrine', 'test/fixtures/laravel-app/database/migrations', 'test/fixtures/laravel-packages-app/database/migrations',
];
/** Files taken from each public application's mirror, spread over its history; the cost grows with the square of a file's size. */
const filesPerApp = 3;
const largestAppFile = 3000;
const byteDamagesPerFile = 150;

interface Claims {
  readonly loose: Set<string>;
  readonly sure: Set<string>;
  readonly statements: Map<string, Set<string>>;
  readonly blueprints: Map<string, Set<string>>;
  readonly other: Set<string>;
}

/** A claim with the source range it was read from, so that byte damage inside that very text can be told apart. */
type Claim = { readonly kind: keyof Claims; readonly key: string; readonly value?: string; readonly range?: SourceRange };

function claimsOf(m: MigrationFile): Claim[] {
  const out: Claim[] = [];
  if (m.class.kind === 'named') out.push({ kind: 'other', key: `class ${m.class.namespace ?? ''}\\${m.class.name}`, range: m.class.range });
  const method = (name: string, a: MethodAnalysis) => {
    if (a.empty) out.push({ kind: 'other', key: `${name} empty` });
    for (const op of a.operations) {
      const loose = [name, op.kind, op.connection ?? '', op.table.name, op.renamedTo?.name ?? ''].join('|');
      const range = op.renamedTo ? spanOf(op.table.range, op.renamedTo.range) : op.table.range;
      out.push({ kind: 'loose', key: loose, range });
      if (op.conditional === undefined) {
        const guards = op.guards.map((g) => `${g.requiresExisting ? '' : '!'}${g.table}`).sort().join(',');
        out.push({ kind: 'sure', key: `${loose}|${guards}`, range });
      }
      for (const s of op.blueprint ?? []) out.push({ kind: 'statements', key: loose, value: JSON.stringify(s.chain), range: s.range });
      if (op.blueprint && op.blueprintUnknown === undefined) {
        out.push({ kind: 'blueprints', key: loose, value: JSON.stringify(op.blueprint.map((s) => s.chain)), range: op.range });
      }
    }
    for (const u of a.unknown) {
      for (const t of u.sqlCreates ?? []) out.push({ kind: 'other', key: `${name} sql creates ${t}`, range: u.range });
      for (const t of u.sqlDrops ?? []) out.push({ kind: 'other', key: `${name} sql drops ${t}`, range: u.range });
    }
  };
  method('up', m.up);
  method('down', m.down);
  return out;
}

function spanOf(a: SourceRange, b: SourceRange): SourceRange {
  return { start: a.start.offset <= b.start.offset ? a.start : b.start, end: a.end.offset >= b.end.offset ? a.end : b.end };
}

function collect(claims: readonly Claim[]): Claims {
  const c: Claims = { loose: new Set(), sure: new Set(), statements: new Map(), blueprints: new Map(), other: new Set() };
  for (const claim of claims) {
    const target = c[claim.kind];
    if (target instanceof Map) {
      if (!target.has(claim.key)) target.set(claim.key, new Set());
      target.get(claim.key)!.add(claim.value!);
    } else target.add(claim.key);
  }
  return c;
}

function made(intact: Claims, claim: Claim): boolean {
  const target = intact[claim.kind];
  return target instanceof Map ? target.get(claim.key)?.has(claim.value!) === true : target.has(claim.key);
}

interface Tally { cases: number; withErrors: number; claimsChecked: number; exempt: number; failures: string[]; slowestMs: number }

/**
 * Parses one damaged text: never an exception, never an analyser failure, and (when the text has a
 * syntax error) only claims of the intact file. `damagedAt`: the offset of byte damage, whose own
 * text (a literal changed into another valid literal) is another file's claim, not a recovery artefact.
 */
function check(file: string, label: string, text: string, intact: Claims, tally: Tally, damagedAt?: number): void {
  tally.cases++;
  const started = process.hrtime.bigint();
  let m: MigrationFile;
  try {
    m = parseMigration(file, text);
    // What lint and status run on a file: the rules, and the translation into table structures.
    analyzeProject([m]);
    translateMigrations([m], { tablePrefix: '', laravel: { version: '8.83', driver: 'mysql' } });
  } catch (error) {
    tally.failures.push(`${label}: threw ${(error as Error).stack}`);
    return;
  }
  tally.slowestMs = Math.max(tally.slowestMs, Number(process.hrtime.bigint() - started) / 1e6);
  const internal = m.parseProblems.find((p) => p.kind === 'internal');
  if (internal) tally.failures.push(`${label}: ${internal.message}`);
  if (m.parseProblems.length === 0) return;
  tally.withErrors++;
  for (const claim of claimsOf(m)) {
    if (made(intact, claim)) {
      tally.claimsChecked++;
      continue;
    }
    // Up to and including the offset just after the claim's text: a byte put there ends the name
    // early (`class AddTextColumnT{MediaTable`), which makes another name, not a recovery artefact.
    if (damagedAt !== undefined && claim.range && claim.range.start.offset <= damagedAt && damagedAt <= claim.range.end.offset) {
      tally.exempt++;
      continue;
    }
    tally.failures.push(`${label}: claims ${claim.kind} ${claim.key}${claim.value ? ` ${claim.value}` : ''} that the intact file does not\n--- damaged text near the end of what was read:\n${text.slice(0, 4000)}`);
  }
}

type Token = { readonly text: string; readonly start: number; readonly type: string };

function tokensOf(source: string): Token[] {
  // php-parser's lexer, as token_get_all: single characters are strings, others [type, text, line].
  const { Engine } = require('php-parser') as typeof import('php-parser');
  const engine = new Engine({ parser: { extractDoc: false, suppressErrors: true, php8: true }, lexer: { all_tokens: true } } as any);
  const tokens: Token[] = [];
  let start = 0;
  for (const t of engine.tokenGetAll(source) as unknown as (string | [string, string])[]) {
    const [type, text] = typeof t === 'string' ? [t, t] : [t[0], t[1]];
    tokens.push({ text, start, type });
    start += text.length;
  }
  assert.equal(start, source.length, 'the tokens cover the file');
  return tokens;
}

/** A small seeded generator (mulberry32): the same damage on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes likely to change PHP's reading of a file, and a few arbitrary ones. */
const damageBytes = [..."'\"`()[]{};,$\\/*#?<>-=:. \n", '\0'].map((c) => c.charCodeAt(0)).concat([0xff, 0xfe, 0xc3, 0x80]);

function publicAppFiles(dir: string): { label: string; path: string }[] {
  // The pinned apps at their pinned commits, whatever else the mirror folder holds: the seeded
  // damages follow one another from file to file, so another app's files (or a newer HEAD)
  // would move every damage after them.
  const found: { label: string; path: string }[] = [];
  for (const app of [...realApps].sort((a, b) => (path.basename(path.dirname(mirrorOf(a))) < path.basename(path.dirname(mirrorOf(b))) ? -1 : 1))) {
    const gitDir = mirrorOf(app);
    if (!existsSync(gitDir)) continue;
    const label = path.basename(path.dirname(gitDir));
    let names: string[];
    try {
      // `<mode> blob <hash> <size>\t<path>`
      names = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-l', app.commit, '--', app.folder], { encoding: 'utf8' })
        .split('\n').map((line) => /^\S+ blob \S+ +(\d+)\t(.+\/[^/]+\.php)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null && path.dirname(m[2]) === app.folder && Number(m[1]) <= largestAppFile).map((m) => m[2]).sort();
    } catch {
      continue;
    }
    // Spread over the history: early files are often the big initial schema, later ones small changes.
    const picked = names.length <= filesPerApp ? names : Array.from({ length: filesPerApp }, (_, i) => names[Math.floor((i * (names.length - 1)) / (filesPerApp - 1))]);
    for (const name of picked) {
      const target = path.join(dir, label, path.basename(name));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, execFileSync('git', ['--git-dir', gitDir, 'show', `${app.commit}:${name}`]));
      found.push({ label: `${label.replace('+', '/')}:${path.basename(name)}`, path: target });
    }
  }
  return found;
}

describe('analysis of damaged files (property over real migrations)', function () {
  // Parsing is synchronous: a hang would not be interrupted by a timeout, only reported by it.
  this.timeout(600000);
  let scratch: string;
  before(() => { scratch = mkdtempSync(path.join(tmpdir(), 'md-analysis-property-')); });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('every prefix, every single-token deletion and seeded byte damage: a result, and no claim the intact file does not make', () => {
    const files = [
      ...fixtureFolders.flatMap((folder) => readdirSync(path.join(repoRoot, folder)).filter((f) => f.endsWith('.php')).sort()
        .map((f) => ({ label: `${folder}/${f}`, path: path.join(repoRoot, folder, f) }))),
      ...publicAppFiles(scratch),
    ];
    const tallies = { prefixes: newTally(), deletions: newTally(), bytes: newTally() };
    const next = random(20261127);
    for (const { label, path: p } of files) {
      const fileStarted = Date.now();
      const bytes = readFileSync(p);
      const decoded = decodeMigrationSource(bytes);
      assert.ok('text' in decoded, `${label} reads as UTF-8`);
      const source = decoded.text;
      const fileName = `/app/database/migrations/${path.basename(p)}`;
      const intactFile = parseMigration(fileName, source);
      assert.deepEqual(intactFile.parseProblems, [], `${label} parses without error`);
      const intact = collect(claimsOf(intactFile));
      const tokens = tokensOf(source);
      for (const [i, t] of tokens.entries()) {
        if (t.type === 'T_WHITESPACE') continue;
        const end = t.start + t.text.length;
        check(fileName, `${label} cut at ${end}`, source.slice(0, end), intact, tallies.prefixes);
        // Inside a literal too: `Schema::create('fa` is what a file looks like while typing.
        if (t.type === 'T_CONSTANT_ENCAPSED_STRING' && t.text.length > 2) {
          check(fileName, `${label} cut at ${t.start + 1}`, source.slice(0, t.start + 1), intact, tallies.prefixes);
          check(fileName, `${label} cut at ${end - 1}`, source.slice(0, end - 1), intact, tallies.prefixes);
        }
        check(fileName, `${label} without token ${i} ${JSON.stringify(t.text.slice(0, 40))}`, source.slice(0, t.start) + source.slice(end), intact, tallies.deletions);
      }
      for (let d = 0; d < byteDamagesPerFile; d++) {
        const at = Math.floor(next() * bytes.length);
        const mode = Math.floor(next() * 3);
        const byte = damageBytes[Math.floor(next() * damageBytes.length)];
        const damaged = mode === 0 ? Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at + 1)])
          : mode === 1 ? Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)])
            : Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
        const text = decodeMigrationSource(damaged);
        if (!('text' in text)) continue;
        // The damaged offset in the decoded text (files are ASCII there, or nearly).
        const offset = decodeMigrationSource(damaged.subarray(0, at));
        const damagedAt = 'text' in offset ? offset.text.length : at;
        check(fileName, `${label} ${['replaced', 'inserted', 'deleted'][mode]} byte ${byte} at ${at}`, text.text, intact, tallies.bytes, damagedAt);
      }
      if (process.env.MD_PROPERTY_TRACE) console.log(`      ${label}: ${bytes.length} bytes, ${tokens.length} tokens, ${Date.now() - fileStarted} ms`);
    }
    const summary = Object.entries(tallies).map(([kind, t]) => `${kind}: ${t.cases} cases (${t.withErrors} with a syntax error, ${t.claimsChecked} claims checked, ${t.exempt} claims of a literal the damage itself changed), slowest ${t.slowestMs.toFixed(0)} ms`);
    console.log(`      ${files.length} files (${files.length - files.filter((f) => f.path.startsWith(scratch)).length} fixtures, ${files.filter((f) => f.path.startsWith(scratch)).length} from public apps)\n      ${summary.join('\n      ')}`);
    const failures = Object.values(tallies).flatMap((t) => t.failures);
    if (process.env.MD_PROPERTY_TRACE) for (const f of failures) console.log(`FAIL ${f.split('\n')[0]}`);
    assert.equal(failures.length, 0, `${failures.length} failures; the first:\n${failures.slice(0, 3).join('\n\n')}`);
  });
});

function newTally(): Tally {
  return { cases: 0, withErrors: 0, claimsChecked: 0, exempt: 0, failures: [], slowestMs: 0 };
}
