// Generated columns (virtualAs, storedAs) of tenants migrated by the real Laravel: status
// --databases reads their expression as the one-database status does, and so tells a column whose
// expression was changed by hand from a healthy one, as that status does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { uniqueDatabaseName, withServer } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravelOk, skipWithoutLaravel } from '../../support/laravelVersions';
import { migrationSource } from '../../support/migrationHistory';
import { run } from './tenants';

interface TenantJson { database: string; migrations: { name: string; state: string; problems: { message: string }[] }[] }

const people = '2024_01_01_000000_create_people_table';
const later = '2024_01_02_000000_create_teams_table';
const history = {
  [people]: `        Schema::create('people', function (Blueprint $t) {
            $t->id();
            $t->string('first');
            $t->string('last');
            $t->string('full')->virtualAs("concat(first, ' ', last)");
            $t->integer('price');
            $t->integer('doubled')->storedAs('price * 2');
        });`,
  [later]: `        Schema::create('teams', function (Blueprint $t) {
            $t->id();
        });`,
};

describe('status --databases: generated columns compared as for one database (real Laravel 8.83)', function () {
  this.timeout(600_000);
  const prefix = uniqueDatabaseName('md_tenants_generated');
  const names = ['healthy', 'virtual', 'stored'].map((what, i) => `${prefix}_${i}_${what}`);
  let project: string;
  let dir: string;

  before(async function () {
    skipWithoutLaravel(this, '8.83');
    await requireOracle();
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-tenants-generated-'));
    dir = path.join(project, 'database', 'migrations');
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, up] of Object.entries(history)) fs.writeFileSync(path.join(dir, `${name}.php`), migrationSource(up));
    for (const name of names) {
      await withServer((c) => c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
      await runLaravelOk('8.83', 'migrate', { database: name, migrationsPath: dir });
    }
    await withServer(async (c) => {
      await c.query(`ALTER TABLE \`${names[1]}\`.people MODIFY \`full\` varchar(255) AS (concat(\`last\`, ' ', \`first\`)) VIRTUAL`);
      await c.query(`ALTER TABLE \`${names[2]}\`.people MODIFY \`doubled\` int(11) AS (\`price\` * 3) STORED`);
    });
  });

  after(async () => {
    await withServer(async (c) => {
      for (const name of names) await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
    });
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  const status = (...args: string[]) => run('status', [...args, '--json', '--path', dir, '--laravel-version', '8.83'], project);

  it('calls a column whose expression changed drifted, and agrees with the one-database status on every tenant', async () => {
    const result = await status('--databases', `${prefix}\\_%`);
    const tenants = (JSON.parse(result.out) as { databases: TenantJson[] }).databases;
    assert.deepEqual(tenants.map((t) => [t.database, t.migrations.map((m) => m.state)]), [
      [names[0], ['ran', 'ran']],
      [names[1], ['schema-drift', 'ran']],
      [names[2], ['schema-drift', 'ran']],
    ]);
    assert.match(tenants[1]!.migrations[0]!.problems[0]!.message, /`full` is varchar\(255\) as \(concat\(last,' ',first\)\) virtual, expected varchar\(255\) as \(concat\(first,' ',last\)\)/);
    assert.match(tenants[2]!.migrations[0]!.problems[0]!.message, /`doubled` is int as \(price\*3\) stored, expected int as \(price\*2\) stored/);
    for (const tenant of tenants) {
      const single = await status('--database', tenant.database);
      assert.deepEqual(tenant.migrations, (JSON.parse(single.out) as TenantJson).migrations, tenant.database);
    }
  });
});
