// `status --databases PATTERN` against 30 real tenant databases, 5 of them broken in different
// ways; each tenant compared with the one-database status and with the real `migrate:status`.
import * as assert from 'node:assert/strict';
import { openDatabase } from '../../../src/core/db/database';
import { loadStatusInput } from '../../../src/core/status/inputs';
import { createdTables } from '../../../src/core/status/engine';
import { readLiveTables } from '../../../src/core/structure/live';
import { parseGroupedColumns, readTenantFacts } from '../../../src/core/tenants/live';
import { takeTenantsSnapshot } from '../../../src/core/tenants/status';
import { builtInTables } from '../../../src/schema';
import { english, message } from '../../../src/core/messages/catalog';
import { rootConnectionOptions, withServer } from '../../support/database';
import { laravelMigrationsDir, migrateStatus, migrationNames, orphanMigration, requireOracle } from '../../support/laravel';
import { createTenants, run, type Tenants } from './tenants';

describe('status --databases PATTERN (tenants)', function () {
  this.timeout(600_000);
  let tenants: Tenants;
  const pattern = () => `${tenants.prefix}_t%`;
  before(async function () {
    await requireOracle();
    tenants = await createTenants('md_tenants_status', 25, ['incident', 'orphan-record', 'schema-drift', 'no-migrations-table', 'partly-migrated']);
  });
  after(async () => tenants?.drop());

  it('--json: every tenant, the same migrations as the one-database status, exit 1', async () => {
    const result = await run('status', ['--databases', pattern(), '--json']);
    assert.equal(result.code, 1, result.err);
    const json = JSON.parse(result.out) as { databases: { database: string; summary: { ran: number; pending: number; broken: number }; problem?: string; migrations: unknown[] }[] };
    assert.deepEqual(json.databases.map((d) => d.database), tenants.names);
    for (const tenant of json.databases) {
      const kind = tenants.broken.get(tenant.database);
      if (kind === 'no-migrations-table') {
        assert.match(tenant.problem ?? '', /Migration table not found/);
        continue;
      }
      const single = await run('status', ['--database', tenant.database, '--json']);
      assert.deepEqual(tenant.migrations, JSON.parse(single.out).migrations, tenant.database);
      const expectBroken = kind !== undefined && kind !== 'partly-migrated';
      assert.equal(tenant.summary.broken > 0, expectBroken, `${tenant.database} (${kind ?? 'healthy'})`);
    }
    const incident = json.databases.find((d) => tenants.broken.get(d.database) === 'incident')!;
    assert.deepEqual(incident.summary, { ran: 4, pending: 0, broken: 2 });
  });

  it('agrees with the real php artisan migrate:status of each tenant', async () => {
    const json = JSON.parse((await run('status', ['--databases', pattern(), '--json'])).out) as { databases: { database: string; migrations: { name: string; state: string; batch: number | null }[] }[] };
    for (const tenant of json.databases) {
      if (tenants.broken.get(tenant.database) === 'no-migrations-table') continue;
      const laravel = await migrateStatus(tenant.database);
      // migrate:status lists the files only; a row without a file is ours alone.
      const ours = tenant.migrations.filter((m) => m.state !== 'orphan-record').map((m) => ({ name: m.name, ran: m.batch !== null, batch: m.batch }));
      assert.deepEqual(ours, laravel, tenant.database);
    }
  });

  it('text: only the tenants with problems, then one summary line', async () => {
    const result = await run('status', ['--databases', pattern()]);
    assert.equal(result.code, 1);
    const headers = result.out.split('\n').filter((line) => line.startsWith(tenants.prefix));
    const failing = [...tenants.broken].filter(([, kind]) => kind !== 'partly-migrated').map(([name]) => name).sort();
    assert.deepEqual(headers.map((line) => line.split(':')[0]), failing);
    assert.match(result.out, new RegExp(`${migrationNames.notificationsTracking} \\[ran-table-missing\\]`));
    assert.match(result.out, new RegExp(`${orphanMigration.name} \\[orphan-record\\]`));
    assert.match(result.out, /\[schema-drift\]/);
    const last = result.out.trimEnd().split('\n').at(-1)!;
    assert.match(last, new RegExp(`^30 databases matching '${pattern()}': 26 fine, 4 with problems \\(\\d+ queries, \\d+ ms\\)\\.$`));
  });

  it('exits 0 when every matching tenant is fine, and 2 when nothing matches (nothing was checked)', async () => {
    const healthy = await run('status', ['--databases', `${tenants.prefix}_t00%`]);
    assert.equal(healthy.code, 0, healthy.out + healthy.err);
    assert.match(healthy.out, /^9 databases matching .*: 9 fine, 0 with problems/m);
    const none = await run('status', ['--databases', `${tenants.prefix}_nothing%`]);
    assert.equal(none.code, 2);
    assert.equal(none.out, '');
    assert.match(none.err, /No database on this server matches '.*_nothing%': nothing was checked\./);
  });

  it("says a tenant's problem with the migrations table that was read (config/database.php's name, with the prefix), as an error the editor says in the user's language", async () => {
    const input = await loadStatusInput([laravelMigrationsDir], { tablePrefix: 'app_', laravel: { version: '8.83.0', driver: 'mysql' } }, builtInTables);
    const db = await openDatabase(rootConnectionOptions('information_schema'));
    try {
      const snapshot = await takeTenantsSnapshot(db, `${tenants.prefix}_t00%`, input, { migrationsTable: 'schema_history', tablePrefix: 'app_' });
      assert.ok(snapshot.databases.length > 0);
      for (const tenant of snapshot.databases) {
        assert.equal(tenant.problemKind, 'no-migrations-table', tenant.database);
        assert.deepEqual(tenant.error?.said?.sentence, message('connection.migrationsTableMissing', 'app_schema_history', tenant.database));
        assert.equal(`${english(tenant.error!.said!.sentence)} ${english(tenant.error!.said!.nextStep)}`, tenant.problem);
      }
    } finally {
      await db.close();
    }
  });

  it('takes the same number of queries for 9 tenants as for 30', async () => {
    const input = await loadStatusInput([laravelMigrationsDir], { tablePrefix: '', laravel: { version: '8.83.0', driver: 'mysql' } }, builtInTables);
    const db = await openDatabase(rootConnectionOptions('information_schema'));
    try {
      const few = await takeTenantsSnapshot(db, `${tenants.prefix}_t00%`, input, db.options);
      const all = await takeTenantsSnapshot(db, pattern(), input, db.options);
      assert.equal(few.databases.length, 9);
      assert.equal(all.databases.length, 30);
      assert.equal(all.queries, few.queries);
      assert.ok(all.queries <= 13, `${all.queries} queries`);
    } finally {
      await db.close();
    }
  });

  it('gives the same snapshot on one connection when the server refuses more (an account limited to one)', async () => {
    const input = await loadStatusInput([laravelMigrationsDir], { tablePrefix: '', laravel: { version: '8.83.0', driver: 'mysql' } }, builtInTables);
    const user = `md_one_${Date.now().toString(36)}`;
    await withServer(async (connection) => {
      await connection.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'one' WITH MAX_USER_CONNECTIONS 1`);
      await connection.query(`GRANT SELECT, PROCESS ON *.* TO '${user}'@'%'`);
    });
    const root = await openDatabase(rootConnectionOptions('information_schema'));
    const limited = await openDatabase({ ...rootConnectionOptions('information_schema'), user, password: 'one' });
    try {
      const expected = await takeTenantsSnapshot(root, pattern(), input, root.options);
      const alone = await takeTenantsSnapshot(limited, pattern(), input, limited.options);
      assert.deepEqual(alone.databases, expected.databases);
      assert.equal(alone.queries, expected.queries);
    } finally {
      await limited.close();
      await root.close();
      await withServer((connection) => connection.query(`DROP USER IF EXISTS '${user}'@'%'`));
    }
  });

  it('reads each tenant\'s tables as the one-database reader does, a comment holding the grouped read\'s separators too', async () => {
    // The columns of many tenants come back as one text per table, fields and columns split by
    // \x1f and \x1e: a value holding them cannot be split back, and the plain rows are read instead.
    assert.equal(parseGroupedColumns('t', 'id\u001f\u001fNO\u001fint\u001fint(11)\u001f\u001f\u001fa\u001fb\u001f', 1), undefined);
    assert.equal(parseGroupedColumns('t', 'id\u001f\u001fNO\u001fint\u001fint(11)\u001f\u001f\u001fa\u001eb\u001f', 1), undefined);
    assert.deepEqual(parseGroupedColumns('t', 'id\u001f=0\u001fNO\u001fint\u001fint(11)\u001f\u001f\u001f\u001f\u001eg\u001f\u001fYES\u001fint\u001fint(11)\u001f\u001fSTORED GENERATED\u001f\u001f=`id` * 2', 2), [
      { tableName: 't', name: 'id', columnDefault: '0', isNullable: 'NO', dataType: 'int', columnType: 'int(11)', collation: null, extra: '', comment: '', generationExpression: null },
      { tableName: 't', name: 'g', columnDefault: null, isNullable: 'YES', dataType: 'int', columnType: 'int(11)', collation: null, extra: 'STORED GENERATED', comment: '', generationExpression: '`id` * 2' },
    ]);
    const tenant = tenants.names.find((name) => !tenants.broken.has(name))!;
    const [column] = await withServer(async (connection) => (await connection.query(
      "SELECT COLUMN_TYPE AS type, IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'users' AND COLUMN_NAME = 'name'", [tenant]))[0] as { type: string; nullable: string }[]);
    const alter = (comment: string) => withServer((connection) => connection.query(
      `ALTER TABLE \`${tenant}\`.users MODIFY name ${column!.type} ${column!.nullable === 'YES' ? 'NULL' : 'NOT NULL'} COMMENT ?`, [comment]));
    const input = await loadStatusInput([laravelMigrationsDir], { tablePrefix: '', laravel: { version: '8.83.0', driver: 'mysql' } }, builtInTables);
    const created = [...new Set(input.migrations.flatMap((file) => createdTables(file, '')))];
    const compare = async (expectComment: string | undefined) => {
      const db = await openDatabase(rootConnectionOptions('information_schema'));
      try {
        const facts = await readTenantFacts(db, pattern(), 'migrations', created);
        for (const { database, liveStructures } of facts.databases) {
          const one = await openDatabase(rootConnectionOptions(database));
          try {
            assert.deepEqual(liveStructures, await readLiveTables(one, created), database);
          } finally {
            await one.close();
          }
        }
        const users = facts.databases.find((d) => d.database === tenant)!.liveStructures.get('users')!;
        assert.equal(users.columns.find((c) => c.name === 'name')!.comment, expectComment);
      } finally {
        await db.close();
      }
    };
    await compare(undefined);
    await alter('a\u001fb\u001ec');
    try {
      await compare('a\u001fb\u001ec');
      const json = JSON.parse((await run('status', ['--databases', pattern(), '--json'])).out) as { databases: { database: string; migrations: unknown[] }[] };
      const single = JSON.parse((await run('status', ['--database', tenant, '--json'])).out) as { migrations: unknown[] };
      assert.deepEqual(json.databases.find((d) => d.database === tenant)!.migrations, single.migrations);
    } finally {
      await alter('');
    }
  });
});
