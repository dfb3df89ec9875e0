// The planner is pure: a hand-written snapshot and catalog in, ordered steps out. The
// structure SQL is a recording stand-in here; the real generator runs in the integration tests.
import * as assert from 'node:assert/strict';
import type { ExpectedCatalog, ExpectedTable } from '../../../src/core/structure/expected';
import type { StructureDifference, TableModel } from '../../../src/core/structure/model';
import type { MigrationState, MigrationStatus, StatusProblem, StatusSnapshot } from '../../../src/core/status/types';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalog as messages, english, fillTemplate, message, renderedArgs, type Message } from '../../../src/core/messages/catalog';
import { markAsRanStep, planRepair, type StructureSql } from '../../../src/core/repair/planner';
import type { PendingChoice } from '../../../src/core/repair/types';

const N = '2025_09_23_011532_create_eklektik_notifications_tracking_table';
const T = '2025_09_23_120134_create_eklektik_transactions_tracking_table';

function migration(name: string, state: MigrationState, tables: string[], problems: Partial<StatusProblem>[] = [], batch: number | null = null): MigrationStatus {
  return {
    name, state, batch, tables,
    file: state === 'orphan-record' ? undefined : ({ name } as MigrationStatus['file']),
    problems: problems.map((p) => ({
      kind: 'table-missing', message: 'x', repairs: [], repairHint: 'x', said: { message: message('status.tableMissing', 1, 'x'), repairHint: message('status.tableMissingHint', 'x') }, ...p,
    }) as StatusProblem),
  };
}

function snapshot(migrations: MigrationStatus[], liveTables: string[], maxBatch = 1): StatusSnapshot {
  return {
    connection: { name: 't', host: 'h', port: 1, user: 'u', database: 'shop', migrationsTable: 'migrations', tablePrefix: '', production: false },
    migrationsTable: 'migrations', takenAt: '', migrations,
    liveTables: new Set(['migrations', ...liveTables]),
    liveStructures: new Map(liveTables.map((t) => [t, { name: t } as TableModel])),
    maxBatch, counts: {} as StatusSnapshot['counts'], queries: 3, durationMs: 1,
  };
}

function catalog(tables: string[], unknown: Record<string, Message> = {}, notOwned: string[] = []): ExpectedCatalog {
  return {
    tables: new Map(tables.map((t) => [t, { name: t, owned: !notOwned.includes(t), options: {} } as unknown as ExpectedTable])),
    unknown: new Map(Object.entries(unknown).map(([name, said]) => [name, { name, reason: english(said), said }])),
  };
}

/** Stand-in generator: tables listed in `drift` need these statements. */
function structure(drift: Record<string, { sql: string; lossy: boolean; differences?: StructureDifference[] }[]> = {}, references: Record<string, string[]> = {}): StructureSql {
  return {
    createTable: async (t) => [`CREATE TABLE \`${t.name}\` (...)`],
    reconcile: async (t) => drift[t.name] ?? [],
    references: (t) => references[t.name] ?? [],
  };
}

