import * as assert from 'node:assert/strict';
import { renderProblems, renderStatusTable, renderUnchecked, snapshotToJson } from '../../../src/core/status/format';
import type { MigrationStatus, StatusSnapshot } from '../../../src/core/status/types';
import { countStates } from '../../../src/core/status/engine';
import { message } from '../../../src/core/messages/catalog';

const migrations: MigrationStatus[] = [
  { name: '2014_10_12_000000_create_users_table', state: 'ran', batch: 1, tables: ['users'], problems: [] },
  {
    name: '2025_09_23_120134_create_eklektik_transactions_tracking_table', state: 'pending-table-exists', batch: null, tables: ['eklektik_transactions_tracking'],
    problems: [{ kind: 'table-exists', table: 'eklektik_transactions_tracking', message: 'exists', repairs: ['record-as-ran'], repairHint: 'record it', differences: [],
      said: { message: message('status.tableExists', 'eklektik_transactions_tracking'), repairHint: message('status.tableExistsMatchingHint') } }],
  },
];

describe('status output', () => {
  it('prints the migrate:status table with a State column', () => {
    const lines = renderStatusTable(migrations).trimEnd().split('\n');
    assert.equal(lines.length, 6);
    assert.match(lines[1]!, /^\| Ran\? \| Migration +\| Batch \| State +\|$/);
    assert.match(lines[3]!, /^\| Yes +\| 2014_10_12_000000_create_users_table +\| 1 +\| ran +\|$/);
    assert.match(lines[4]!, /^\| No +\| 2025_09_23_120134_\S+ +\| +\| pending-table-exists \|$/);
    assert.ok(lines.every((line) => line.length === lines[0]!.length), 'columns are aligned');
  });

  it('lists each problem with its repair', () => {
    assert.match(renderProblems(migrations), /120134.*\[pending-table-exists\]\n {2}exists\n {2}record it/);
    assert.equal(renderProblems(migrations.slice(0, 1)), '');
  });

  it('names each table it cannot check, with why, in the text and the JSON', () => {
    const unchecked: MigrationStatus[] = [
      ...migrations,
      { name: '2020_01_01_000000_make_tables', state: 'ran', batch: 1, tables: ['a_log'], problems: [], unchecked: [{ table: 'a_log', reason: 'created in a loop' }] },
    ];
    assert.equal(renderUnchecked(unchecked), '\ncannot check a_log: created in a loop\n');
    assert.equal(renderUnchecked(migrations), '');
    const snapshot = { connection: {}, migrationsTable: 'migrations', migrations: unchecked } as unknown as StatusSnapshot;
    const json = JSON.parse(JSON.stringify(snapshotToJson(snapshot)));
    assert.deepEqual(json.migrations[2].unchecked, [{ table: 'a_log', reason: 'created in a loop' }]);
    assert.equal('unchecked' in json.migrations[0], false);
  });

  it('says which migration names a table it cannot read, with the expression as written, on one line in the text and as stored in the JSON', () => {
    const name = '2020_02_09_000001_create_twill_default_users_tables';
    const expression = "config('twill.users_table\u001b[2J\n', 'twill_users')";
    const reason = `Schema::create() takes the name of its table from \`${expression}\`, a configuration value: not known.`;
    const unnamed: MigrationStatus[] = [{ name, state: 'ran', batch: 1, tables: [], problems: [], unchecked: [{ expression, reason }] }];
    assert.equal(renderUnchecked(unnamed),
      `\ncannot check a table of ${name}: Schema::create() takes the name of its table from \`config('twill.users_table\\u001b[2J\\u000a', 'twill_users')\`, a configuration value: not known.\n`);
    const json = JSON.parse(JSON.stringify(snapshotToJson({ connection: {}, migrationsTable: 'migrations', migrations: unnamed } as unknown as StatusSnapshot)));
    assert.deepEqual(json.migrations[0].unchecked, [{ expression, reason }]);
  });

  it('keeps the JSON shape of the issue, without password', () => {
    const snapshot = {
      connection: { name: 'x', host: 'h', port: 1, user: 'u', database: 'd', migrationsTable: 'migrations', tablePrefix: '', production: false },
      migrationsTable: 'migrations',
      migrations,
      counts: countStates(migrations),
    } as unknown as StatusSnapshot;
    const json = JSON.parse(JSON.stringify(snapshotToJson(snapshot)));
    assert.deepEqual(Object.keys(json), ['connection', 'migrationsTable', 'migrations']);
    assert.deepEqual(Object.keys(json.migrations[0]), ['name', 'state', 'batch', 'tables', 'problems']);
    assert.equal(json.migrations[1].batch, null);
    assert.deepEqual(json.migrations[1].problems[0].repairs, ['record-as-ran']);
    assert.ok(!('password' in json.connection));
  });
});
