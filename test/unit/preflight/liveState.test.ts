// A live table (the structure engine's model) read back into the translator's state, which the
// pending migrations are replayed onto.
import * as assert from 'node:assert/strict';
import { enumValues, liveTableState } from '../../../src/core/preflight/liveState';
import type { TableModel } from '../../../src/core/structure/model';

const none = { kind: 'none' } as const;
const column = (name: string, type: string, nullable = false) => ({ name, type, nullable, default: none, autoIncrement: false, onUpdateCurrentTimestamp: false });

describe('preflight: live tables as translator states', () => {
  it('reads enum values as the server quotes them', () => {
    assert.deepEqual(enumValues("enum('a','it''s','b,c')"), ['a', "it's", 'b,c']);
  });

  it('keeps family, length, sign, nullability, indexes and keys', () => {
    const model: TableModel = {
      name: 'posts',
      columns: [
        { ...column('id', 'bigint unsigned'), autoIncrement: true },
        column('title', 'varchar(50)', true),
        column('published', 'tinyint(1)'),
        column('state', "enum('draft','live')"),
        { ...column('score', 'int'), default: { kind: 'literal', value: '0' } },
      ],
      indexes: [{ name: 'PRIMARY', columns: ['id'], unique: true, primary: true }, { name: 'posts_title_unique', columns: ['title'], unique: true, primary: false }],
      foreignKeys: [{ name: 'posts_user_id_foreign', columns: ['id'], referencedTable: 'users', referencedColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'RESTRICT' }],
      options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' },
    };
    const state = liveTableState(model);
    assert.deepEqual(state.columns.map((c) => [c.name, c.family, c.length, c.unsigned, c.nullable]), [
      ['id', 'bigint', undefined, true, false],
      ['title', 'varchar', 50, false, true],
      ['published', 'boolean', undefined, false, false],
      ['state', 'enum', undefined, false, false],
      ['score', 'int', undefined, false, false],
    ]);
    assert.deepEqual(state.columns[3].values, ['draft', 'live']);
    assert.deepEqual(state.columns[4].default, { kind: 'literal', value: '0' });
    assert.deepEqual(state.indexes.map((i) => [i.name, i.kind]), [['PRIMARY', 'primary'], ['posts_title_unique', 'unique']]);
    assert.equal(state.foreignKeys[0].onDelete, 'cascade');
  });
});
