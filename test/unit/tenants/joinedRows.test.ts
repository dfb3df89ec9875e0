// A tenant's migrations table read as one GROUP_CONCAT text (`batch:length:migration` per row,
// the length in characters as the server's CHAR_LENGTH counts them) reads back row for row.
import * as assert from 'node:assert/strict';
import { parseJoinedRows } from '../../../src/core/tenants/live';

describe('migrations rows joined in one text', () => {
  it('reads every row back, whatever the name holds', () => {
    const names = ['2014_10_12_000000_create_users_table', 'a:b:3:c', '', 'émoji 🚀 name', '🚀'];
    const joined = names.map((name, i) => `${i + 1}:${[...name].length}:${name}`).join('') + '-2:-1:';
    assert.deepEqual(parseJoinedRows(joined), [
      ...names.map((migration, i) => ({ migration, batch: i + 1 })),
      { migration: null, batch: -2 },
    ]);
  });

  it('reads an empty table as no rows', () => {
    assert.deepEqual(parseJoinedRows(''), []);
  });
});
