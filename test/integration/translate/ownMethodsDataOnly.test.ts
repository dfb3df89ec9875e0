// Own methods that only read or write rows, run by the real Laravel: whatever their arguments
// and however they return, they cannot change a schema, so the tables stay checked. A public
// app reads its settings through such a method with a concatenated key, and backfills rows in
// one that returns from inside a loop: every table of the history became unknown. A return
// inside a condition ends the method only: up() goes on after the call.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner, migrationSource } from './laravelRun';

const settings = `Schema::create('settings', function (Blueprint $t) { $t->increments('id'); $t->string('code', 80); $t->string('value', 80)->nullable(); });`;

const accounts = (withGroup: boolean): string => `Schema::create('accounts', function (Blueprint $t) { $t->increments('id');${withGroup ? " $t->unsignedInteger('group_id')->nullable();" : ''} });
        DB::table('accounts')->insert(${withGroup ? "[['group_id' => 3], ['group_id' => null]]" : "['id' => 1]"});`;

function dataOnly(runner: LaravelRunner): void {
  it('a method reading a row, given a concatenated key', () => assertExact(runner, {
    '2020_01_01_000001_create_settings_table': settings,
    '2020_01_01_000002_read_setting': migrationSource(`
        $prefix = 'general.mail';
        $host = $this->setting($prefix.'.host');`, `
    private function setting(string $key): ?string
    {
        $row = DB::table('settings')->where('code', $key)->first();

        return $row?->value;
    }`),
  }));

  it('a method writing rows that returns from inside a loop', () => assertExact(runner, {
    '2020_01_01_000001_create_settings_table': settings,
    '2020_01_01_000002_fill_settings': migrationSource(`
        $this->fill(['a', 'b', '']);`, `
    private function fill(array $codes): void
    {
        foreach ($codes as $code) {
            if ($code === '') {
                return;
            }
            DB::table('settings')->insert(['code' => $code]);
        }
    }`),
  }));

  // The shape of 2FAuth's backfillLegacyAssignments(): a column check that returns, then rows
  // copied in chunks. Read either way the check goes, every table stays checked.
  for (const withGroup of [true, false]) {
    it(`a method that returns when a column is ${withGroup ? 'there' : 'absent'}, then only copies rows`, () => assertExact(runner, {
      '2020_01_01_000001_create_accounts_table': migrationSource(accounts(withGroup)),
      '2020_01_01_000002_create_assignments_table': migrationSource(`
        Schema::create('assignments', function (Blueprint $table) {
            $table->id();
            $table->unsignedInteger('account_id')->unique();
            $table->unsignedInteger('group_id');
        });

        $this->backfill();`, `
    private function backfill(): void
    {
        if (! Schema::hasColumn('accounts', 'group_id')) {
            return;
        }

        $now = now();

        DB::table('accounts as a')
            ->whereNotNull('a.group_id')
            ->select(['a.id as account_id', DB::raw('COALESCE(a.group_id, 0) as group_id')])
            ->orderBy('a.id')
            ->chunk(500, function ($rows) use ($now) {
                $payload = [];
                foreach ($rows as $row) {
                    $payload[] = ['account_id' => (int) $row->account_id, 'group_id' => (int) $row->group_id];
                }
                DB::table('assignments')->upsert($payload, ['account_id'], ['group_id']);
            });
    }`),
    }));
  }
}

/** Own methods that return from inside a condition before changing a structure: the return ends the method, not up(). */
function earlyReturns(runner: LaravelRunner): void {
  for (const withGroup of [true, false]) {
    it(`a method that drops a column when it is ${withGroup ? 'there' : 'absent'} returns to up(), which goes on`, () => assertExact(runner, {
      '2020_01_01_000001_create_accounts_table': migrationSource(accounts(withGroup)),
      '2020_01_01_000002_drop_group': migrationSource(`
        $this->dropGroup();
        Schema::table('accounts', function (Blueprint $table) {
            $table->string('label', 40)->default('');
        });
        $this->createTags('tags');`, `
    private function dropGroup(): void
    {
        if (! Schema::hasColumn('accounts', 'group_id')) {
            return;
        }
        Schema::table('accounts', function (Blueprint $table) {
            $table->dropColumn('group_id');
        });
    }

    private function createTags(string $name): void
    {
        if (Schema::hasTable($name)) {
            return;
        }
        Schema::create($name, function (Blueprint $table) {
            $table->id();
        });
    }`),
    }));
  }
}

for (const version of laravelVersions) {
  describe(`translate: own methods that only touch rows or return early, against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    dataOnly(laravelRunner(version));
    earlyReturns(laravelRunner(version));
  });
}
