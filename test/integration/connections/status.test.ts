// `status --connection NAME` and `status --all-connections` with the named connections of a
// project's .vscode/settings.json, against real databases brought into scenarios by artisan.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { bringTo, laravelMigrationsDir, migrationNames, requireOracle } from '../../support/laravel';
import { openedFiles, timesOpened } from '../../support/openedFiles';

describe('status --connection / --all-connections', function () {
  this.timeout(300_000);
  let local: TestDatabase;
  let preprod: TestDatabase;
  let project: string;
  const server = testServer();
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const io: CliIo = { cwd: project, env: { DB_PASSWORD: server.password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
    return { code: await main(['status', ...args], io), out, err };
  };
  before(async function () {
    await requireOracle();
    local = await createTestDatabase('md_connections_local');
    preprod = await createTestDatabase('md_connections_preprod');
    await bringTo(local.name, 'several-batches');
    await bringTo(preprod.name, 'incident');
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-connections-'));
    fs.cpSync(laravelMigrationsDir, path.join(project, 'database', 'migrations'), { recursive: true });
    fs.mkdirSync(path.join(project, '.vscode'));
    const common = { host: server.host, port: server.port, username: server.user };
    fs.writeFileSync(path.join(project, '.vscode', 'settings.json'), `{
  // the team's environments
  "migrationDoctor.connections": ${JSON.stringify([
    { name: 'local', ...common, database: local.name },
    { name: 'preprod', ...common, database: preprod.name, production: true },
    { name: 'gone', ...common, database: `${local.name}_missing` },
  ])},
}`);
  });
  after(async () => {
    await local?.drop();
    await preprod?.drop();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it('--all-connections: one line per environment, production marked, exit 1', async () => {
    const result = await run(['--all-connections']);
    assert.equal(result.code, 1, result.err);
    const lines = result.out.trimEnd().split('\n');
    assert.equal(lines.length, 3, result.out);
    // No Laravel version is known here: the tables whose structure depends on it are said not to be checked, as status says.
    assert.match(lines[0]!, new RegExp(`^local \\(.*/${local.name}\\): 6 ran · 0 broken · 0 pending · 2 tables cannot be checked$`));
    assert.match(lines[1]!, new RegExp(`^\\[production\\] preprod \\(.*/${preprod.name}\\): 4 ran · 2 broken · 0 pending · 2 tables cannot be checked$`));
    assert.match(lines[2]!, /^gone \(.*\): .*(does not exist|Unknown database|1049)/);
  });

  it('--all-connections --env-file FILE: the project facts read that .env, never ./.env', async () => {
    // ./.env names another driver than the file the user named: only the named one may count.
    fs.writeFileSync(path.join(project, '.env'), 'DB_CONNECTION=pgsql\n');
    fs.writeFileSync(path.join(project, '.env.ci'), 'DB_CONNECTION=mysql\n');
    try {
      const { result, opened } = await openedFiles(() => run(['--all-connections', '--env-file', '.env.ci', '--no-cache']));
      assert.equal(result.code, 1, result.err);
      assert.equal(timesOpened(opened, path.join(project, '.env')), 0, opened.join('\n'));
      assert.equal(timesOpened(opened, path.join(project, '.env.ci')), 1, opened.join('\n'));
    } finally {
      fs.rmSync(path.join(project, '.env'));
      fs.rmSync(path.join(project, '.env.ci'));
    }
  });

  it('--connection NAME: that connection only; an unknown name is a usage error naming the others', async () => {
    const broken = await run(['--connection', 'preprod']);
    assert.equal(broken.code, 1, broken.err);
    assert.match(broken.out, new RegExp(`${migrationNames.notificationsTracking} +\\| 1 +\\| ran-table-missing`));
    assert.equal((await run(['--connection', 'local'])).code, 0);
    const unknown = await run(['--connection', 'staging']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no connection named 'staging'.*local, preprod, gone/);
  });
});
