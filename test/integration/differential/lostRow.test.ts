// Found by the end-to-end differential test: a migration's row deleted from `migrations` while its
// table stays, before later recorded migrations. Seed 2 on Laravel 12: a later migration renamed a
// column of that table another table's foreign key references; status called the referencing
// table drifted (its key expected on the column's first name) and repair planned an ALTER that
// dropped the healthy foreign key, then failed to add it back. Seeds 1015 and 1051 on 8.83: the
// lost migration renamed a table; status called the table's creator ran-table-missing and repair
// created the old table again beside the renamed one. Seed 7 on 8.83 and 12: a file that renamed
// a column, renamed itself after it ran (timestamp kept); status called the table's creator
// drifted and repair added the old column back beside the renamed one. Two rows of the renamed
// file's timestamp: status took the file as run, and repair renamed the first row to it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadRepairInputs, planFor } from '../../../src/core/repair/session';
import { takeSnapshot } from '../../../src/core/status/engine';
import { builtInTables } from '../../../src/schema';
import { createTestDatabase, withServer, type TestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravelOk, skipWithoutLaravel, translateOptionsFor } from '../../support/laravelVersions';
import { writeMigrationHistory } from '../../support/migrationHistory';

const parents = '2024_01_01_000000_create_parents';
const children = '2024_01_02_000000_create_children';
const rename = '2024_01_03_000000_rename_parent_key';

async function planAndSnapshot(dir: string, test: TestDatabase) {
  const inputs = await loadRepairInputs([dir], translateOptionsFor('12'), builtInTables);
  const db = await test.open();
  try {
    return { snapshot: await takeSnapshot(db, inputs.status), plan: (await planFor(db, inputs)).plan };
  } finally {
    await db.close();
  }
}

/** The history run by Laravel 12 into a new database, then the row of `lost` deleted. */
async function withLostRow(history: Record<string, string>, lost: string): Promise<{ dir: string; test: TestDatabase }> {
  const dir = writeMigrationHistory(history);
  const test = await createTestDatabase('md_lost_row');
  await runLaravelOk('12', 'migrate', { database: test.name, migrationsPath: dir });
  await withServer((c) => c.query(`DELETE FROM \`${test.name}\`.migrations WHERE migration = ?`, [lost]));
  return { dir, test };
}

const history = {
  [parents]: `        Schema::create('parents', function (Blueprint $t) {
            $t->id('pk');
            $t->string('name');
        });`,
  [children]: `        Schema::create('children', function (Blueprint $t) {
            $t->id();
            $t->unsignedBigInteger('parent_pk')->nullable();
            $t->foreign('parent_pk')->references('pk')->on('parents')->nullOnDelete();
        });`,
  [rename]: `        Schema::table('parents', function (Blueprint $t) {
            $t->renameColumn('pk', 'key');
        });`,
};

