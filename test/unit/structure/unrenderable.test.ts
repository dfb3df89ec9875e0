// A table whose SQL cannot be written safely is a note in the plan; it never ends the plan of
// the other tables.
import * as assert from 'node:assert/strict';
import { message } from '../../../src/core/messages/catalog';
import { planRepair } from '../../../src/core/repair/planner';
import { structureSql } from '../../../src/core/repair/session';
import type { MigrationStatus, StatusSnapshot } from '../../../src/core/status/types';
import { expectedFromDrizzle, laravelDefaults, type ExpectedTable } from '../../../src/core/structure';
import { findBuiltInTable } from '../../../src/schema';

const missing = (name: string, table: string): MigrationStatus => ({
  name, state: 'ran-table-missing', batch: 1, tables: [table], file: { name } as MigrationStatus['file'],
  problems: [{ kind: 'table-missing', table, message: 'x', repairs: ['create-table'], repairHint: 'x', said: { message: message('status.tableMissing', 1, table), repairHint: message('status.tableMissingHint', table) } }],
});

describe('a structure the renderer refuses', () => {
  it('becomes a note, and the other tables are still planned', async () => {
    const good = expectedFromDrizzle(findBuiltInTable('eklektik_notifications_tracking')!, laravelDefaults);
    const bad: ExpectedTable = { ...good, name: 'odd', model: { ...good.model, name: 'odd', columns: [{ ...good.model.columns[0], type: 'int) ; DROP TABLE x; -- (' }, ...good.model.columns.slice(1)] } };
    const snapshot = {
      connection: { name: 't', host: 'h', port: 1, user: 'u', database: 'shop', migrationsTable: 'migrations', tablePrefix: '', production: false },
      migrationsTable: 'migrations', takenAt: '', liveTables: new Set(['migrations']), liveStructures: new Map(), maxBatch: 1,
      migrations: [missing('a_create_odd', 'odd'), missing('b_create_notifications', good.name)],
      counts: {} as StatusSnapshot['counts'], queries: 3, durationMs: 1,
    } as StatusSnapshot;
    const plan = await planRepair({ snapshot, catalog: { tables: new Map([['odd', bad], [good.name, good]]), unknown: new Map() }, structure: structureSql });
    assert.deepEqual(plan.steps.map((s) => s.id), [`create-table:b_create_notifications:${good.name}`]);
    assert.deepEqual(plan.notes.map((n) => [n.table, n.message]), [['odd', `Table 'odd' cannot be created: The type of column "id" (int) ; DROP TABLE x; -- () is not one the tool can write safely.`]]);
  });
});
