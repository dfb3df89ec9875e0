// What one CLI run reads of the project: composer.lock once, however many parts of the run need the
// Laravel version (the connection's stock config when 'default' cannot be read, the form of
// 'migrations', the project facts), and not at all once the facts and the connection are kept.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../support/cli';
import { createTestDatabase, testServer, withServer } from '../../support/database';
import { openedFiles, timesOpened } from '../../support/openedFiles';
import { requireOracle } from '../../support/laravel';

describe('a CLI run reads composer.lock once', function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  it("status and preflight, an app whose 'default' needs running it and whose 'migrations' form depends on the version", async () => {
    const test = await createTestDatabase('md_project_reads');
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'md-project-reads-'));
    try {
      const server = testServer();
      fs.mkdirSync(path.join(app, 'config'));
      fs.mkdirSync(path.join(app, 'database', 'migrations'), { recursive: true });
      fs.writeFileSync(path.join(app, 'composer.lock'), JSON.stringify({ packages: [{ name: 'laravel/framework', version: 'v11.9.2' }] }));
      // An app's own helper around DB_CONNECTION (as firefly-iii's): Laravel 11's own config gives the connection;
      // no 'migrations' entry: Laravel 11 reads its own ('migrations'), 10 would refuse.
      fs.writeFileSync(path.join(app, 'config', 'database.php'), `<?php\nreturn ['default' => app_connection(), 'connections' => ['mysql' => ['driver' => 'mysql', 'host' => env('DB_HOST'), 'port' => env('DB_PORT'), 'database' => env('DB_DATABASE'), 'username' => env('DB_USERNAME'), 'password' => env('DB_PASSWORD')]]];\n`);
      fs.writeFileSync(path.join(app, '.env'), `DB_CONNECTION=mysql\nDB_HOST=${server.host}\nDB_PORT=${server.port}\nDB_DATABASE=${test.name}\nDB_USERNAME=${server.user}\nDB_PASSWORD="${server.password}"\n`);
      fs.writeFileSync(path.join(app, 'database', 'migrations', '2024_01_01_000000_create_invoices_table.php'),
        "<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n    public function up(): void { Schema::create('invoices', function (Blueprint $table) { $table->id(); }); }\n};\n");
      await withServer((c) => c.query(`CREATE TABLE \`${test.name}\`.migrations (id int unsigned auto_increment primary key, migration varchar(255) not null, batch int not null)`));
      const lock = path.join(app, 'composer.lock');
      const reads = async (args: string[]) => {
        const { result, opened } = await openedFiles(() => runCli(app, args));
        assert.equal(result.code, 0, result.out + result.err);
        return timesOpened(opened, lock);
      };
      assert.equal(await reads(['status', '--no-cache']), 1, 'status --no-cache');
      assert.equal(await reads(['status']), 1, 'status, nothing kept yet');
      assert.equal(await reads(['status']), 0, 'status, the facts and the connection kept');
      assert.equal(await reads(['preflight']), 1, 'preflight');
      // The kept answers still follow composer.lock: Laravel 10 reads no 'migrations' entry as a name it cannot tell.
      fs.writeFileSync(lock, JSON.stringify({ packages: [{ name: 'laravel/framework', version: 'v10.48.0' }] }));
      const { code, err } = await runCli(app, ['status']);
      assert.equal(code, 2);
      assert.match(err, /no 'migrations' entry, which Laravel 10 reads as the table's name/);
    } finally {
      await test.drop();
      fs.rmSync(app, { recursive: true, force: true });
    }
  });
});
