// Blueprint statements found in public apps that the analysis read as unknown, run by the real
// Laravel (8.83, 11, 12 and 12's mariadb driver): `$table->after('c', function ($table) {...})`
// (InvoiceShelf, laravel.cm) and an argument written as an assignment, `$precision = 0`
// (InvoiceShelf's recurring_invoices).
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner } from '../translate/laravelRun';

const users = `Schema::create('users', function (Blueprint $table) {
            $table->increments('id');
            $table->string('name');
            $table->string('email');
        });`;

function blueprintCallbacks(runner: LaravelRunner): void {
  it('after(): each column the callback adds goes after the one before, an explicit ->after() in a chain wins', () => assertExact(runner, {
    '2020_01_01_000001_users': users,
    '2020_01_01_000002_after': `Schema::table('users', function (Blueprint $table) {
            $table->after('id', function ($table) {
                $table->string('vat_id')->nullable();
                $table->decimal('rate', 8, 2)->default(0);
                $table->boolean('banned')->after('email')->default(false);
                $table->integer('rank')->nullable();
            });
            $table->string('last')->nullable();
        });`,
    '2020_01_01_000003_after_arrow': `Schema::table('users', fn (Blueprint $t) => $t->after('name', fn ($t) => $t->date('born_on')->nullable()));`,
  }));

  it('an argument written as an assignment is the value it assigns', () => assertExact(runner, {
    '2020_01_01_000001_events': `Schema::create('events', function (Blueprint $table) {
            $table->increments('id');
            $table->timestamp('starts_at', $precision = 0)->nullable();
            $table->string('code', $length = 40);
        });`,
  }));
}

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`analysis: Blueprint callbacks and assigned arguments, against the real Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      blueprintCallbacks(laravelRunner(version, driver));
    });
  }
}
