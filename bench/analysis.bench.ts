// node out/bench/analysis.bench.js   (after `node scripts/build.mjs` for the CLI figure)
// The analysis's speed targets, each against a baseline measured in the same run:
//  1. whole-project analysis of 2,000 generated migrations (warm JIT, nothing cached)
//     vs php-parser alone parsing the same sources (target <= 1.5x);
//  2. one keystroke in a 400-migration project: re-parse of that file + timeline + rules (< 5 ms);
//  3. `node dist/cli.js lint` on 400 migrations end to end, vs `node -e 0` (< 1 s);
//  4. `lint` of the ~400 real migrations of snipe-it (the differential suite's mirror), vs a
//     process that only reads and parses the same files with php-parser, default options (target <= 1.0x);
//  5. reading and parsing N generated migrations in a fresh process (V8's warm-up included, as in a
//     cold run), on this thread alone vs shared with the worker (src/core/analysis/readAhead.ts):
//     where the worker pays (its threshold, shareFrom). `node out/bench/analysis.bench.js 5` runs only it.
// Prints figures; asserts nothing (not a timed test).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseMigration, parsePhp } from '../src/core/analysis/parse';
import { MigrationProject, analyzeProject } from '../src/core/analysis/project';
import { generateMigrations } from './migrationGenerator';
import { realApps } from '../test/integration/realApps/apps';
import { extractMigrations, mirrorProblem } from '../test/support/realApps';

const root = resolve(__dirname, '../..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

function wholeProject(): void {
  const migrations = generateMigrations(2000).map((m) => ({ path: `/bench/${m.name}.php`, source: m.source }));
  const parseAlone = () => { for (const m of migrations) parsePhp(m.path, m.source); };
  let findings = 0;
  const analysis = () => { findings = analyzeProject(migrations.map((m) => parseMigration(m.path, m.source))).findings.length; };
  for (let i = 0; i < 3; i++) { parseAlone(); analysis(); } // warm-up: JIT, not caches (every run parses afresh)
  const parseTimes: number[] = [];
  const analysisTimes: number[] = [];
  // CPU time of this process, not wall time: other processes on a shared machine do not count.
  const cpu = (f: () => void) => { const c = process.cpuUsage(); f(); const d = process.cpuUsage(c); return (d.user + d.system) / 1000; };
  for (let i = 0; i < 11; i++) {
    parseTimes.push(cpu(parseAlone));
    analysisTimes.push(cpu(analysis));
  }
  const p = median(parseTimes);
  const a = median(analysisTimes);
  const bytes = migrations.reduce((n, m) => n + m.source.length, 0);
  // Interleaved runs share the machine's load; the best runs show the cost without it.
  console.log(`1. whole project, 2,000 migrations (${(bytes / 1e6).toFixed(1)} MB), 11 interleaved warm runs, CPU time:`);
  console.log(`   median: php-parser alone ${ms(p)}, analysis (parse + model + timeline + rules, ${findings} findings) ${ms(a)}, ratio ${(a / p).toFixed(2)}x`);
  console.log(`   best:   php-parser alone ${ms(Math.min(...parseTimes))}, analysis ${ms(Math.min(...analysisTimes))}, ratio ${(Math.min(...analysisTimes) / Math.min(...parseTimes)).toFixed(2)}x (target <= 1.5x)`);
}

function keystroke(): void {
  const generated = generateMigrations(400, 7);
  const project = new MigrationProject();
  for (const m of generated) project.setFile(`/bench/${m.name}.php`, m.source);
  project.analyze();
  const target = generated[200];
  const path = `/bench/${target.name}.php`;
  const before = project.migrations();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    // A keystroke inside the first table literal: the text changes every time.
    const text = target.source.replace(/'([a-z_0-9]+)'/, (_, t: string) => `'${t}${'x'.repeat(i % 7)}'`);
    const c = process.cpuUsage();
    const t = performance.now();
    project.setFile(path, text);
    project.analyze();
    times.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpuTimes.push((d.user + d.system) / 1000);
  }
  const after = project.migrations();
  const reparsed = after.filter((m, i) => m !== before[i]).length;
  console.log('2. one keystroke in a 400-migration project (re-parse + timeline + all rules), 200 keystrokes:');
  console.log(`   wall median ${ms(median(times))}, p95 ${ms([...times].sort((a, b) => a - b)[189])}, max ${ms(Math.max(...times))}; CPU median ${ms(median(cpuTimes))} (target < 5 ms)`);
  console.log(`   files re-parsed per keystroke: ${reparsed} of 400`);
}

/** CPU time of finished children (Linux /proc: cutime + cstime, in clock ticks of 10 ms). */
function childCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

