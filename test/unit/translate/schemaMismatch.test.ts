import * as assert from 'assert';
import * as path from 'path';
import { loadMigrations } from '../../../src/core/analysis/load';
import { format } from '../../../src/core/analysis/rules/rule';
import type { SourceRange } from '../../../src/core/analysis/types';
import { schemaMismatch } from '../../../src/core/translate/schemaMismatch';
import { call, migration, op, st } from './helpers';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const at = (line: number): SourceRange => ({ start: { line, column: 0, offset: 0 }, end: { line, column: 9, offset: 9 } });
const check = (migrations: Parameters<NonNullable<typeof schemaMismatch.checkProject>>[0]['migrations']) =>
  schemaMismatch.checkProject!({ migrations, timeline: undefined as never }).map((f) => ({ message: format(f.template, f.args), line: f.range.start.line }));

function notifications(statements: ReturnType<typeof st>[], name = '2025_09_23_011532_create_eklektik_notifications_tracking_table') {
  const create = op('create', 'eklektik_notifications_tracking', statements);
  return migration(name, [{ ...create, table: { name: 'eklektik_notifications_tracking', range: at(1) } }]);
}

const lineOf = (line: number, ...chain: Parameters<typeof st>) => ({ ...st(...chain), range: at(line) });

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
    ]);
  });

  it('follows later Schema::table changes, and makes no claim about what it cannot know', () => {
    const base = [
      lineOf(10, call('id')),
      lineOf(11, call('unsignedBigInteger', 'notification_id')),
      lineOf(12, call('timestamp', 'processed_at'), call('useCurrent')),
      lineOf(13, call('string', 'processing_batch_id', 50), call('nullable')),
      lineOf(14, call('json', 'processing_metadata'), call('nullable')),
      lineOf(15, call('timestamps')),
    ];
    const later = migration('2025_10_01_000000_add_kpi_updated', [op('table', 'eklektik_notifications_tracking', [st(call('boolean', 'kpi_updated'), call('default', false))])]);
    assert.deepStrictEqual(check([notifications(base), later]), []);
    const unknown = notifications([]);
    const unknownOp = { ...unknown.up.operations[0], blueprintUnknown: 'a loop' };
    assert.deepStrictEqual(check([{ ...unknown, up: { ...unknown.up, operations: [unknownOp] } }]), []);
  });
});
