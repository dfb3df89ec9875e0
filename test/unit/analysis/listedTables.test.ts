// Renames over the table names a query of information_schema lists (pterodactyl's
// create_backups_table): only tables whose names match the query's LIKE patterns may change.
import * as assert from 'node:assert/strict';
import { listedTables } from '../../../src/core/analysis/parse';
import { reachesTable } from '../../../src/core/analysis/types';
import { file, translated } from './inlineMigrations';

const query = "SELECT TABLE_NAME FROM information_schema.tables WHERE table_schema = ? AND table_name LIKE ? AND table_name NOT LIKE '%_plugin_bak'";

describe('analysis: renames over the tables information_schema lists', () => {
  it('reads the LIKE patterns of a query joined by AND, from its text or its bindings', () => {
    assert.deepEqual(listedTables(query, [undefined, 'backup%']), { column: 'TABLE_NAME', patterns: ['backup%'] });
    assert.deepEqual(listedTables("select `table_name` from `information_schema`.`tables` where table_name not like ? and table_name like 'a\\_%';", ['x', undefined]),
      undefined, 'a pattern holding a backslash is not read');
    assert.deepEqual(listedTables("select table_name from information_schema.tables where table_name not like ? and table_name like 'log%'", [undefined]),
      { column: 'table_name', patterns: ['log%'] });
    for (const other of [
      "SELECT TABLE_NAME FROM information_schema.tables WHERE table_name LIKE 'a%' OR table_schema = ?",
      "SELECT TABLE_NAME FROM information_schema.tables WHERE table_name LIKE 'a%' AND (table_schema = ?)",
      "SELECT TABLE_NAME FROM information_schema.tables WHERE table_name LIKE 'a%' AND 1 = 1 UNION SELECT 'users'",
      "SELECT TABLE_NAME FROM information_schema.tables WHERE table_schema = ? -- AND table_name LIKE 'a%'",
      'SELECT TABLE_NAME FROM information_schema.tables WHERE table_schema = ?',
      "SELECT TABLE_NAME FROM information_schema.columns WHERE table_name LIKE 'a%'",
    ]) assert.equal(listedTables(other, [undefined, 'x%']), undefined, other);
    assert.equal(listedTables(query, [undefined, undefined]), undefined, 'a pattern that is not a literal');
  });

  it('matches as LIKE does, case-insensitively, with or without the prefix', () => {
    assert.ok(reachesTable(['backup%'], 'Backup_logs', ''));
    assert.ok(reachesTable(['backup_'], 'backups', ''));
    assert.ok(!reachesTable(['backup_'], 'backup', ''));
    assert.ok(reachesTable(['backup%'], 'p_backups', 'p_'));
    assert.ok(!reachesTable(['backup%'], 'users', ''));
    assert.ok(!reachesTable(['a.c'], 'abc', ''));
  });

  it('a rename in a loop over the listed rows leaves only the matching tables unknown', () => {
    const tables = file('2020_01_01_000001_tables', `Schema::create('users', function (Blueprint $table) { $table->increments('id'); });
        Schema::create('backup_logs', function (Blueprint $table) { $table->increments('id'); });`);
    const rename = file('2020_01_01_000002_rename', `$db = config('database.default');
        $results = DB::select('${query.replaceAll("'", "\\'")}', [
            config("database.connections.{$db}.database"),
            'backup%',
        ]);
        foreach ($results as $result) {
            Schema::rename($result->TABLE_NAME, $result->TABLE_NAME . '_plugin_bak');
        }`);
    assert.deepEqual(rename.up.unknown.map((u) => u.tablesLike), [['backup%']]);
    assert.deepEqual(translated([tables, rename]), {
      tables: ['users'],
      unknown: ["backup_logs: 2020_01_01_000002_rename: Schema::rename() on the table `$result->TABLE_NAME` names when the migration runs, one the server lists as matching 'backup%': only such tables may have changed"],
    });
    // The loop's variable given another value, or another query: any table.
    const changed = file('2020_01_01_000002_rename', `foreach (DB::select('${query.replaceAll("'", "\\'")}', [null, 'backup%']) as $result) {
            $result = $this->other();
            Schema::rename($result->TABLE_NAME, 'x');
        }`);
    assert.deepEqual(changed.up.unknown.filter((u) => u.reason.startsWith('Schema::rename')).map((u) => [u.tablesLike, u.anyTable]), [[undefined, true]]);
  });
});
