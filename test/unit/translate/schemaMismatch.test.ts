import * as assert from 'assert';
import * as path from 'path';
import { loadMigrations } from '../../../src/core/analysis/load';
import { fillTemplate } from '../../../src/core/messages/catalog';
import type { SourceRange } from '../../../src/core/analysis/types';
import { schemaMismatch } from '../../../src/core/translate/schemaMismatch';
import { builtInTables } from '../../../src/schema';
import { call, migration, op, st } from './helpers';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const at = (line: number): SourceRange => ({ start: { line, column: 0, offset: 0 }, end: { line, column: 9, offset: 9 } });
const check = (migrations: Parameters<NonNullable<typeof schemaMismatch.checkProject>>[0]['migrations']) =>
  schemaMismatch.checkProject!({ migrations, timeline: undefined as never, drizzle: builtInTables, laravel: { version: '8.83', driver: 'mysql' } }).map((f) => ({ message: fillTemplate(f.template, f.args), line: f.range.start.line }));

function notifications(statements: ReturnType<typeof st>[], name = '2025_09_23_011532_create_eklektik_notifications_tracking_table') {
  const create = op('create', 'eklektik_notifications_tracking', statements);
  return migration(name, [{ ...create, table: { name: 'eklektik_notifications_tracking', range: at(1) } }]);
}

const lineOf = (line: number, ...chain: Parameters<typeof st>) => ({ ...st(...chain), range: at(line) });

/** The columns of the built-in definition, before the migration that adds kpi_updated and the indexes. */
const agreeingColumns = () => [
  lineOf(10, call('id')),
  lineOf(11, call('unsignedBigInteger', 'notification_id')),
  lineOf(12, call('timestamp', 'processed_at'), call('useCurrent')),
  lineOf(13, call('string', 'processing_batch_id', 50), call('nullable')),
  lineOf(14, call('json', 'processing_metadata'), call('nullable')),
  lineOf(15, call('timestamps')),
];

describe('schema-mismatch rule', () => {
  it('is silent on the fixture app, whose migrations agree with the built-in Drizzle schemas', async () => {
    const migrations = await loadMigrations([path.join(repoRoot, 'test', 'fixtures', 'laravel-app', 'database', 'migrations')]);
    assert.deepStrictEqual(check(migrations), []);
  });

  it('reports missing and extra columns, and types and nullability that differ, where they are declared', () => {
    const findings = check([notifications([
      lineOf(10, { method: 'id', args: [] }),
      lineOf(11, call('integer', 'notification_id')),
      lineOf(12, call('timestamp', 'processed_at'), call('useCurrent')),
      lineOf(13, call('string', 'processing_batch_id', 50)),
      lineOf(14, call('json', 'processing_metadata'), call('nullable')),
      lineOf(15, call('timestamps')),
      lineOf(16, call('string', 'note')),
    ])]);
    assert.deepStrictEqual(findings, [
      { line: 11, message: "Column 'notification_id' of 'eklektik_notifications_tracking' is int not null here, but bigint unsigned not null in its Drizzle definition (src/schema)." },
      { line: 1, message: "The Drizzle definition of 'eklektik_notifications_tracking' (src/schema) has a column 'kpi_updated' (tinyint(1) not null) that the migrations never create." },
      { line: 13, message: "Column 'processing_batch_id' of 'eklektik_notifications_tracking' is varchar(50) not null here, but varchar(50) null in its Drizzle definition (src/schema)." },
      { line: 16, message: "Column 'note' of 'eklektik_notifications_tracking' is not in its Drizzle definition (src/schema)." },
      ...['`eklektik_notifications_tracking_notification_id_index` INDEX (notification_id)', '`idx_processed_kpi` INDEX (processed_at, kpi_updated)', '`idx_batch_processed` INDEX (processing_batch_id, processed_at)']
        .map((index) => ({ line: 1, message: `'eklektik_notifications_tracking' differs from its Drizzle definition (src/schema): here, index ${index} is missing.` })),
    ]);
  });

  it('follows later Schema::table changes, and makes no claim about what it cannot know', () => {
    const base = agreeingColumns();
    const later = migration('2025_10_01_000000_add_kpi_updated', [op('table', 'eklektik_notifications_tracking', [
      st(call('boolean', 'kpi_updated'), call('default', false)),
      st(call('index', 'notification_id')),
      st(call('index', ['processed_at', 'kpi_updated'], 'idx_processed_kpi')),
      st(call('index', ['processing_batch_id', 'processed_at'], 'idx_batch_processed')),
    ])]);
    assert.deepStrictEqual(check([notifications(base), later]), []);
    const unknown = notifications([]);
    const unknownOp = { ...unknown.up.operations[0], blueprintUnknown: 'a loop' };
    assert.deepStrictEqual(check([{ ...unknown, up: { ...unknown.up, operations: [unknownOp] } }]), []);
  });

  it('says nothing of a FULLTEXT index, which a Drizzle definition cannot declare', () => {
    const base = agreeingColumns();
    const kpi = [
      st(call('boolean', 'kpi_updated'), call('default', false)),
      st(call('index', 'notification_id')),
      st(call('index', ['processed_at', 'kpi_updated'], 'idx_processed_kpi')),
      st(call('index', ['processing_batch_id', 'processed_at'], 'idx_batch_processed')),
    ];
    const later = (index: ReturnType<typeof st>) => migration('2025_10_01_000000_add_kpi_updated', [op('table', 'eklektik_notifications_tracking', [...kpi, index])]);
    assert.deepStrictEqual(check([notifications(base), later(st(call('fullText', 'processing_batch_id')))]), []);
    // The same index made a plain one is a difference the definition can be changed to agree with.
    assert.match(check([notifications(base), later(st(call('index', 'processing_batch_id')))]).map((f) => f.message).join('\n'), /processing_batch_id_index/);
  });

  it('leaves a project alone whose migrations create none of the tables the built-in schema is shipped for', () => {
    // Another application's own transactions_history: a uuid key, nothing like the incident's.
    const own = migration('2024_01_01_000000_create_transactions_history_table', [op('create', 'transactions_history', [
      lineOf(3, call('uuid', 'id'), call('primary')),
      lineOf(4, call('decimal', 'amount', 10, 2)),
    ])]);
    assert.deepStrictEqual(check([own]), []);
    // The same table in the incident's project is checked (declared as far as the tracking tables' key needs it).
    const incident = notifications([lineOf(10, call('id')), lineOf(11, call('unsignedBigInteger', 'notification_id'))]);
    assert.match(check([own, incident]).map((f) => f.message).join('\n'), /Column 'id' of 'transactions_history' is char\(36\) not null here, but bigint unsigned not null/);
  });

  it('reports an index the Drizzle definition has and the migrations do not make, at the Schema::create', () => {
    const findings = check([notifications([
      lineOf(10, call('id')),
      lineOf(11, call('unsignedBigInteger', 'notification_id')),
      lineOf(12, call('timestamp', 'processed_at'), call('useCurrent')),
      lineOf(13, call('boolean', 'kpi_updated'), call('default', false)),
      lineOf(14, call('string', 'processing_batch_id', 50), call('nullable')),
      lineOf(15, call('json', 'processing_metadata'), call('nullable')),
      lineOf(16, call('timestamps')),
    ])]);
    assert.ok(findings.length > 0 && findings.every((f) => f.line === 1), JSON.stringify(findings));
    assert.match(findings[0].message, /^'eklektik_notifications_tracking' differs from its Drizzle definition \(src\/schema\): here, index `eklektik_notifications_tracking_notification_id_index` INDEX \(notification_id\) is missing\.$/);
  });
});
