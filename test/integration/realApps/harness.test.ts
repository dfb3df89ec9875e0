// The realApps harness names the migration Laravel refused, since an automatic app sets that
// file aside and runs the history again: blaming another file would set aside a healthy one.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravel, skipWithoutLaravel, type LaravelVersion } from '../../support/laravelVersions';

const create = (table: string) => `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;
return new class extends Migration {
    public function up() { Schema::create('${table}', function (Blueprint $table) { $table->id(); }); }
    public function down() { Schema::dropIfExists('${table}'); }
};
`;

describe("the realApps harness's Laravel 12 migrator", function () {
  let dir: string;
  let test: TestDatabase | undefined;
  before(function () {
    skipWithoutLaravel(this, '12');
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-harness-'));
  });
  afterEach(async () => {
    await test?.drop();
    test = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('blames the file that failed to load, not the first pending one (Laravel requires every pending file first)', async () => {
    fs.writeFileSync(path.join(dir, '2020_01_01_000000_create_first_table.php'), create('first'));
    // A base class of the app's own that the bare migrator does not have.
    fs.writeFileSync(
      path.join(dir, '2020_01_02_000000_create_second_table.php'),
      `<?php\nreturn new class extends \\App\\Database\\OwnMigration {\n    public function up() {}\n};\n`,
    );
    fs.writeFileSync(path.join(dir, '2020_01_03_000000_create_third_table.php'), create('third'));
    test = await createTestDatabase('md_realapps_harness');
    const run = await runLaravel('12', 'migrate', { database: test.name, migrationsPath: dir });
    assert.deepEqual({ ok: run.ok, ran: run.migrations, migration: run.error?.migration }, { ok: false, ran: [], migration: '2020_01_02_000000_create_second_table' });
    assert.match(run.error?.message ?? '', /OwnMigration/);
  });

  it('blames the migration whose query the server refused', async () => {
    fs.writeFileSync(path.join(dir, '2020_01_01_000000_create_first_table.php'), create('first'));
    fs.writeFileSync(path.join(dir, '2020_01_02_000000_create_again_table.php'), create('first'));
    test = await createTestDatabase('md_realapps_harness');
    const run = await runLaravel('12', 'migrate', { database: test.name, migrationsPath: dir });
    assert.deepEqual(
      { ok: run.ok, ran: run.migrations, code: run.error?.code, migration: run.error?.migration },
      { ok: false, ran: ['2020_01_01_000000_create_first_table'], code: 1050, migration: '2020_01_02_000000_create_again_table' },
    );
  });
});

// A history that outlives the time limit names no refused file: the harness must not set aside
// the file that was running when the limit came (a healthy one, on a loaded machine).
describe("the realApps harness's migrators at their time limit", function () {
  for (const version of ['8.83', '12'] as const satisfies readonly LaravelVersion[]) {
    it(`Laravel ${version}: a run stopped by its time limit is an error saying so, not a refusal blaming a file`, async function () {
      if (version === '8.83') await requireOracle();
      else skipWithoutLaravel(this, version);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-harness-'));
      const test = await createTestDatabase('md_realapps_harness');
      try {
        fs.writeFileSync(path.join(dir, '2020_01_01_000000_create_first_table.php'), create('first').replace('public function up() {', 'public function up() { sleep(20);'));
        await assert.rejects(runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir, timeoutMs: 3_000 }), /was stopped by SIGTERM \(its time limit: 3 s\)/);
      } finally {
        await test.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