describe('repair planner', () => {
  it('repairs the incident: create the missing table, then record the one that exists', async () => {
    const plan = await planRepair({
      snapshot: snapshot([
        migration('2014_10_12_000000_create_users_table', 'ran', ['users'], [], 1),
        migration(N, 'ran-table-missing', ['eklektik_notifications_tracking'], [{ kind: 'table-missing', table: 'eklektik_notifications_tracking' }], 1),
        migration(T, 'pending-table-exists', ['eklektik_transactions_tracking'], [{ kind: 'table-exists', table: 'eklektik_transactions_tracking', differences: [] }]),
      ], ['users', 'eklektik_transactions_tracking']),
      catalog: catalog(['users', 'eklektik_notifications_tracking', 'eklektik_transactions_tracking']),
      structure: structure(),
    });
    assert.deepEqual(plan.steps.map((s) => [s.id, s.lossy]), [
      [`create-table:${N}:eklektik_notifications_tracking`, false],
      [`record-as-ran:${T}`, false],
    ]);
    assert.deepEqual(plan.steps[0].sql, ['CREATE TABLE `eklektik_notifications_tracking` (...)']);
    assert.deepEqual(plan.steps[1].sql, [`INSERT INTO \`migrations\` (\`migration\`, \`batch\`) VALUES ('${T}', 2)`]);
    assert.deepEqual(plan.steps[1].backupMigrationRows, [T]);
    assert.deepEqual(plan.steps[0].backupTables, ['eklektik_notifications_tracking']);
    assert.equal(plan.batch, 2);
    assert.deepEqual(plan.notes, []);
  });

  it('never acts on a table a migration names with what cannot be read, and says why when asked to repair that migration', async () => {
    const said = message('status.unnamedTable', 'create', message('unnamed.written', "config('twill.users_table', 'twill_users')", message('unnamed.config')));
    const unnamed = { expression: "config('twill.users_table', 'twill_users')", reason: english(said), said };
    const users = { ...migration('2020_02_09_000001_create_twill_default_users_tables', 'ran', [], [], 1), unchecked: [unnamed] };
    // Its named table exists: recorded as ran, it would stand for the other one too, which may not exist.
    const both = { ...migration(T, 'pending-table-exists', ['t'], [{ kind: 'table-exists', table: 't', differences: [] }]), unchecked: [unnamed] };
    const snap = snapshot([users, both], ['t']);
    const all = await planRepair({ snapshot: snap, catalog: catalog(['t']), structure: structure() });
    assert.deepEqual(all.steps, []);
    assert.deepEqual(all.notes.map((n) => [n.migration, n.table, n.message]), [[T, undefined, english(said)]]);
    // Asked by name, a migration that is `ran` says why nothing is done for that table.
    const asked = await planRepair({ snapshot: snap, catalog: catalog(['t']), structure: structure(), options: { only: [users.name] } });
    assert.deepEqual(asked.steps, []);
    assert.deepEqual(asked.notes.map((n) => [n.migration, n.said.id]), [[users.name, 'status.unnamedTable']]);
  });

  it('uses a chosen batch and plans nothing for a healthy database', async () => {
    const healthy = await planRepair({
      snapshot: snapshot([migration('a_create_x', 'ran', ['x'], [], 1), migration('b_create_y', 'pending', ['y'])], ['x'], 4),
      catalog: catalog(['x', 'y']), structure: structure(), options: { batch: 9 },
    });
    assert.equal(healthy.batch, 9);
    assert.deepEqual(healthy.steps, []);
  });

  it('offers alter / record / drop for an existing table that differs, alter first, lossy parts apart', async () => {
    const snap = snapshot([migration(T, 'pending-table-exists', ['t'], [{ kind: 'table-exists', table: 't', differences: [{} as never] }])], ['t']);
    const drift = { t: [{ sql: 'ALTER TABLE `t` ADD `c` int', lossy: false }, { sql: 'ALTER TABLE `t` DROP COLUMN `old`', lossy: true }] };
    const plan = await planRepair({ snapshot: snap, catalog: catalog(['t']), structure: structure(drift) });
    assert.deepEqual(plan.steps.map((s) => [s.action, s.lossy]), [['alter-table', false], ['alter-table', true], ['record-as-ran', false]]);
    assert.deepEqual(plan.choices, [{ migration: T, chosen: 'alter-table', alternatives: ['alter-table', 'record-as-ran', 'drop-table'] }]);

    const choose = (c: PendingChoice) => planRepair({ snapshot: snap, catalog: catalog(['t']), structure: structure(drift), options: { choices: new Map([[T, c]]) } });
    assert.deepEqual((await choose('record-as-ran')).steps.map((s) => s.action), ['record-as-ran']);
    const drop = await choose('drop-table');
    assert.deepEqual(drop.steps.map((s) => [s.action, s.sql[0], s.lossy, s.requiresBackup]), [['drop-table', 'DROP TABLE `t`', true, true]]);
  });

  it("makes each table's change one ALTER TABLE (the server applies it whole or not at all), lossy clauses in a step of their own", async () => {
    const snap = snapshot([migration(N, 'schema-drift', ['t'], [{ kind: 'structure-differs', table: 't' }], 1)], ['t']);
    const drift = {
      t: [
        { sql: 'ALTER TABLE `t` ADD COLUMN `c` int AFTER `id`', lossy: false },
        { sql: 'ALTER TABLE `t` ADD UNIQUE INDEX `t_c_unique` (`c`)', lossy: false },
        { sql: 'ALTER TABLE `t` DROP COLUMN `old`', lossy: true },
        { sql: 'ALTER TABLE `t` DROP COLUMN `older`', lossy: true },
      ],
    };
    const plan = await planRepair({ snapshot: snap, catalog: catalog(['t']), structure: structure(drift) });
    assert.deepEqual(plan.steps.map((s) => [s.id, s.sql]), [
      [`alter-table:${N}:t`, ['ALTER TABLE `t` ADD COLUMN `c` int AFTER `id`, ADD UNIQUE INDEX `t_c_unique` (`c`)']],
      [`alter-table:${N}:t:lossy`, ['ALTER TABLE `t` DROP COLUMN `old`, DROP COLUMN `older`']],
    ]);
  });

  it("puts a foreign key's drop and re-add in the lossy step when the column it uses is narrowed there (the server refuses the change while the key stands)", async () => {
    const snap = snapshot([migration(N, 'schema-drift', ['t'], [{ kind: 'structure-differs', table: 't' }], 1)], ['t']);
    const fk = (name: string, column: string) => ({ name, columns: [column], referencedTable: 'p', referencedColumns: ['code'], onDelete: 'restrict', onUpdate: 'restrict' });
    (snap.liveStructures as Map<string, TableModel>).set('t', { name: 't', foreignKeys: [fk('t_a_foreign', 'a'), fk('t_b_foreign', 'b')] } as unknown as TableModel);
    const cat = catalog(['t']);
    (cat.tables.get('t') as { model?: unknown }).model = { name: 't', foreignKeys: [fk('t_a_foreign', 'a'), fk('t_b_foreign', 'b'), fk('t_c_foreign', 'c')] };
    const diff = (kind: string, subject: string, lossyToFix: boolean) => ({ kind, table: 't', subject, explanation: kind, lossyToFix }) as StructureDifference;
    const narrowA = diff('column-type', 'a', true);
    const narrowC = diff('column-type', 'c', true);
    const changedB = diff('foreign-key-definition', 't_b_foreign', false);
    const narrowB = diff('column-type', 'b', true);
    const missingC = diff('missing-foreign-key', 't_c_foreign', false);
    const index = diff('missing-index', 't_d_index', false);
    const drift = {
      t: [
        { sql: 'ALTER TABLE `t` DROP FOREIGN KEY `t_b_foreign`', lossy: false, differences: [changedB] },
        { sql: 'ALTER TABLE `t` DROP FOREIGN KEY `t_a_foreign`', lossy: false, differences: [narrowA] },
        { sql: 'ALTER TABLE `t` MODIFY COLUMN `a` varchar(20)', lossy: true, differences: [narrowA] },
        { sql: 'ALTER TABLE `t` MODIFY COLUMN `b` varchar(20)', lossy: true, differences: [narrowB] },
        { sql: 'ALTER TABLE `t` MODIFY COLUMN `c` varchar(20)', lossy: true, differences: [narrowC] },
        { sql: 'ALTER TABLE `t` ADD INDEX `t_d_index` (`d`)', lossy: false, differences: [index] },
        { sql: 'ALTER TABLE `t` ADD CONSTRAINT `t_a_foreign` FOREIGN KEY (`a`) REFERENCES `p` (`code`)', lossy: false, differences: [narrowA] },
        { sql: 'ALTER TABLE `t` ADD CONSTRAINT `t_b_foreign` FOREIGN KEY (`b`) REFERENCES `p` (`code`) ON DELETE CASCADE', lossy: false, differences: [changedB] },
        { sql: 'ALTER TABLE `t` ADD CONSTRAINT `t_c_foreign` FOREIGN KEY (`c`) REFERENCES `p` (`code`)', lossy: false, differences: [missingC] },
      ],
    };
    const plan = await planRepair({ snapshot: snap, catalog: cat, structure: structure(drift) });
    assert.deepEqual(plan.steps.map((s) => [s.id, s.sql]), [
      [`alter-table:${N}:t`, ['ALTER TABLE `t` ADD INDEX `t_d_index` (`d`)']],
      [`alter-table:${N}:t:lossy`, [
        'ALTER TABLE `t` DROP FOREIGN KEY `t_b_foreign`, DROP FOREIGN KEY `t_a_foreign`, MODIFY COLUMN `a` varchar(20), MODIFY COLUMN `b` varchar(20), MODIFY COLUMN `c` varchar(20), '
          + 'ADD CONSTRAINT `t_c_foreign` FOREIGN KEY (`c`) REFERENCES `p` (`code`)',
        'ALTER TABLE `t` ADD CONSTRAINT `t_a_foreign` FOREIGN KEY (`a`) REFERENCES `p` (`code`), ADD CONSTRAINT `t_b_foreign` FOREIGN KEY (`b`) REFERENCES `p` (`code`) ON DELETE CASCADE',
      ]],
    ]);
  });

  it("refuses to change a column another table's foreign key references (the server refuses it while the key stands), and says why", async () => {
    const snap = snapshot([migration(N, 'schema-drift', ['p'], [{ kind: 'structure-differs', table: 'p' }], 1)], ['p', 'c']);
    const fk = { name: 'c_code_foreign', columns: ['code'], referencedTable: 'p', referencedColumns: ['CODE'], onDelete: 'restrict', onUpdate: 'restrict' };
    (snap.liveStructures as Map<string, TableModel>).set('c', { name: 'c', foreignKeys: [fk] } as unknown as TableModel);
    const widen = { kind: 'column-type', table: 'p', subject: 'code', explanation: 'x', lossyToFix: false } as StructureDifference;
    const plan = await planRepair({ snapshot: snap, catalog: catalog(['p']), structure: structure({ p: [{ sql: 'ALTER TABLE `p` MODIFY COLUMN `code` varchar(50)', lossy: false, differences: [widen] }] }) });
    assert.deepEqual(plan.steps, []);
    assert.deepEqual(plan.notes.map((n) => [n.table, n.said.id, (n.said.args[1] as Message).args]), [['p', 'note.cannotAlter', ['CODE', 'c_code_foreign', 'c']]]);
  });

  it('never guesses at an unknown structure and never creates or drops a table it does not own', async () => {
    const plan = await planRepair({
      snapshot: snapshot([
        migration('a_create_loop', 'ran-table-missing', ['looped'], [{ kind: 'table-missing', table: 'looped' }], 1),
        migration('b_create_users', 'ran-table-missing', ['users'], [{ kind: 'table-missing', table: 'users' }], 1),
        migration('c_create_raw', 'pending-table-exists', ['raw'], [{ kind: 'table-exists', table: 'raw' }]),
        migration('d_create_ext', 'pending-table-exists', ['ext'], [{ kind: 'table-exists', table: 'ext', differences: [{} as never] }]),
      ], ['raw', 'ext']),
      catalog: catalog(['users', 'ext'], { looped: message('unknown.changedInLoop', 'looped_migration', 'looped') }, ['users', 'ext']),
      structure: structure({ ext: [{ sql: 'ALTER TABLE `ext` ADD `c` int', lossy: false }] }),
      options: { choices: new Map([['d_create_ext', 'drop-table' as const]]) },
    });
    assert.deepEqual(plan.steps, []);
    const text = plan.notes.map((n) => n.message).join('\n');
    assert.match(text, /expected structure of 'looped' is unknown \(looped_migration: `looped` is changed only in a loop\)/);
    assert.match(text, /'users' is owned outside these migrations: the repair never creates it/);
    assert.match(text, /expected structure of 'raw' is unknown/);
    assert.match(text, /'ext' is owned outside these migrations: the repair never drops it/);
  });

  it('deletes an orphan row last, after the tables are handled', async () => {
    const plan = await planRepair({
      snapshot: snapshot([
        migration('a_create_x', 'ran-table-missing', ['x'], [{ kind: 'table-missing', table: 'x' }], 1),
        migration('2020_01_01_000000_gone', 'orphan-record', [], [{ kind: 'file-missing', repairs: ['delete-record'] }], 1),
        migration('z_create_y', 'schema-drift', ['y'], [{ kind: 'structure-differs', table: 'y' }], 1),
      ], ['y']),
      catalog: catalog(['x', 'y']),
      structure: structure({ y: [{ sql: 'ALTER TABLE `y` MODIFY `c` tinyint(1)', lossy: true }] }),
    });
    assert.deepEqual(plan.steps.map((s) => s.id), ['create-table:a_create_x:x', 'alter-table:z_create_y:y:lossy', 'delete-record:2020_01_01_000000_gone']);
    assert.deepEqual(plan.steps[2].sql, ["DELETE FROM `migrations` WHERE `migration` = '2020_01_01_000000_gone' AND CAST(CONVERT(`migration` USING utf8mb4) AS BINARY) = CAST('2020_01_01_000000_gone' AS BINARY)"]);
  });

  it('never deletes an orphan row the status offers no deletion for (it may be a migration of a folder it cannot tell)', async () => {
    const name = '2019_12_14_000001_create_personal_access_tokens_table';
    const said = { message: message('status.orphanMaybeUnknownFolder', name, 1, 'Acme\\P'), repairHint: message('status.orphanMaybeUnknownFolderHint') };
    const plan = await planRepair({
      snapshot: snapshot([migration(name, 'orphan-record', [], [{ kind: 'file-missing', repairs: [], said }], 1)], []),
      catalog: catalog([]), structure: structure(),
    });
    assert.deepEqual(plan.steps, []);
    // The note carries the status's own messages, so that the editor says them in the user's language.
    assert.deepEqual(plan.notes.map((n) => ({ migration: n.migration, said: n.said })), [{ migration: name, said: message('list.sentences', said.message, said.repairHint) }]);
    assert.equal(plan.notes[0]!.message, `${english(said.message)} ${english(said.repairHint)}`);
  });

  it('updates the row of a file renamed with its timestamp kept, instead of deleting it', async () => {
    const plan = await planRepair({
      snapshot: snapshot([
        migration('2025_09_23_011532_create_eklektik_notifications_tracking_table', 'orphan-record', [], [{ kind: 'file-missing' }], 1),
        migration('2025_09_23_011532_create_eklektik_transactions_tracking_table', 'pending-table-exists', ['ett'], [{ kind: 'table-exists', table: 'ett', differences: [] }]),
      ], ['ett']),
      catalog: catalog(['ett']), structure: structure(),
    });
    assert.deepEqual(plan.steps.map((s) => [s.action, s.sql[0]]), [[
      'rename-record',
      "UPDATE `migrations` SET `migration` = '2025_09_23_011532_create_eklektik_transactions_tracking_table' WHERE `migration` = '2025_09_23_011532_create_eklektik_notifications_tracking_table' AND CAST(CONVERT(`migration` USING utf8mb4) AS BINARY) = CAST('2025_09_23_011532_create_eklektik_notifications_tracking_table' AS BINARY)",
    ]]);
  });

  it('keeps to --only, and takes explicit renames', async () => {
    const snap = snapshot([
      migration('a_create_x', 'ran-table-missing', ['x'], [{ kind: 'table-missing', table: 'x' }], 1),
      migration('old_name', 'orphan-record', [], [], 1),
      migration('b_create_y', 'pending-table-exists', ['y'], [{ kind: 'table-exists', table: 'y', differences: [] }]),
    ], ['y']);
    const only = await planRepair({ snapshot: snap, catalog: catalog(['x', 'y']), structure: structure(), options: { only: ['a_create_x'] } });
    assert.deepEqual(only.steps.map((s) => s.id), ['create-table:a_create_x:x']);
    const renamed = await planRepair({ snapshot: snap, catalog: catalog(['x', 'y']), structure: structure(), options: { renames: new Map([['old_name', 'b_create_y.php']]) } });
    assert.deepEqual(renamed.steps.map((s) => s.id), ['create-table:a_create_x:x', 'rename-record:old_name']);
  });

  it('does not create a table whose foreign-key target is missing, unless the plan creates the target first', async () => {
    const missing = (tables: string[], live: string[]) => planRepair({
      snapshot: snapshot(tables.map((t, i) => migration(`${i}_create_${t}`, 'ran-table-missing', [t], [{ kind: 'table-missing', table: t }], 1)), live),
      catalog: catalog(['parent', 'child']),
      structure: structure({}, { child: ['parent'] }),
    });
    const orphaned = await missing(['child'], []);
    assert.deepEqual(orphaned.steps, []);
    assert.match(orphaned.notes[0].message, /foreign keys reference 'parent', which does not exist and is not created by this plan/);
    assert.deepEqual((await missing(['parent', 'child'], [])).steps.map((s) => s.table), ['parent', 'child']);
    assert.deepEqual((await missing(['child'], ['parent'])).steps.map((s) => s.table), ['child']);
  });

  it('marks an unrecorded migration as ran by explicit choice, and refuses a recorded one', () => {
    const snap = snapshot([migration('a_create_x', 'pending', ['x']), migration('b_create_y', 'ran', ['y'], [], 3)], ['y'], 3);
    const marked = markAsRanStep(snap, 'a_create_x');
    assert.ok(marked.ok);
    assert.deepEqual(marked.step.sql, ["INSERT INTO `migrations` (`migration`, `batch`) VALUES ('a_create_x', 4)"]);
    assert.match(marked.step.reason, /'x' does not exist: status will show it as ran-table-missing/);
    const refused = markAsRanStep(snap, 'b_create_y');
    assert.ok(!refused.ok && /already recorded \(ran\)/.test(refused.message));
  });

  it('does not record a second migration for a table another one already stands for', async () => {
    const plan = await planRepair({
      snapshot: snapshot([
        migration('a_create_t', 'ran', ['t'], [], 1),
        migration('b_create_t_again', 'pending-table-exists', ['t'], [{ kind: 'table-exists', table: 't', differences: [] }]),
        migration('c_create_u', 'pending-table-exists', ['u'], [{ kind: 'table-exists', table: 'u', differences: [] }]),
        migration('d_create_u_again', 'pending-table-exists', ['u'], [{ kind: 'table-exists', table: 'u', differences: [] }]),
      ], ['t', 'u']),
      catalog: catalog(['t', 'u']), structure: structure(),
    });
    assert.deepEqual(plan.steps.map((s) => s.id), ['record-as-ran:c_create_u']);
    assert.deepEqual(plan.notes.map((n) => [n.migration, n.table]), [['b_create_t_again', 't'], ['d_create_u_again', 'u']]);
    assert.match(plan.notes[0].message, /a_create_t already creates 't': this migration would fail with 1050/);
  });

  it('names the tables of a sentence as the language quotes them: « t » in French, never English quotes', async () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../l10n/bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;
    const french = (m: Message): string => fillTemplate(bundle[messages[m.id]]!, renderedArgs(m, french));
    const plan = await planRepair({
      snapshot: snapshot([
        migration('a_create_t', 'ran', ['t'], [], 1),
        migration('b_create_t_u', 'pending-table-exists', ['t', 'u'], [{ kind: 'table-exists', table: 't', differences: [] }]),
        migration('c_create_v_w', 'pending-table-exists', ['v', 'w'], [{ kind: 'table-exists', table: 'v', differences: [] }]),
        migration('d_create_x_y', 'pending-table-exists', ['x', 'y'], [{ kind: 'table-exists', table: 'x', differences: [{} as never] }]),
        migration('e_create_child', 'ran-table-missing', ['child'], [{ kind: 'table-missing', table: 'child' }], 1),
      ], ['t', 'u', 'v', 'w', 'x', 'y']),
      catalog: catalog(['t', 'u', 'v', 'w', 'x', 'y', 'child']),
      structure: structure({ x: [{ sql: 'ALTER TABLE `x` ADD `c` int', lossy: false }] }, { child: ['p1', 'p2'] }),
      options: { choices: new Map([['d_create_x_y', 'record-as-ran' as const]]) },
    });
    const marked = markAsRanStep(snapshot([migration('f_create_m_n', 'pending', ['m', 'n'])], []), 'f_create_m_n');
    assert.ok(marked.ok);
    const said = [...plan.steps.map((s) => s.said), ...plan.notes.map((n) => n.said), marked.step.said];
    const inFrench = said.map(french);
    const inEnglish = said.map(english);
    for (const wanted of ['« v », « w » existe déjà exactement', 'garder « x », « y » tel quel', 'a_create_t crée déjà « t »', 'référencent « p1 », « p2 »', 'alors que « m », « n » n']) {
      assert.ok(inFrench.some((s) => s.includes(wanted)), `${wanted}\n${inFrench.join('\n')}`);
    }
    assert.deepEqual(inFrench.filter((s) => /'[a-z0-9]+'/.test(s)), [], 'English quotes in French');
    for (const wanted of ["'v', 'w' already exists exactly", "keep 'x', 'y' as it is", "a_create_t already creates 't'", "reference 'p1', 'p2', which", "although 'm', 'n' does"]) {
      assert.ok(inEnglish.some((s) => s.includes(wanted)), `${wanted}\n${inEnglish.join('\n')}`);
    }
  });
});
