// A tenant's migrations table read as one GROUP_CONCAT text (`length:batch:length:migration` per
// row, each length in characters as the server's CHAR_LENGTH counts them, -1 for NULL) reads back
// row for row, the batch as the column held it.
import * as assert from 'node:assert/strict';
import { parseJoinedRows } from '../../../src/core/tenants/live';

const field = (value: string | null): string => (value === null ? '-1:' : `${[...value].length}:${value}`);

describe('migrations rows joined in one text', () => {
  it('reads every row back, whatever the name and the batch hold', () => {
    const rows = [
      { batch: '1', migration: '2014_10_12_000000_create_users_table' },
      { batch: '2', migration: 'a:b:3:c' },
      { batch: '1:3:abc', migration: '' },
      { batch: null, migration: 'émoji 🚀 name' },
      { batch: 'x', migration: '🚀' },
      { batch: '-2', migration: null },
    ];
    const joined = rows.map((row) => field(row.batch) + field(row.migration)).join('');
    assert.deepEqual(parseJoinedRows(joined), rows);
  });

  it('reads an empty table as no rows', () => {
    assert.deepEqual(parseJoinedRows(''), []);
  });
});
