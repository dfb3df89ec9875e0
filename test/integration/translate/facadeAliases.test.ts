// The facades under another name (`use Illuminate\Support\Facades\Schema as S;`, in a group use
// too): what the file does through them is what it does through Schema and DB. A drop through
// the alias was read as nothing: the catalog kept the table, and status called the migration
// that created it ran-table-missing on a healthy database.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner } from './laravelRun';

function file(uses: string, up: string): string {
  return `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
${uses}

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

function aliases(runner: LaravelRunner): void {
  it('creates and drops through Schema under another name, and writes rows through DB under another name', () => assertExact(runner, {
    '2020_01_01_000001_create_posts': file('use Illuminate\\Support\\Facades\\Schema as S;',
      `        S::create('posts', function (Blueprint $t) { $t->increments('id'); $t->string('title', 50); });
        S::create('drafts', function (Blueprint $t) { $t->increments('id'); });`),
    '2020_01_01_000002_drop_drafts': file('use Illuminate\\Support\\Facades\\Schema as S;', `        S::dropIfExists('drafts');`),
    '2020_01_01_000003_tags': file('use Illuminate\\Support\\Facades\\{Schema as Builder, DB as Database};',
      `        Builder::create('tags', function (Blueprint $t) { $t->increments('id'); });
        Database::table('posts')->insert(['title' => 'first']);`),
  }));
}

for (const version of laravelVersions) {
  describe(`translate: the facades under another name, against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    aliases(laravelRunner(version));
  });
}
