// node out/bench/translate.bench.js [migrations]
// The translation's cost on a realistic project history, against the baseline of parsing the
// same files (php-parser), measured in the same run: the replay into table states, the
// Drizzle tables built from them, the schema-mismatch rule, and the generated schema files; and
// the first translation of the run, before any warm-up (what one CLI run pays).
import { performance } from 'node:perf_hooks';
import { parseMigration } from '../src/core/analysis/parse';
import { schemaMismatch } from '../src/core/translate/schemaMismatch';
import { generateDrizzleSchemaFiles, translateMigrations, translateToStates } from '../src/core/translate';
import { generateMigrations } from './migrationGenerator';

function median(work: () => void, rounds = 9): number {
  // Warm up first: the figures are steady-state costs, not the JIT's first pass.
  for (let i = 0; i < 3; i++) work();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

const count = Number(process.argv[2] ?? 400);
const files = generateMigrations(count);
const parse = () => files.map((f) => parseMigration(`/app/database/migrations/${f.name}.php`, f.source));
const migrations = parse();
// The benchmark's migrations use Laravel 8.83's Blueprint.
const options = { tablePrefix: '', laravel: { version: '8.83', driver: 'mysql' } } as const;

// What one CLI run pays: the first translation, before the JIT has seen the code.
const firstStart = performance.now();
translateMigrations(migrations, options);
const first = performance.now() - firstStart;
const parsing = median(() => { parse(); });
const states = median(() => { translateToStates(migrations, options); });
const drizzle = median(() => { translateMigrations(migrations, options); });
const translation = translateMigrations(migrations, options);
const rule = median(() => { schemaMismatch.checkProject!({ migrations, timeline: undefined as never }); });
const codegen = median(() => { generateDrizzleSchemaFiles(translation); }, 3);

const row = (label: string, ms: number) => console.log(`${label.padEnd(44)} ${ms.toFixed(2).padStart(9)} ms  ${(ms / parsing).toFixed(3)}× parsing`);
console.log(`${count} migrations, ${translation.tables.size} tables translated, ${translation.unknown.size} unknown`);
row('baseline: parse every file (php-parser)', parsing);
row('first translateMigrations (cold, as a CLI run)', first);
row('replay into table states', states);
row('translateMigrations (+ Drizzle tables)', drizzle);
row('schema-mismatch rule (whole project)', rule);
row('generateDrizzleSchemaFiles', codegen);
