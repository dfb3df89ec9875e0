// A schema builder kept in a variable (`$schema = Schema::connection(...)`, as Laravel Telescope's
// published migration does): the assignment itself changes nothing. It was read as a Schema call
// the analysis does not know, which may touch any table, so every table of the history became
// unknown, and status named none of them as unchecked. (The connection config() names here is
// the default one, where Laravel builds the table.)
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, laravelRunner, type LaravelRunner } from './laravelRun';

function file(up: string): string {
  return `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up()
    {
${up}
    }

    public function down()
    {
    }
};
`;
}

function builderInVariable(runner: LaravelRunner): void {
  it('reads the creates made through the variable, and leaves the tables made before it known', () => assertExact(runner, {
    '2020_01_01_000001_create_posts': file(`        Schema::create('posts', function (Blueprint $t) { $t->increments('id'); $t->string('title', 50); });`),
    '2020_01_01_000002_create_entries': file(`        $schema = Schema::connection(config('logging.entries_connection'));
        $schema->create('entries', function (Blueprint $t) { $t->increments('id'); });`),
    '2020_01_01_000003_create_tags': file(`        Schema::create('tags', function (Blueprint $t) { $t->increments('id'); $t->string('name', 20); });`),
  }));
}

for (const version of laravelVersions) {
  describe(`translate: a schema builder held by a variable, against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    builderInVariable(laravelRunner(version));
  });
}
