// node out/bench/structure.bench.js [tables]
// Reading live structures: readLiveTables for N tables at once against the baseline of one
// readLiveTables call per table, in the same run on the same database; plus DDL rendering
// and comparison costs. Prints figures.
import { performance } from 'node:perf_hooks';
import type { Database } from '../src/core/db/database';
import {
  compareTables,
  createTableStatements,
  expectedFromDrizzle,
  laravelDefaults,
  readLiveTables,
} from '../src/core/structure';
import { builtInTables } from '../src/schema';
import { createTestDatabase } from '../test/support/database';

function counted(db: Database): Database & { queries: number } {
  const wrapper = { options: db.options, queries: 0, query: <Row>(sql: string, params?: readonly unknown[]) => {
    wrapper.queries++;
    return db.query<Row>(sql, params);
  }, execute: db.execute.bind(db), close: db.close.bind(db) };
  return wrapper;
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

async function main(): Promise<void> {
  const copies = Math.max(1, Math.ceil(Number(process.argv[2] ?? 60) / builtInTables.length));
  const test = await createTestDatabase('md_structure_bench');
  const db = await test.open();
  try {
    const cold = await time(async () => createTableStatements(expectedFromDrizzle(builtInTables[2], laravelDefaults).model));
    const tables = Array.from({ length: copies }, (_, i) => builtInTables.map((t) => expectedFromDrizzle(t, laravelDefaults, `b${i}_`))).flat();
    const warm = await time(async () => {
      for (const table of tables) for (const sql of createTableStatements(table.model)) await db.execute(sql);
    });
    const names = tables.map((t) => t.name);

    const rounds = 5;
    let batched = { ms: 0, queries: 0 };
    let perTable = { ms: 0, queries: 0 };
    for (let round = 0; round < rounds; round++) {
      const all = counted(db);
      batched.ms += (await time(() => readLiveTables(all, names))).ms;
      batched.queries = all.queries;
      const one = counted(db);
      perTable.ms += (await time(async () => {
        for (const name of names) await readLiveTables(one, [name]);
      })).ms;
      perTable.queries = one.queries;
    }
    batched = { ...batched, ms: batched.ms / rounds };
    perTable = { ...perTable, ms: perTable.ms / rounds };

    const live = await readLiveTables(db, names);
    const models = tables.map((t) => t.model);
    const compare = await time(async () => models.reduce((n, model) => n + compareTables(model, live.get(model.name)!).length, 0));
    if (compare.result !== 0) throw new Error(`expected no difference, got ${compare.result}`);

    console.log(`structure bench on ${tables.length} tables (MariaDB, ${rounds} rounds)`);
    console.log(`  readLiveTables, all at once : ${batched.ms.toFixed(1)} ms, ${batched.queries} queries`);
    console.log(`  baseline, one call per table: ${perTable.ms.toFixed(1)} ms, ${perTable.queries} queries`);
    console.log(`  ratio baseline / batched    : ${(perTable.ms / batched.ms).toFixed(1)}x time, ${(perTable.queries / batched.queries).toFixed(0)}x queries`);
    console.log(`  createTableStatements       : ${cold.ms.toFixed(0)} ms cold (first call), ${(warm.ms / tables.length).toFixed(1)} ms per table warm (incl. executing)`);
    console.log(`  compareTables               : ${(compare.ms / tables.length).toFixed(3)} ms per table`);
  } finally {
    await db.close();
    await test.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
