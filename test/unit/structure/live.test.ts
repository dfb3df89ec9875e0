// The same table as MariaDB 10.11 and MySQL 8 report it in information_schema must read
// as one model (rows copied from both servers' answers for eklektik_notifications_tracking).
import * as assert from 'node:assert/strict';
import { buildLiveTables, compareTables, drizzleTableToModel, laravelDefaults } from '../../../src/core/structure';
import { withOwnChecks } from '../../../src/core/structure/live';
import { findBuiltInTable } from '../../../src/schema';

const table = 'eklektik_notifications_tracking';

function columns(server: 'mariadb' | 'mysql') {
  const m = server === 'mariadb';
  const row = (name: string, columnType: string, isNullable: string, columnDefault: string | null, extra = '', collation: string | null = null) => ({
    tableName: table, name, columnType, dataType: columnType.replace(/\(.*$/, '').replace(/ .*$/, ''), isNullable, columnDefault, extra, collation, comment: '',
  });
  return [
    row('id', m ? 'bigint(20) unsigned' : 'bigint unsigned', 'NO', null, 'auto_increment'),
    row('notification_id', m ? 'bigint(20) unsigned' : 'bigint unsigned', 'NO', null),
    row('processed_at', 'timestamp', 'NO', m ? 'current_timestamp()' : 'CURRENT_TIMESTAMP', m ? '' : 'DEFAULT_GENERATED'),
    row('kpi_updated', 'tinyint(1)', 'NO', '0'),
    row('processing_batch_id', 'varchar(50)', 'YES', m ? 'NULL' : null, '', 'utf8mb4_unicode_ci'),
    row('processing_metadata', m ? 'longtext' : 'json', 'YES', m ? 'NULL' : null, '', m ? 'utf8mb4_bin' : null),
    row('created_at', 'timestamp', 'YES', m ? 'NULL' : null),
    row('updated_at', 'timestamp', 'YES', m ? 'NULL' : null),
  ];
}

const indexes = [
  ['PRIMARY', 0, 'id'],
  ['eklektik_notifications_tracking_notification_id_index', 1, 'notification_id'],
  ['idx_batch_processed', 1, 'processing_batch_id'],
  ['idx_batch_processed', 1, 'processed_at'],
  ['idx_processed_kpi', 1, 'processed_at'],
  ['idx_processed_kpi', 1, 'kpi_updated'],
].map(([name, nonUnique, columnName]) => ({ tableName: table, name: String(name), nonUnique: Number(nonUnique), columnName: String(columnName), subPart: null }));

function rows(server: 'mariadb' | 'mysql') {
  return {
    mariadb: server === 'mariadb',
    tables: [{ name: table, engine: 'InnoDB', collation: 'utf8mb4_unicode_ci' }],
    columns: columns(server),
    indexes,
    foreignKeys: [],
    jsonColumns: new Set(server === 'mariadb' ? [`${table}\u0000processing_metadata`] : []),
  };
}

describe('reading information_schema rows', () => {
  it('gives the same model for MariaDB and MySQL 8 spellings', () => {
    const mariadb = buildLiveTables(rows('mariadb')).get(table);
    const mysql = buildLiveTables(rows('mysql')).get(table);
    assert.ok(mariadb && mysql);
    assert.deepEqual(mariadb, mysql);
    assert.equal(mariadb.columns.find((c) => c.name === 'processing_metadata')?.type, 'json');
    assert.equal(mariadb.columns.find((c) => c.name === 'processing_metadata')?.collation, undefined);
  });

  it('matches the Drizzle definition of the table', () => {
    const expected = drizzleTableToModel(findBuiltInTable(table)!, laravelDefaults);
    assert.deepEqual(compareTables(expected, buildLiveTables(rows('mariadb')).get(table)!), []);
    assert.deepEqual(compareTables(expected, buildLiveTables(rows('mysql')).get(table)!), []);
  });

  it('keeps a longtext without the json_valid check a longtext', () => {
    const plain = { ...rows('mariadb'), jsonColumns: new Set<string>() };
    const live = buildLiveTables(plain).get(table)!;
    assert.equal(live.columns.find((c) => c.name === 'processing_metadata')?.type, 'longtext');
    const expected = drizzleTableToModel(findBuiltInTable(table)!, laravelDefaults);
    const differences = compareTables(expected, live);
    assert.deepEqual(differences.map((d) => [d.kind, d.subject]), [
      ['column-type', 'processing_metadata'],
      ['column-charset', 'processing_metadata'],
    ]);
  });

  it('reads INVISIBLE from EXTRA, on both servers (the repair restates it: a MODIFY resets it)', () => {
    for (const server of ['mariadb', 'mysql'] as const) {
      const hidden = rows(server);
      hidden.columns[3] = { ...hidden.columns[3], extra: 'INVISIBLE' };
      const live = buildLiveTables(hidden).get(table)!;
      assert.deepEqual(live.columns.filter((c) => c.invisible).map((c) => c.name), ['kpi_updated'], server);
    }
  });

  it("takes a column's own CHECK from LEVEL, else from its name, never a json column's json_valid()", () => {
    const live = buildLiveTables(rows('mariadb')).get(table)!;
    const own = (checks: Parameters<typeof withOwnChecks>[1]) => withOwnChecks(live, checks).columns.filter((c) => c.ownCheck !== undefined).map((c) => [c.name, c.ownCheck]);
    const check = (name: string, clause: string, level?: string) => ({ tableName: table, name, clause, ...(level ? { level } : {}) });
    // MariaDB 10.5.10 and later say which level.
    assert.deepEqual(own([
      check('kpi_updated', '`kpi_updated` in (0,1)', 'Column'),
      check('processing_batch_id', '`processing_batch_id` <> \'\'', 'Table'),
      check('processing_metadata', 'json_valid(`processing_metadata`)', 'Column'),
    ]), [['kpi_updated', '`kpi_updated` in (0,1)']]);
    // Before, a check named after a column is taken as that column's (a refusal at worst, never a dropped check).
    assert.deepEqual(own([check('KPI_UPDATED', '`kpi_updated` in (0,1)'), check('CONSTRAINT_1', '`id` > 0')]), [['kpi_updated', '`kpi_updated` in (0,1)']]);
    assert.equal(withOwnChecks(live, []), live);
  });

  it('reports a column collation only when it differs from the table', () => {
    const latin = rows('mysql');
    latin.columns[4] = { ...latin.columns[4], collation: 'latin1_swedish_ci' };
    const column = buildLiveTables(latin).get(table)!.columns[4];
    assert.equal(column.collation, 'latin1_swedish_ci');
    assert.equal(column.charset, 'latin1');
  });
});
