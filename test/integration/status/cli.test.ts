// `migration-doctor status` end to end, in process, against MariaDB in the incident state.
import * as assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { createTestDatabase, type TestDatabase, testServer } from '../../support/database';
import { bringTo, laravelAppDir, migrationNames, requireOracle } from '../../support/laravel';

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd: laravelAppDir, env, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
  const code = await main(['status', ...args], io);
  return { code, out, err };
}

describe('migration-doctor status', function () {
  this.timeout(120_000);
  let incident: TestDatabase;
  let fresh: TestDatabase;
  const server = testServer();
  const connection = () => ['--host', server.host, '--port', String(server.port), '--user', server.user];
  before(async function () {
    await requireOracle();
    incident = await createTestDatabase('md_status_cli_incident');
    fresh = await createTestDatabase('md_status_cli_fresh');
    await bringTo(incident.name, 'incident');
    await bringTo(fresh.name, 'fresh');
  });
  after(async () => {
    await incident?.drop();
    await fresh?.drop();
  });

  it('prints the table with the extra states and exits 1 on the incident', async () => {
    const { code, out } = await run([...connection(), '--database', incident.name], { DB_PASSWORD: server.password });
    assert.equal(code, 1);
    assert.match(out, new RegExp(`\\| Yes +\\| ${migrationNames.notificationsTracking} +\\| 1 +\\| ran-table-missing +\\|`));
    assert.match(out, new RegExp(`\\| No +\\| ${migrationNames.transactionsTracking} +\\| +\\| pending-table-exists \\|`));
    assert.match(out, /fails with error 1050/);
  });

  it('--json keeps the issue\'s shape, without the password', async () => {
    const ok = await run([...connection(), '--database', incident.name, '--json'], { DB_PASSWORD: server.password });
    assert.equal(ok.code, 1);
    const json = JSON.parse(ok.out);
    assert.deepEqual(Object.keys(json), ['connection', 'migrationsTable', 'migrations']);
    assert.equal(json.connection.database, incident.name);
    assert.ok(!('password' in json.connection));
    const row = json.migrations.find((m: { name: string }) => m.name === migrationNames.notificationsTracking);
    assert.deepEqual([row.state, row.batch, row.tables], ['ran-table-missing', 1, ['eklektik_notifications_tracking']]);
    assert.equal(row.problems[0].repairs[0], 'create-table');
  });

  it('exits 0 when only pending, 1 with --pending', async () => {
    const plain = await run([...connection(), '--database', fresh.name], { DB_PASSWORD: server.password });
    assert.equal(plain.code, 0, plain.err);
    const pending = await run([...connection(), '--database', fresh.name, '--pending'], { DB_PASSWORD: server.password });
    assert.equal(pending.code, 1);
  });

  it('exits 2 with one sentence and the next step on connection and usage errors', async () => {
    const refused = await run(['--host', '127.0.0.1', '--port', '1', '--database', 'x']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /connection was refused\.\nCheck that MySQL\/MariaDB is running/);
    const missing = await run([...connection(), '--database', incident.name, '--migrations-table', 'nope'], { DB_PASSWORD: server.password });
    assert.equal(missing.code, 2);
    assert.match(missing.err, /Migration table not found/);
    assert.equal((await run(['--bogus'])).code, 2);
    assert.equal((await run(['--password', 'x'])).code, 2);
  });

  it('reads the app\'s .env by default (its database does not exist here: 1049)', async () => {
    const { code, err } = await run(['--database', `${incident.name}_absent`]);
    assert.equal(code, 2);
    assert.match(err, /does not exist/);
  });
});
