// The editor's update after a saved file: the statuses of the new files against the database as
// last read, exactly what a snapshot reading the same database would say.
import * as assert from 'node:assert/strict';
import { parseMigration } from '../../../src/core/analysis/parse';
import type { MigrationFile } from '../../../src/core/analysis/types';
import { computeStatus, snapshotWithFiles, type LiveFacts } from '../../../src/core/status/engine';
import { catalogOf } from '../../../src/core/structure/fromDrizzle';
import { structurePort } from '../../../src/core/status/structurePort';
import type { StatusSnapshot } from '../../../src/core/status/types';
import { builtInTables } from '../../../src/schema';

function migration(name: string, up: string): MigrationFile {
  return parseMigration(`/app/database/migrations/${name}.php`,
    `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\n`
    + `return new class extends Migration {\n    public function up()\n    {\n        ${up}\n    }\n};\n`);
}

const create = (table: string) => `Schema::create('${table}', function (Blueprint $table) { $table->id(); });`;
const notif = '2025_09_23_011532_create_eklektik_notifications_tracking_table';
const trans = '2025_09_23_120134_create_eklektik_transactions_tracking_table';
const later = '2025_10_01_000000_create_later_table';
const connection = { name: 'test', host: '127.0.0.1', port: 3306, user: 'root', database: 'app', migrationsTable: 'migrations', tablePrefix: '', production: false, connectTimeoutMs: 5000 };
const structure = structurePort();
const catalog = catalogOf(builtInTables);

describe('status engine: snapshotWithFiles', () => {
  // A duplicated row (the highest batch wins) and a row without a file, as read from the server.
  const facts: LiveFacts = {
    rows: [{ migration: notif, batch: 1 }, { migration: notif, batch: 2 }, { migration: later, batch: 3 }, { migration: 'gone', batch: 1 }],
    liveTables: new Set(['migrations', 'eklektik_transactions_tracking', 'later']),
    liveStructures: new Map([['eklektik_transactions_tracking', catalog.tables.get('eklektik_transactions_tracking')!.model]]),
  };
  const before = [migration(notif, create('eklektik_notifications_tracking')), migration(trans, create('eklektik_transactions_tracking')), migration(later, create('later'))];
  const previous: StatusSnapshot = {
    connection, migrationsTable: 'migrations', takenAt: '2026-01-01T00:00:00.000Z', liveTables: facts.liveTables, liveStructures: facts.liveStructures,
    queries: 4, durationMs: 1, ...computeStatus({ migrations: before, catalog, structure }, facts, ''),
  };

  it('new files against the same rows, tables and structures: what computeStatus says of the database as read', () => {
    // The pending migration now creates a table that does not exist; the recorded one creates another.
    const after = [migration(notif, create('eklektik_transactions_tracking')), migration(trans, create('nothing_here')), before[2]!];
    const expected = computeStatus({ migrations: after, catalog, structure }, facts, '');
    const updated = snapshotWithFiles(previous, { migrations: after, catalog, structure });
    assert.deepEqual({ migrations: updated.migrations, maxBatch: updated.maxBatch, counts: updated.counts }, expected);
    assert.deepEqual(updated.migrations.map((m) => [m.name, m.state]), [[notif, 'ran'], [trans, 'pending'], [later, 'ran'], ['gone', 'orphan-record']]);
    // No query: the database as last read, and when it was read.
    assert.equal(updated.queries, 0);
    assert.equal(updated.takenAt, previous.takenAt);
    assert.equal(updated.liveTables, previous.liveTables);
  });

  it('each snapshot its own rows: another read of the migrations table, or statuses not computed here', () => {
    const otherFacts: LiveFacts = { ...facts, rows: [{ migration: trans, batch: 7 }] };
    const other: StatusSnapshot = { ...previous, ...computeStatus({ migrations: before, catalog, structure }, otherFacts, '') };
    const batches = (snapshot: StatusSnapshot) => snapshotWithFiles(snapshot, { migrations: before, catalog, structure }).migrations.map((m) => [m.name, m.batch]);
    assert.deepEqual(batches(previous), [[notif, 2], [trans, null], [later, 3], ['gone', 1]]);
    assert.deepEqual(batches(other), [[notif, null], [trans, 7], [later, null]]);
    // Statuses as a JSON snapshot brings them back: the rows are read from the statuses.
    const copied: StatusSnapshot = { ...previous, migrations: previous.migrations.map((m) => ({ ...m })) };
    assert.deepEqual(batches(copied), batches(previous));
  });

  it('the catalog is asked for the recorded migrations (and one whose row was lost before them, its table there) and the server of the last read', () => {
    let asked: { recorded: string[]; server: string | undefined } | undefined;
    snapshotWithFiles({ ...previous, server: 'mariadb' }, {
      migrations: before, structure,
      catalog: (recorded, server) => {
        asked = { recorded: [...recorded].sort(), server };
        return catalog;
      },
    });
    assert.deepEqual(asked, { recorded: ['gone', later, notif, trans].sort(), server: 'mariadb' });
  });
});
