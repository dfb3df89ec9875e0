// Where a predicted failure is written in its file: the editor puts its diagnostic there. The
// rows are real (MariaDB); the failing command is found among other statements of the file.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadMigrations } from '../../../src/core/analysis/load';
import { preflightDatabase } from '../../../src/core/preflight';
import { structurePort } from '../../../src/core/status/structurePort';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { translateOptionsFor } from '../../support/laravelVersions';

const migration = (body: string) => `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up()
    {
${body}
    }
};
`;

describe('preflight: where a failure is written', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let dir: string;

  before(async () => {
    database = await createTestDatabase('md_pfloc');
    const db = await database.open();
    try {
      await db.execute('CREATE TABLE migrations (id int unsigned AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)');
      await db.execute('CREATE TABLE people (id bigint unsigned AUTO_INCREMENT PRIMARY KEY, email varchar(255) NOT NULL, name varchar(100) NULL) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci');
      await db.execute("INSERT INTO people (email) VALUES ('a@b.c'), ('a@b.c'), ('a@b.c'), ('d@e.f')");
    } finally {
      await db.close();
    }
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'md-pfloc-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  after(async () => database?.drop());

  async function predict(body: string) {
    writeFileSync(path.join(dir, '2024_01_01_000000_pending.php'), migration(body));
    const db = await database.open();
    try {
      const migrations = await loadMigrations([dir]);
      const result = await preflightDatabase(db, { migrations, catalog: { tables: new Map(), unknown: new Map() }, structure: structurePort() }, translateOptionsFor('8.83'), { strict: true });
      return result.migrations[0]!;
    } finally {
      await db.close();
    }
  }

  const lineOf = (body: string, text: string) => 10 + body.split('\n').findIndex((line) => line.includes(text));

  it('a unique index over duplicate rows: the line of $table->unique()', async () => {
    const body = [
      "        Schema::table('people', function (Blueprint $table) {",
      "            $table->string('nickname')->nullable();",
      "            $table->unique('email');",
      '        });',
    ].join('\n');
    const m = await predict(body);
    assert.equal(m.error?.code, 1062);
    assert.equal(m.range?.start.line, lineOf(body, 'unique('));
  });

  it('a fluent unique index: the line of its column', async () => {
    const body = [
      "        Schema::table('people', function (Blueprint $table) {",
      "            $table->string('nickname')->nullable();",
      "            $table->string('email')->unique()->change();",
      '        });',
    ].join('\n');
    const m = await predict(body);
    assert.equal(m.error?.code, 1062);
    assert.equal(m.range?.start.line, lineOf(body, "->unique()"));
  });

  it('an added column that exists: the line of that column', async () => {
    const body = [
      "        Schema::table('people', function (Blueprint $table) {",
      "            $table->string('nickname')->nullable();",
      "            $table->string('name');",
      '        });',
    ].join('\n');
    const m = await predict(body);
    assert.equal(m.error?.code, 1060);
    assert.equal(m.range?.start.line, lineOf(body, "'name'"));
  });

  it('a create of an existing table: the Schema::create call', async () => {
    const body = [
      "        Schema::create('people', function (Blueprint $table) {",
      '            $table->id();',
      '        });',
    ].join('\n');
    const m = await predict(body);
    assert.equal(m.error?.code, 1050);
    assert.equal(m.range?.start.line, lineOf(body, 'Schema::create'));
  });
});
