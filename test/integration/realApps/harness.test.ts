// The realApps harness names the migration Laravel refused, since an automatic app sets that
// file aside and runs the history again: blaming another file would set aside a healthy one.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { runLaravel, skipWithoutLaravel } from '../../support/laravelVersions';

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
