// Shared by the analysis tests on the real Laravel: a small history and what the translation and
// status must say of the database Laravel built from it.
import * as assert from 'node:assert/strict';
import { takeSnapshot } from '../../../src/core/status/engine';
import { structurePort } from '../../../src/core/status/structurePort';
import { buildExpectedCatalog } from '../../../src/core/translate';
import { buildWithLaravel, type History, type LaravelRunner, statusProblems, translationDifferences } from '../translate/laravelRun';

export const tables = `Schema::create('users', function (Blueprint $table) { $table->increments('id'); });
        Schema::create('posts', function (Blueprint $table) {
            $table->increments('id');
            $table->string('slug')->index();
            $table->unsignedInteger('user_id');
            $table->foreign('user_id')->references('id')->on('users');
        });`;

/**
 * Laravel runs the history; the translation equals what it built but for the tables it says are
 * unknown (`unknown`: each table and a word of its reason), status calls every migration ran and
 * names `unchecked` as the tables it cannot check (one its migration names with what cannot be read, by that expression).
 */
export async function assertUnknownOnly(runner: LaravelRunner, history: History, unknown: Record<string, string>, unchecked: readonly string[]): Promise<void> {
  const built = await buildWithLaravel(runner, history, 'md_conditions');
  try {
    const problems = await translationDifferences(built);
    const said = Object.entries(unknown).map(([table, reason]) => problems.find((p) => p.startsWith(`${table}: unknown (`) && p.includes(reason)) ?? `${table}: no unknown saying '${reason}'`);
    // An unknown table Laravel built is not among those expected, and that is all the table lists may differ by.
    const lists = /^tables: expected (.*); Laravel built (.*)$/.exec(problems.find((p) => p.startsWith('tables: ')) ?? '');
    const [expected, live] = [lists?.[1], lists?.[2]].map((list) => (list ? list.split(', ') : []));
    const unexplained = live.filter((t) => !expected.includes(t) && !(t in unknown)).concat(expected.filter((t) => !live.includes(t)));
    assert.deepEqual(unexplained, [], 'the tables Laravel built are those expected and unknown ones');
    assert.deepEqual(problems.filter((p) => !p.startsWith('tables: ')), said, 'the translation equals what Laravel built, but for these');
    assert.deepEqual(await statusProblems(built), [], 'status calls every migration ran');
    const connection = await built.db.open();
    try {
      const snapshot = await takeSnapshot(connection, {
        migrations: built.migrations,
        catalog: (recorded) => buildExpectedCatalog(built.migrations.filter((m) => recorded.has(m.name)), [], built.options),
        structure: structurePort(),
      });
      assert.deepEqual(snapshot.migrations.flatMap((m) => (m.unchecked ?? []).map((u) => u.table ?? u.expression)).sort(), [...unchecked].sort(), 'status names what it cannot check');
    } finally {
      await connection.close();
    }
  } finally {
    await built.db.drop();
  }
}
