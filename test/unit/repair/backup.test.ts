import * as assert from 'node:assert/strict';
import { backupFileName, clientInvocation } from '../../../src/core/repair/backup';

describe('repair backup: how client programs are called', () => {
  const hostile = {
    name: 'x', host: '--result-file=/tmp/h', port: 3306, user: '--execute=DROP DATABASE d', password: 'p\nw"d --x',
    database: '--result-file=/tmp/d', migrationsTable: 'migrations', tablePrefix: '', production: false,
  };

  it('attaches every value to its option, reads no option file, and keeps the password out of the arguments', () => {
    const { args, env } = clientInvocation(hostile);
    assert.equal(args[0], '--no-defaults');
    for (const arg of args) {
      assert.match(arg, /^--[a-z-]+(=|$)/, `'${arg}' is not one option with its value attached`);
      assert.ok(!arg.includes(hostile.password), 'the password is on the command line');
    }
    assert.ok(args.includes('--host=--result-file=/tmp/h'));
    assert.ok(args.includes('--user=--execute=DROP DATABASE d'));
    assert.equal(env.MYSQL_PWD, hostile.password);
  });

  it('names backup files without path separators from the database name', () => {
    assert.equal(backupFileName('../a/b', new Date('2025-09-23T01:15:32Z')), '.._a_b-20250923-011532.sql');
  });
});
