// PHP class and method names are case-insensitive: what Laravel runs with `schema::Create`,
// `$table->DateTime()` or `$table->DROP()` is translated as written in the usual case.
import { requireOracle } from '../../support/laravel';
import { assertExact, laravel8 } from '../translate/laravelRun';

describe('analysis: Schema and Blueprint names in any case, against the real Laravel 8.83', function () {
  this.timeout(180_000);
  before(requireOracle);

  it('schema::Create, SCHEMA::dropIfExists, $table->datetime(), $table->DROP()', () => assertExact(laravel8, {
    '2020_01_01_000001_create_nonces': `schema::Create('nonces', function (Blueprint $table) { $table->increments('id'); $table->datetime('at'); });
        Schema::create('olds', function (Blueprint $table) { $table->increments('id'); });
        Schema::create('olders', function (Blueprint $table) { $table->increments('id'); });`,
    '2020_01_01_000002_drop_olds': `Schema::table('olds', function (Blueprint $table) { $table->DROP(); });
        SCHEMA::DROPIFEXISTS('olders');`,
  }));
});
