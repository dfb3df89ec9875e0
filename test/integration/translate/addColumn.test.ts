// `$table->addColumn(type, name, parameters)`, Blueprint's generic column method: the column
// has only the attributes given (none of the defaults of the type's own method), and the
// translation of each version must equal what that real Laravel built on the server.
import * as assert from 'assert';
import * as fs from 'fs';
import { loadMigrations } from '../../../src/core/analysis/load';
import { translateMigrations } from '../../../src/core/translate';
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type History, laravelRunner, writeHistory } from './laravelRun';

const everyType: History = {
  '2020_01_01_000001_create_things_table': `Schema::create('things', function (Blueprint $t) {
    $t->addColumn('integer', 'id', ['autoIncrement' => true, 'unsigned' => true]);
    $t->addColumn('bigInteger', 'big');
    $t->addColumn('tinyInteger', 'tiny', ['unsigned' => true, 'default' => 3]);
    $t->addColumn('boolean', 'flag', ['default' => false]);
    $t->addColumn('string', 'title', ['length' => 40, 'nullable' => true, 'comment' => 'Shown']);
    $t->addColumn('char', 'code', ['length' => 8, 'charset' => 'latin1', 'collation' => 'latin1_bin']);
    $t->addColumn('text', 'body', ['nullable' => true]);
    $t->addColumn('mediumText', 'notes');
    $t->addColumn('TINYTEXT', 'short');
    $t->addColumn('float', 'ratio');
    $t->addColumn('float', 'share', ['total' => 8, 'places' => 2, 'precision' => 20]);
    $t->addColumn('double', 'weight', ['total' => 15, 'places' => 8]);
    $t->addColumn('decimal', 'price', ['total' => 10, 'places' => 3, 'default' => '1.2345']);
    $t->addColumn('enum', 'state', ['allowed' => ['new', 'done'], 'default' => 'new']);
    $t->addColumn('json', 'meta', ['nullable' => true]);
    $t->addColumn('date', 'day');
    $t->addColumn('dateTime', 'at', ['precision' => 3]);
    $t->addColumn('timeTz', 'clock');
    $t->addColumn('timestamp', 'seen_at', ['nullable' => true, 'useCurrent' => true, 'useCurrentOnUpdate' => 1]);
    $t->addColumn('timestampTz', 'done_at', ['precision' => 2, 'nullable' => true]);
    $t->addColumn('binary', 'hash', ['length' => 16, 'fixed' => true]);
    $t->addColumn('uuid', 'token', []);
    $t->addColumn('ipAddress', 'ip');
    $t->addColumn('year', 'vintage');
    $t->addColumn('string', 'email', ['length' => 100])->unique();
});`,
  '2020_01_02_000001_add_verified_at_to_things': `Schema::table('things', function (Blueprint $t) {
    $t->addColumn('timestamp', 'verified_at', ['nullable' => true])->after('title');
    $t->addColumn('string', 'slug', ['length' => 30, 'after' => 'id', 'nullable' => true]);
});`,
};

/** Columns the translation calls unknown, with why, rather than guess. */
const unknownOnes: [string, string, RegExp][] = [
  ['a parameter the grammar reads otherwise than its method sets it', `$t->addColumn('timestamp', 'seen_at', ['first' => false]);`, /parameter `first` is not translated/],
  ['a type not spelt as the grammar compares it', `$t->addColumn('Integer', 'n');`, /not spelt `integer`/],
  ['a type not translated', `$t->addColumn('geometry', 'shape');`, /column type `geometry` is not translated/],
];

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`translate: addColumn() as Laravel ${version} (${driver}) builds it`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      const runner = laravelRunner(version, driver);

      it('every type the translation models, with its parameters, when creating and adding', () => assertExact(runner, everyType));

      for (const [what, statement, reason] of unknownOnes) {
        it(`${what}: the table is unknown, with why`, async () => {
          const history = { '2020_01_01_000001_create_things_table': `Schema::create('things', function (Blueprint $t) { $t->increments('id'); ${statement} });` };
          const dir = writeHistory(history);
          try {
            const { tables, unknown } = translateMigrations(await loadMigrations([dir]), { tablePrefix: '', laravel: runner.target() });
            assert.ok(!tables.has('things'));
            assert.match(unknown.get('things')?.reason ?? '', reason);
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        });
      }
    });
  }
}
