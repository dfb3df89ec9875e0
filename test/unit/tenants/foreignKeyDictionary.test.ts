// InnoDB's foreign key dictionary read as information_schema's KEY_COLUMN_USAGE and
// REFERENTIAL_CONSTRAINTS give it. MariaDB rows as MariaDB 10.11 answers
// INNODB_SYS_FOREIGN / INNODB_SYS_FOREIGN_COLS; MySQL 8 rows as its manual shows INNODB_FOREIGN
// (ID test/fk1, FOR_NAME test/child, REF_NAME test/parent, TYPE 1 = ON DELETE CASCADE): the
// same shape under other view names, not run against a MySQL 8 server here.
import * as assert from 'node:assert/strict';
import { foreignKeysFromDictionary, type ForeignKeyDictionaryRow } from '../../../src/core/structure/live';

const row = (id: string, forName: string, refName: string, type: number, columnName: string, referencedColumn: string, pos = 0): ForeignKeyDictionaryRow =>
  ({ id, forName, refName, type, columnName, referencedColumn, pos });

describe('foreign keys from the InnoDB dictionary', () => {
  it('reads MariaDB rows: rules from the type bits, columns in order, sorted as information_schema sorts (case-blind, so `fkp` before `fk_`)', () => {
    const rows = [
      row('tenant_1/posts_fk_user', 'tenant_1/posts', 'tenant_1/users', 1 | 4, 'user_id', 'id'),
      row('tenant_1/posts_fkpair', 'tenant_1/posts', 'tenant_1/pairs', 2 | 32, 'b', 'y', 1),
      row('tenant_1/posts_fkpair', 'tenant_1/posts', 'tenant_1/pairs', 2 | 32, 'a', 'x', 0),
      row('tenant_2/posts_user_id_foreign', 'tenant_2/posts', 'tenant_2/users', 16 | 8, 'user_id', 'id'),
      row('tenant_2/comments_post_id_foreign', 'tenant_2/comments', 'tenant_2/posts', 0, 'post_id', 'id'),
      row('other/posts_user_id_foreign', 'other/posts', 'other/users', 0, 'user_id', 'id'),
    ];
    const bySchema = foreignKeysFromDictionary(rows, ['tenant_1', 'tenant_2'], ['posts', 'comments'])!;
    assert.deepEqual([...bySchema.keys()].sort(), ['tenant_1', 'tenant_2']);
    assert.deepEqual(bySchema.get('tenant_1'), [
      { tableName: 'posts', name: 'posts_fkpair', columnName: 'a', referencedTable: 'pairs', referencedColumn: 'x', deleteRule: 'SET NULL', updateRule: 'NO ACTION' },
      { tableName: 'posts', name: 'posts_fkpair', columnName: 'b', referencedTable: 'pairs', referencedColumn: 'y', deleteRule: 'SET NULL', updateRule: 'NO ACTION' },
      { tableName: 'posts', name: 'posts_fk_user', columnName: 'user_id', referencedTable: 'users', referencedColumn: 'id', deleteRule: 'CASCADE', updateRule: 'CASCADE' },
    ]);
    assert.deepEqual(bySchema.get('tenant_2')!.map((fk) => [fk.tableName, fk.name, fk.deleteRule, fk.updateRule]), [
      ['comments', 'comments_post_id_foreign', 'RESTRICT', 'RESTRICT'],
      ['posts', 'posts_user_id_foreign', 'NO ACTION', 'SET NULL'],
    ]);
  });

  it("reads the MySQL 8 manual's INNODB_FOREIGN example the same way", () => {
    const bySchema = foreignKeysFromDictionary([row('test/fk1', 'test/child', 'test/parent', 1, 'parent_id', 'id', 0)], ['test'], undefined)!;
    assert.deepEqual(bySchema.get('test'), [
      { tableName: 'child', name: 'fk1', columnName: 'parent_id', referencedTable: 'parent', referencedColumn: 'id', deleteRule: 'CASCADE', updateRule: 'RESTRICT' },
    ]);
  });

  it('gives up (the views are read instead) on a name spelled in the file-name encoding or of unknown order', () => {
    // `my-db`.`p-1` as MariaDB stores it: my@002ddb/p@002d1.
    assert.equal(foreignKeysFromDictionary([row('t/c_fk', 't/c', 'my@002ddb/p@002d1', 0, 'pid', 'id')], ['t'], undefined), undefined);
    assert.equal(foreignKeysFromDictionary([row('t/fk é', 't/c', 't/p', 0, 'pid', 'id')], ['t'], undefined), undefined);
    assert.equal(foreignKeysFromDictionary([row('t/fk ', 't/c', 't/p', 0, 'pid', 'id')], ['t'], undefined), undefined);
    // Rows of schemas not asked about do not matter.
    assert.deepEqual(foreignKeysFromDictionary([row('x/fk é', 'x/c', 'x@002d/p', 0, 'pid', 'id')], ['t'], undefined), new Map());
  });
});