describe('status and repair: a row lost before later migrations that built on its table (real Laravel 12)', function () {
  this.timeout(120_000);
  const made: { dir: string; test: TestDatabase }[] = [];

  before(async function () {
    skipWithoutLaravel(this, '12');
    await requireOracle();
  });

  after(async () => {
    for (const { dir, test } of made) {
      await test.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a foreign key to a column renamed after the lost migration: only the lost row is named, and only it is recorded', async () => {
    const { dir, test } = await withLostRow(history, parents);
    made.push({ dir, test });
    const { snapshot, plan } = await planAndSnapshot(dir, test);
    assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state]), [
      [parents, 'pending-table-exists'], [children, 'ran'], [rename, 'ran'],
    ]);
    assert.deepEqual(snapshot.migrations[0]!.problems[0]!.differences, [], 'the table is what the migration, then the rename, made');
    assert.deepEqual(plan.steps.map((s) => s.id), [`record-as-ran:${parents}`]);
  });

  it('a file renamed after it ran, its timestamp kept, that renamed a column: only the rename of its row is planned', async () => {
    const create = '2024_01_01_000000_create_posts';
    const renameColumn = '2024_01_02_000000_rename_title';
    const later = '2024_01_03_000000_create_tags';
    const { dir, test } = await withLostRow({
      [create]: "        Schema::create('posts', function (Blueprint $t) {\n            $t->id();\n            $t->string('title');\n        });",
      [renameColumn]: "        Schema::table('posts', function (Blueprint $t) {\n            $t->renameColumn('title', 'heading');\n        });",
      [later]: "        Schema::create('tags', function (Blueprint $t) {\n            $t->id();\n        });",
    }, 'none');
    made.push({ dir, test });
    const renamed = '2024_01_02_000000_rename_title_to_heading';
    fs.renameSync(`${dir}/${renameColumn}.php`, `${dir}/${renamed}.php`);
    const { snapshot, plan } = await planAndSnapshot(dir, test);
    assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state]), [[create, 'ran'], [renamed, 'pending'], [later, 'ran'], [renameColumn, 'orphan-record']]);
    assert.deepEqual(plan.steps.map((s) => s.id), [`rename-record:${renameColumn}`]);
  });

  it('a file renamed after it ran whose table a later migration renamed: the row is renamed, nothing is created', async () => {
    const create = '2024_01_01_000000_create_drafts';
    const renameTable = '2024_01_02_000000_rename_drafts';
    const { dir, test } = await withLostRow({
      [create]: "        Schema::create('drafts', function (Blueprint $t) {\n            $t->id();\n        });",
      [renameTable]: "        Schema::rename('drafts', 'posts');",
    }, 'none');
    made.push({ dir, test });
    const renamed = '2024_01_01_000000_create_draft_table';
    fs.renameSync(`${dir}/${create}.php`, `${dir}/${renamed}.php`);
    const { snapshot, plan } = await planAndSnapshot(dir, test);
    assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state]), [[renamed, 'pending'], [renameTable, 'ran'], [create, 'orphan-record']]);
    assert.deepEqual([plan.steps.map((s) => s.id), plan.notes], [[`rename-record:${create}`], []]);
  });

  it('two rows of one timestamp without a file, one of them renamed: neither is claimed as its, by status or by repair', async () => {
    const create = '2024_01_01_000000_create_posts';
    const addBody = '2024_01_02_000000_add_body';
    const addTitle = '2024_01_02_000000_add_title';
    const later = '2024_01_03_000000_create_tags';
    const { dir, test } = await withLostRow({
      [create]: "        Schema::create('posts', function (Blueprint $t) {\n            $t->id();\n        });",
      [addBody]: "        Schema::table('posts', function (Blueprint $t) {\n            $t->text('body')->nullable();\n        });",
      [addTitle]: "        Schema::table('posts', function (Blueprint $t) {\n            $t->string('title')->nullable();\n        });",
      [later]: "        Schema::create('tags', function (Blueprint $t) {\n            $t->id();\n        });",
    }, 'none');
    made.push({ dir, test });
    const renamed = '2024_01_02_000000_add_heading';
    fs.renameSync(`${dir}/${addTitle}.php`, `${dir}/${renamed}.php`);
    fs.rmSync(`${dir}/${addBody}.php`);
    const { snapshot, plan } = await planAndSnapshot(dir, test);
    // Which row the file ran as cannot be told: repair renames neither (before, it renamed the
    // first, add_body's, and said so), and status translates the file as not run, as repair sees it.
    assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state]), [
      [create, 'schema-drift'], [renamed, 'pending'], [later, 'ran'], [addBody, 'orphan-record'], [addTitle, 'orphan-record'],
    ]);
    assert.deepEqual(plan.steps.filter((s) => s.action === 'rename-record').map((s) => s.id), []);
    assert.deepEqual(snapshot.migrations[0]!.problems.flatMap((p) => (p.differences ?? []).map((d) => d.explanation)).length, 2, 'both columns no recorded file explains');
  });

  it('a lost migration that renamed a table: its creator is not ran-table-missing, nothing is created again', async () => {
    const create = '2024_01_01_000000_create_drafts';
    const renameTable = '2024_01_02_000000_rename_drafts';
    const later = '2024_01_03_000000_create_notes';
    const { dir, test } = await withLostRow({
      [create]: "        Schema::create('drafts', function (Blueprint $t) {\n            $t->id();\n        });",
      [renameTable]: "        Schema::rename('drafts', 'posts');",
      [later]: "        Schema::create('notes', function (Blueprint $t) {\n            $t->id();\n        });",
    }, renameTable);
    made.push({ dir, test });
    const { snapshot, plan } = await planAndSnapshot(dir, test);
    assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state]), [[create, 'ran'], [renameTable, 'pending-table-exists'], [later, 'ran']]);
    assert.deepEqual(plan.steps.map((s) => s.id), [`record-as-ran:${renameTable}`]);
  });
  it('a lost migration that added a column to a table dropped by hand since: repair creates it with that column', async () => {
    const create = '2024_01_01_000000_create_posts';
    const lost = '2024_01_02_000000_create_tags';
    const later = '2024_01_03_000000_create_notes';
    const { dir, test } = await withLostRow({
      [create]: "        Schema::create('posts', function (Blueprint $t) {\n            $t->id();\n        });",
      [lost]: "        Schema::create('tags', function (Blueprint $t) {\n            $t->id();\n        });\n        Schema::table('posts', function (Blueprint $t) {\n            $t->string('tag')->nullable();\n        });",
      [later]: "        Schema::create('notes', function (Blueprint $t) {\n            $t->id();\n        });",
    }, lost);
    made.push({ dir, test });
    await withServer((c) => c.query(`DROP TABLE \`${test.name}\`.posts`));
    const { snapshot, plan } = await planAndSnapshot(dir, test);
    assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state]), [[create, 'ran-table-missing'], [lost, 'pending-table-exists'], [later, 'ran']]);
    const createPosts = plan.steps.find((s) => s.sql.some((sql) => /^CREATE TABLE `posts`/.test(sql)));
    assert.ok(createPosts, plan.steps.map((s) => s.id).join(', '));
    assert.match(createPosts.sql.join('\n'), /`tag` varchar\(255\)/, 'the column the lost migration added, as status expects it');
  });
});
