// node out/bench/analysis.bench.js   (after `node scripts/build.mjs` for the CLI figure)
// Issue 3's figures, each against a baseline measured in the same run:
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
 * alternated: the wall time of readMigrations in the child, and the CPU time of all its threads
 * (the worker's and V8's compiler threads included).
 */
function sharedParse(): void {
  const dir = mkdtempSync(join(tmpdir(), 'md-shared-parse-bench-'));
  try {
    const generated = generateMigrations(10_000, 11);
    generated.forEach((m) => writeFileSync(join(dir, `${m.name}.php`), m.source));
    const out = resolve(__dirname, '../src/core/analysis');
    const script = `const { listMigrationPaths, readMigrations } = require(${JSON.stringify(join(out, 'load'))});
      const { shareParse } = require(${JSON.stringify(join(out, 'readAhead'))});
      const { readMigrationFile } = require(${JSON.stringify(join(out, 'readSource'))});
      listMigrationPaths([process.argv[1]]).then(({ paths: all }) => {
        const paths = all.slice(0, Number(process.argv[2]));
        const shared = process.argv[3] === 'shared' ? shareParse(paths) : undefined;
        let supplied = 0;
        const cpu = process.cpuUsage();
        const start = performance.now();
        readMigrations(paths, shared ? { read: (i) => shared.read(i), close: () => (supplied = shared.close()) } : { read: (i) => readMigrationFile(paths[i]), close: () => 0 });
        const wall = performance.now() - start;
        const used = process.cpuUsage(cpu);
        console.log(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000, supplied }));
      });`;
    const run = (count: number, mode: string) => JSON.parse(spawnSync(process.execPath, ['-e', script, dir, String(count), mode], { encoding: 'utf8' }).stdout) as { wall: number; cpu: number; supplied: number };
    console.log('5. reading and parsing N generated migrations in a fresh process, this thread alone vs shared with the worker, 7 alternated runs, medians:');
    for (const count of [500, 1000, 2000, 5000, 10_000]) {
      const alone = { wall: [] as number[], cpu: [] as number[] };
      const shared = { wall: [] as number[], cpu: [] as number[], supplied: [] as number[] };
      for (let i = 0; i < 7; i++) {
        const a = run(count, 'alone');
        const b = run(count, 'shared');
        alone.wall.push(a.wall);
        alone.cpu.push(a.cpu);
        shared.wall.push(b.wall);
        shared.cpu.push(b.cpu);
        shared.supplied.push(b.supplied);
      }
      console.log(`   ${String(count).padStart(6)} files: wall alone ${ms(median(alone.wall))}, shared ${ms(median(shared.wall))} (${(median(shared.wall) / median(alone.wall)).toFixed(2)}x); `
        + `CPU alone ${ms(median(alone.cpu))}, shared ${ms(median(shared.cpu))} (${(median(shared.cpu) / median(alone.cpu)).toFixed(2)}x); the worker parsed ${median(shared.supplied)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
const only = process.argv.slice(2).map(Number);
const items = [wholeProject, keystroke, cli, realLint, sharedParse];
items.forEach((item, i) => { if (only.length === 0 || only.includes(i + 1)) item(); });