function cli(): void {
  const cliPath = join(root, 'dist/cli.js');
  if (!existsSync(cliPath)) {
    console.log('3. skipped: run `node scripts/build.mjs` first (dist/cli.js is missing)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'md-lint-bench-'));
  try {
    mkdirSync(join(dir, 'database/migrations'), { recursive: true });
    for (const m of generateMigrations(400, 7)) writeFileSync(join(dir, 'database/migrations', `${m.name}.php`), m.source);
    const time = (args: string[]) => {
      const cpu0 = childCpuMs();
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
      return { ms: performance.now() - t, cpu: childCpuMs() - cpu0, status: r.status, out: r.stdout };
    };
    time([cliPath, 'lint']);
    const lint: number[] = [];
    const lintCpu: number[] = [];
    const node: number[] = [];
    let last = time([cliPath, 'lint']);
    for (let i = 0; i < 7; i++) {
      last = time([cliPath, 'lint']);
      lint.push(last.ms);
      lintCpu.push(last.cpu);
      node.push(time(['-e', '0']).ms);
    }
    console.log('3. `node dist/cli.js lint` on 400 migrations, end to end, 7 runs:');
    console.log(`   wall median ${ms(median(lint))}, best ${ms(Math.min(...lint))} (target < 1 s); CPU (user+sys) median ${ms(median(lintCpu))}`);
    console.log(`   bare \`node -e 0\` wall median ${ms(median(node))}; lint exit ${last.status}: "${last.out.trim().split('\n').pop()}"`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The baseline: php-parser as anyone would call it, with its default options (no positions,
 * no error recovery: a file with a syntax error stops at it and is counted). `positions` adds the
 * analysis's own settings (src/core/analysis/parse.ts), to tell the parse's share of the gap
 * from the analysis's.
 */
const parseOnlyScript = (phpParser: string) => `const fs = require('fs'); const path = require('path');
const { Engine } = require(${JSON.stringify(phpParser)});
const engine = new Engine(process.argv[3] === 'positions'
  ? { parser: { extractDoc: false, suppressErrors: true, php8: true }, ast: { withPositions: true, withSource: false }, lexer: { all_tokens: false } }
  : {});
const dir = process.argv[2];
let n = 0;
let failed = 0;
for (const f of fs.readdirSync(dir)) if (f.endsWith('.php')) { try { engine.parseCode(fs.readFileSync(path.join(dir, f), 'utf8'), f); } catch { failed++; } n++; }
console.log(n + ' files parsed' + (failed ? ', ' + failed + ' with a syntax error' : ''));
`;

function realLint(): void {
  const cliPath = join(root, 'dist/cli.js');
  const app = realApps.find((a) => a.repo === 'snipe/snipe-it')!;
  const problem = existsSync(cliPath) ? mirrorProblem(app) : 'run `node scripts/build.mjs` first (dist/cli.js is missing)';
  if (problem) {
    console.log(`4. skipped: ${problem}`);
    return;
  }
  // Every file of the folder, the ones the suite sets aside (they need the app to run) included.
  const extracted = extractMigrations({ ...app, setAside: {} });
  try {
    const script = join(extracted.dir, '..', 'parse-only.js');
    writeFileSync(script, parseOnlyScript(join(root, 'node_modules', 'php-parser')));
    const time = (args: string[]) => {
      const cpu0 = childCpuMs();
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: extracted.dir, encoding: 'utf8' });
      return { ms: performance.now() - t, cpu: childCpuMs() - cpu0, out: r.stdout };
    };
    // Warm: the analysis cache the first run writes (under extracted.dir); cold: --no-cache.
    const lintArgs = [cliPath, 'lint', extracted.dir, '--format', 'json'];
    const coldArgs = [...lintArgs, '--no-cache'];
    time(lintArgs);
    time([script, extracted.dir]);
    const runs = { warm: { ms: [] as number[], cpu: [] as number[] }, cold: { ms: [] as number[], cpu: [] as number[] }, parse: { ms: [] as number[], cpu: [] as number[] }, positions: { ms: [] as number[], cpu: [] as number[] } };
    let parsed = '';
    for (let i = 0; i < 9; i++) {
      for (const [name, args] of [['warm', lintArgs], ['cold', coldArgs], ['parse', [script, extracted.dir]], ['positions', [script, extracted.dir, 'positions']]] as const) {
        const r = time([...args]);
        runs[name].ms.push(r.ms);
        runs[name].cpu.push(r.cpu);
        if (name === 'parse') parsed = r.out.trim();
      }
    }
    const { parse, positions } = runs;
    console.log(`4. \`lint\` of snipe-it's real migrations (${parsed}) vs a process that only reads and parses them with php-parser's default options, 9 interleaved runs:`);
    for (const name of ['warm', 'cold'] as const) {
      const lint = runs[name];
      console.log(`   ${name === 'warm' ? 'warm (cache present)' : 'cold (--no-cache)  '} CPU (user+sys, 10 ms ticks) median: lint ${ms(median(lint.cpu))}, read+parse ${ms(median(parse.cpu))}, ratio ${(median(lint.cpu) / median(parse.cpu)).toFixed(2)}x; best ${(Math.min(...lint.cpu) / Math.min(...parse.cpu)).toFixed(2)}x (target <= 1.0x)`);
      console.log(`   ${' '.repeat(20)} wall median: lint ${ms(median(lint.ms))}, read+parse ${ms(median(parse.ms))}, ratio ${(median(lint.ms) / median(parse.ms)).toFixed(2)}x`);
    }
    console.log(`   the same read+parse with the analysis's settings (positions, error recovery): CPU median ${ms(median(positions.cpu))}, ${(median(positions.cpu) / median(parse.cpu)).toFixed(2)}x the defaults; cold lint ${(median(runs.cold.cpu) / median(positions.cpu)).toFixed(2)}x it`);
  } finally {
    extracted.remove();
  }
}

/**
 * One fresh process per run (each pays V8's warm-up, as a cold CLI run does), alone and shared
 * alternated: the wall time of readMigrations in the child, the CPU time of this thread (what a run
 * waits for when the worker has a core of its own) and of all threads (the worker's and V8's
 * compiler and GC threads included), from /proc (Linux).
 */
function sharedParse(): void {
  const dir = mkdtempSync(join(tmpdir(), 'md-shared-parse-bench-'));
  try {
    const generated = generateMigrations(10_000, 11);
    generated.forEach((m) => writeFileSync(join(dir, `${m.name}.php`), m.source));
    const out = resolve(__dirname, '../src/core/analysis');
    const script = `const fs = require('node:fs');
      const { listMigrationPaths, readMigrations } = require(${JSON.stringify(join(out, 'load'))});
      const { shareParse } = require(${JSON.stringify(join(out, 'readAhead'))});
      const { readMigrationFile } = require(${JSON.stringify(join(out, 'readSource'))});
      // Each thread's CPU time in ms (utime + stime, ticks of 10 ms), by thread id.
      // A thread may end between the listing and its read.
      const threads = () => new Map(fs.readdirSync('/proc/self/task').flatMap((t) => {
        try {
          const fields = fs.readFileSync('/proc/self/task/' + t + '/stat', 'utf8').split(') ')[1].split(' ');
          return [[t, (Number(fields[11]) + Number(fields[12])) * 10]];
        } catch {
          return [];
        }
      }));
      listMigrationPaths([process.argv[1]]).then(({ paths: listed }) => {
        const paths = listed.slice(0, Number(process.argv[2]));
        const before = threads();
        const start = performance.now();
        const shared = process.argv[3] === 'shared' ? shareParse(paths) : undefined;
        let supplied = 0;
        let after;
        const close = () => { after = threads(); return shared ? (supplied = shared.close()) : 0; };
        readMigrations(paths, { read: (i) => (shared ? shared.read(i) : readMigrationFile(paths[i])), close });
        const wall = performance.now() - start;
        let all = 0;
        for (const [t, cpu] of after) all += cpu - (before.get(t) ?? 0);
        const main = after.get(String(process.pid)) - before.get(String(process.pid));
        console.log(JSON.stringify({ wall, main, all, supplied }));
      });`;
    type Run = { wall: number; main: number; all: number; supplied: number };
    const run = (count: number, mode: string) => JSON.parse(spawnSync(process.execPath, ['-e', script, dir, String(count), mode], { encoding: 'utf8' }).stdout) as Run;
    console.log('5. reading and parsing N generated migrations in a fresh process, this thread alone vs shared with the worker, 7 alternated runs, medians:');
    for (const count of [1000, 2000, 5000, 10_000]) {
      const runs = { alone: [] as Run[], shared: [] as Run[] };
      for (let i = 0; i < 7; i++) {
        runs.alone.push(run(count, 'alone'));
        runs.shared.push(run(count, 'shared'));
      }
      const m = (mode: 'alone' | 'shared', key: keyof Run) => median(runs[mode].map((r) => r[key]));
      const compare = (key: keyof Run) => `alone ${ms(m('alone', key))}, shared ${ms(m('shared', key))} (${(m('shared', key) / m('alone', key)).toFixed(2)}x)`;
      console.log(`   ${String(count).padStart(6)} files: wall ${compare('wall')}; this thread's CPU ${compare('main')}; all threads' CPU ${compare('all')}; the worker parsed ${m('shared', 'supplied')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
const only = process.argv.slice(2).map(Number);
const items = [wholeProject, keystroke, cli, realLint, sharedParse];
items.forEach((item, i) => { if (only.length === 0 || only.includes(i + 1)) item(); });
