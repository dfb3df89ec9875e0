// Own methods that only read or write rows, run by the real Laravel: whatever their arguments
// and however they return, they cannot change a schema, so the tables stay checked. A public
// app reads its settings through such a method with a concatenated key, and backfills rows in
// one that returns from inside a loop: every table of the history became unknown.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner, migrationSource } from './laravelRun';


const settings = `Schema::create('settings', function (Blueprint $t) { $t->increments('id'); $t->string('code', 80); $t->string('value', 80)->nullable(); });`;

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
}

for (const version of laravelVersions) {
  describe(`translate: own methods that only touch rows, against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    dataOnly(laravelRunner(version));
  });
}
