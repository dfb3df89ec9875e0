// Every common Drizzle mysql-core column kind survives the round trip: our DDL on the real
// server, read back from information_schema, compares equal to the Drizzle model.
import * as assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import {
  bigint, binary, char, date, datetime, decimal, double, float, foreignKey, index, int, json, mediumint, mysqlEnum, mysqlTable,
  primaryKey, serial, smallint, text, time, timestamp, tinyint, unique, varchar, year, boolean, longtext, mediumtext, varbinary,
} from 'drizzle-orm/mysql-core';
import type { Database } from '../../../src/core/db/database';
import {
  compareTables, createTableStatements, expectedFromDrizzle, laravelDefaults, readLiveTables, reconcileStatements,
} from '../../../src/core/structure';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const parent = mysqlTable('rt_parent', {
  id: serial('id').primaryKey(),
  code: varchar('code', { length: 20 }).notNull().unique(),
});

const everything = mysqlTable('rt_everything', {
  id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
  parentId: bigint('parent_id', { mode: 'number', unsigned: true }),
  parentCode: varchar('parent_code', { length: 20 }),
  tiny: tinyint('tiny').notNull().default(-1),
  small: smallint('small', { unsigned: true }).default(7),
  medium: mediumint('medium'),
  count: int('count').notNull().default(0),
  flag: boolean('flag').notNull().default(true),
  price: decimal('price', { precision: 10, scale: 2 }).notNull().default('0.00'),
  ratio: double('ratio'),
  weight: float('weight'),
  status: mysqlEnum('status', ['pending', 'done', "it's"]).notNull().default('pending'),
  label: varchar('label', { length: 191 }).default("O'Brien"),
  code: char('code', { length: 3 }),
  body: text('body'),
  longBody: longtext('long_body'),
  mediumBody: mediumtext('medium_body'),
  payload: json('payload'),
  raw: binary('raw', { length: 16 }),
  token: varbinary('token', { length: 64 }),
  born: date('born'),
  seen: datetime('seen', { fsp: 3 }),
  at: time('at'),
  built: year('built'),
  createdAt: timestamp('created_at').notNull().defaultNow(),
  updatedAt: timestamp('updated_at').defaultNow().onUpdateNow(),
  expiresAt: timestamp('expires_at', { fsp: 6 }).default(sql`CURRENT_TIMESTAMP(6)`),
  uuid: varchar('uuid', { length: 36 }).default(sql`(uuid())`),
}, (t) => [
  index('rt_everything_count_index').on(t.count),
  unique('rt_everything_label_code_unique').on(t.label, t.code),
  foreignKey({ name: 'rt_everything_parent_id_foreign', columns: [t.parentId], foreignColumns: [parent.id] }).onDelete('cascade'),
  // No index of its own: InnoDB adds one named after the constraint.
  foreignKey({ name: 'rt_everything_parent_code_foreign', columns: [t.parentCode], foreignColumns: [parent.code] }).onDelete('set null').onUpdate('cascade'),
]);

const pivot = mysqlTable('rt_pivot', {
  parentId: bigint('parent_id', { mode: 'number', unsigned: true }).notNull(),
  everythingId: bigint('everything_id', { mode: 'number', unsigned: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.parentId, t.everythingId] })]);

const tables = [
  { drizzle: parent, owned: true, module: 'test' },
  { drizzle: everything, owned: true, module: 'test' },
  { drizzle: pivot, options: { engine: 'InnoDB', charset: 'latin1' }, owned: true, module: 'test' },
].map((definition) => expectedFromDrizzle(definition, laravelDefaults));

describe('Drizzle column kinds round trip through the server', function () {
  this.timeout(60_000);
  let test: TestDatabase;
  let db: Database;
  before(async () => {
    test = await createTestDatabase('md_structure_rt');
    db = await test.open();
  });
  after(async () => {
    await db?.close();
    await test?.drop();
  });

  it('reads back exactly the model of each table', async () => {
    for (const table of tables) for (const statement of createTableStatements(table.model)) await db.execute(statement);
    const live = await readLiveTables(db, tables.map((t) => t.name));
    for (const table of tables) {
      const expected = table.model;
      assert.deepEqual(compareTables(expected, live.get(table.name)!), [], table.name);
      assert.deepEqual(live.get(table.name)!.columns, expected.columns, table.name);
    }
    assert.deepEqual(live.get('rt_pivot')!.options, { engine: 'InnoDB', charset: 'latin1', collation: 'latin1_swedish_ci' });
  });

  it('reconciles drift on every kind of column back to the model', async () => {
    const name = 'rt_everything';
    for (const drift of [
      'DROP COLUMN `status`', 'MODIFY `price` decimal(8,2) NOT NULL DEFAULT 1.5', 'MODIFY `seen` datetime NULL',
      'MODIFY `updated_at` timestamp NULL DEFAULT NULL', 'MODIFY `uuid` varchar(36) NULL', 'ADD COLUMN `extra` int NOT NULL DEFAULT 3',
      'DROP INDEX `rt_everything_label_code_unique`', 'DROP FOREIGN KEY `rt_everything_parent_code_foreign`',
      'CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci',
    ]) {
      await db.execute(`ALTER TABLE \`${name}\` ${drift}`);
    }
    const expected = tables[1].model;
    const statements = reconcileStatements(expected, (await readLiveTables(db, [name])).get(name)!);
    assert.ok(statements.length >= 9, statements.map((s) => s.sql).join('\n'));
    for (const statement of statements) await db.execute(statement.sql);
    assert.deepEqual(compareTables(expected, (await readLiveTables(db, [name])).get(name)!), []);
  });
});
