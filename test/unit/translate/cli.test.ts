import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { laravelAppDir, laravelMigrationsDir, migrationNames } from '../../support/laravel';


function io(cwd: string): CliIo & { stdout: string; stderr: string } {
  const captured = { stdout: '', stderr: '' };
  return Object.assign(captured, {
    cwd,
    env: {},
    out: (text: string) => { captured.stdout += text; },
    err: (text: string) => { captured.stderr += text; },
    readStdin: async () => '',
  });
}

describe('migration-doctor schema', () => {
  let out: string;
  let project: string;
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'md-schema-'));
    // A copy of the fixture app's migrations: editor tests add files to the fixture while they run.
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-schema-app-'));
    fs.mkdirSync(path.join(project, 'database', 'migrations'), { recursive: true });
    // Its composer.json says which Laravel builds the tables (8.83).
    fs.copyFileSync(path.join(laravelAppDir, 'composer.json'), path.join(project, 'composer.json'));
    for (const name of Object.values(migrationNames)) {
      fs.copyFileSync(path.join(laravelMigrationsDir, `${name}.php`), path.join(project, 'database', 'migrations', `${name}.php`));
    }
  });
  afterEach(() => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(project, { recursive: true, force: true });
  });

  it("writes the fixture app's tables from its default migrations folder", async () => {
    const run = io(project);
    assert.strictEqual(await main(['schema', '--out', out], run), 0, run.stderr);
    assert.deepStrictEqual(fs.readdirSync(out).sort(), [
      'eklektikNotificationsTracking.ts', 'eklektikTransactionsTracking.ts', 'failedJobs.ts', 'index.ts', 'transactionsHistory.ts', 'users.ts',
    ]);
    assert.match(run.stdout, /^Wrote 6 files to .* \(5 tables from 6 migrations\)\.\n$/);
    // The application's own table comes out whole (the built-in declares only its id).
    assert.match(fs.readFileSync(path.join(out, 'transactionsHistory.ts'), 'utf8'), /operator: varchar\('operator'/);
  });

  it('refuses to overwrite files it did not generate unless --force, and exits 2 on bad usage', async () => {
    fs.writeFileSync(path.join(out, 'users.ts'), '// mine\n');
    const run = io(project);
    assert.strictEqual(await main(['schema', '--out', out], run), 1);
    assert.match(run.stderr, /users\.ts already exist.*--force/);
    assert.strictEqual(fs.readFileSync(path.join(out, 'users.ts'), 'utf8'), '// mine\n');
    assert.strictEqual(await main(['schema', '--out', out, '--force'], io(project)), 0);
    assert.match(fs.readFileSync(path.join(out, 'users.ts'), 'utf8'), /export const users = mysqlTable/);
    // Generated files are overwritten without --force.
    assert.strictEqual(await main(['schema', '--out', out], io(project)), 0);
    const bad = io(project);
    assert.strictEqual(await main(['schema'], bad), 2);
    assert.match(bad.stderr, /--out DIR is required/);
  });

  it('lists the tables it cannot know instead of writing them', async () => {
    const migrations = fs.mkdtempSync(path.join(os.tmpdir(), 'md-schema-src-'));
    try {
      fs.writeFileSync(path.join(migrations, '2020_01_01_000000_create_things.php'), `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;
return new class extends Migration {
    public function up()
    {
        Schema::create('things', function (Blueprint $table) {
            $table->id();
            foreach (['a', 'b'] as $column) {
                $table->string($column);
            }
        });
        Schema::create('plain', function (Blueprint $table) {
            $table->id();
        });
    }
};
`);
      const run = io(migrations);
      // A bare folder: no composer file says which Laravel builds the tables, the flag does.
      assert.strictEqual(await main(['schema', '--path', '.', '--out', out, '--prefix', 'app_', '--laravel-version', '8.83'], run), 0, run.stderr);
      assert.deepStrictEqual(fs.readdirSync(out).sort(), ['appPlain.ts', 'index.ts']);
      assert.match(run.stdout, /Not generated: app_things: 2020_01_01_000000_create_things: a loop/);
    } finally {
      fs.rmSync(migrations, { recursive: true, force: true });
    }
  });
});
