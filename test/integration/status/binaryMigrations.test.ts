// A migrations table whose `migration` column is binary (varbinary, blob): PHP reads its bytes as
// the name's text, so Laravel runs as usual; status, one database or many, reads the same names.
import * as assert from 'node:assert/strict';
import type { Database } from '../../../src/core/db/database';
import { takeSnapshot } from '../../../src/core/status/engine';
import { catalogOf } from '../../../src/core/structure/fromDrizzle';
import { structurePort } from '../../../src/core/status/structurePort';
import { readTenantFacts } from '../../../src/core/tenants/live';
import { createTestDatabase, type TestDatabase } from '../../support/database';

describe('a migrations table with a binary migration column (MariaDB)', function () {
  this.timeout(30_000);
  // The name with more bytes than characters first: a length in bytes would run into the next row.
  const names = ['2020_01_01_000000_créer_la_table_é', '2014_10_12_000000_create_users_table'];
  for (const type of ['varbinary(255)', 'blob']) {
    describe(type, () => {
      let test: TestDatabase;
      let db: Database;
      before(async () => {
        test = await createTestDatabase('md_binary_migrations');
        db = await test.open();
        await db.execute(`CREATE TABLE migrations (id int unsigned AUTO_INCREMENT PRIMARY KEY, migration ${type} NOT NULL, batch int NOT NULL)`);
        await db.execute('INSERT INTO migrations (migration, batch) VALUES (?, 1), (?, 2)', names);
      });
      after(async () => {
        await db.close();
        await test.drop();
      });

      it('one database: each row is an orphan by its name, as text', async () => {
        const snapshot = await takeSnapshot(db, { migrations: [], catalog: catalogOf([]), structure: structurePort() });
        assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state, m.batch]), names.map((name, i) => [name, 'orphan-record', i + 1]));
        assert.match(snapshot.migrations[0]!.problems[0]!.message, /créer_la_table_é/);
      });

      it('many databases: the same rows', async () => {
        const facts = await readTenantFacts(db, test.name, 'migrations', []);
        assert.deepEqual(facts.databases.map((d) => [d.database, d.rows]), [[test.name, names.map((migration, i) => ({ migration, batch: String(i + 1) }))]]);
      });
    });
  }
});
