// MySQL 8 and MariaDB spell the same column differently; the model must not.
import * as assert from 'node:assert/strict';
import {
  normaliseAction,
  normaliseDeclaredDefault,
  normaliseExpression,
  normaliseLiveDefault,
  normaliseType,
} from '../../../src/core/structure';
import { normalisedTypesHeld } from '../../../src/core/structure/normalise';

describe('structure normalisation', () => {
  it('drops integer display widths but keeps tinyint(1)', () => {
    assert.equal(normaliseType('bigint(20) unsigned'), 'bigint unsigned');
    assert.equal(normaliseType('int(11)'), 'int');
    assert.equal(normaliseType('INT(10) UNSIGNED'), 'int unsigned');
    assert.equal(normaliseType('tinyint(1)'), 'tinyint(1)');
    assert.equal(normaliseType('tinyint(4)'), 'tinyint');
    assert.equal(normaliseType('tinyint(3) unsigned'), 'tinyint unsigned');
  });

  it('spells aliases the way the server reports them', () => {
    assert.equal(normaliseType('boolean'), 'tinyint(1)');
    assert.equal(normaliseType('integer'), 'int');
    assert.equal(normaliseType('decimal'), 'decimal(10,0)');
    assert.equal(normaliseType('decimal(8, 2)'), 'decimal(8,2)');
    assert.equal(normaliseType('numeric(5)'), 'decimal(5,0)');
    assert.equal(normaliseType('timestamp(0)'), 'timestamp');
    assert.equal(normaliseType('VARCHAR(50)'), 'varchar(50)');
    assert.equal(normaliseType("enum('Pending','Done')"), "enum('Pending','Done')");
  });

  it('reads current_timestamp in every spelling as one expression', () => {
    for (const spelling of ['current_timestamp()', 'CURRENT_TIMESTAMP', '(now())', 'now()', 'current_timestamp(0)']) {
      assert.equal(normaliseExpression(spelling), 'CURRENT_TIMESTAMP', spelling);
    }
    assert.equal(normaliseExpression('current_timestamp(3)'), 'CURRENT_TIMESTAMP(3)');
  });

  it('reads MariaDB defaults: quoted literals, bare numbers, the NULL string, expressions', () => {
    const column = { nullable: false, type: 'varchar(20)', generated: false, mariadb: true };
    assert.deepEqual(normaliseLiveDefault("'pending'", column), { kind: 'literal', value: 'pending' });
    assert.deepEqual(normaliseLiveDefault("'it''s'", column), { kind: 'literal', value: "it's" });
    assert.deepEqual(normaliseLiveDefault('0', { ...column, type: 'tinyint(1)' }), { kind: 'literal', value: '0' });
    assert.deepEqual(normaliseLiveDefault('NULL', { ...column, nullable: true }), { kind: 'null' });
    assert.deepEqual(normaliseLiveDefault("'NULL'", column), { kind: 'literal', value: 'NULL' });
    assert.deepEqual(normaliseLiveDefault('current_timestamp()', { ...column, type: 'timestamp' }), { kind: 'expression', sql: 'CURRENT_TIMESTAMP' });
    assert.deepEqual(normaliseLiveDefault(null, column), { kind: 'none' });
  });

  it('reads MySQL 8 defaults: unquoted literals, DEFAULT_GENERATED expressions', () => {
    const column = { nullable: false, type: 'varchar(20)', generated: false, mariadb: false };
    assert.deepEqual(normaliseLiveDefault('pending', column), { kind: 'literal', value: 'pending' });
    assert.deepEqual(normaliseLiveDefault('CURRENT_TIMESTAMP', { ...column, type: 'timestamp', generated: true }), { kind: 'expression', sql: 'CURRENT_TIMESTAMP' });
    assert.deepEqual(normaliseLiveDefault('now()', { ...column, type: 'datetime', generated: true }), { kind: 'expression', sql: 'CURRENT_TIMESTAMP' });
    assert.deepEqual(normaliseLiveDefault(null, { ...column, nullable: true }), { kind: 'null' });
  });

  it('reads a float or double default as the server prints it: with its scale, or as its shortest value without one', () => {
    const live = (raw: string, type: string) => normaliseLiveDefault(raw, { nullable: false, type, generated: false, mariadb: true });
    const declared = (value: string, type: string) => normaliseDeclaredDefault({ kind: 'value', value }, { nullable: false, type });
    // Laravel 11+ writes double('amount', 15, 4)->default('0.0000') as a plain double; MariaDB shows 0.
    assert.deepEqual(live('0', 'double'), declared('0.0000', 'double'));
    assert.deepEqual(live('1.5', 'double'), declared('1.50', 'double'));
    assert.deepEqual(live("'0.0000'", 'double(15,4)'), declared('0', 'double(15,4)'));
    assert.notDeepEqual(live('1', 'double'), declared('1.5', 'double'));
    assert.notDeepEqual(live('0', 'float'), declared('0.5', 'float'));
  });

  it('compares numeric literals by value', () => {
    const mariadb = normaliseLiveDefault('0.00', { nullable: false, type: 'decimal(10,2)', generated: false, mariadb: true });
    const declared = normaliseDeclaredDefault({ kind: 'value', value: 0 }, { nullable: false, type: 'decimal(10,2)' });
    assert.deepEqual(mariadb, declared);
    assert.deepEqual(normaliseDeclaredDefault({ kind: 'value', value: false }, { nullable: false, type: 'tinyint(1)' }), { kind: 'literal', value: '0' });
    assert.deepEqual(normaliseDeclaredDefault({ kind: 'sql', sql: '(now())' }, { nullable: false, type: 'timestamp' }), { kind: 'expression', sql: 'CURRENT_TIMESTAMP' });
    assert.deepEqual(normaliseDeclaredDefault(undefined, { nullable: true, type: 'varchar(5)' }), { kind: 'null' });
  });

  it('reads a temporal literal default as MariaDB prints it: fractional seconds to the column\'s digits, a date with its midnight', () => {
    const declared = (value: string, type: string) => normaliseDeclaredDefault({ kind: 'value', value }, { nullable: false, type }).kind === 'literal'
      ? (normaliseDeclaredDefault({ kind: 'value', value }, { nullable: false, type }) as { value: string }).value : undefined;
    assert.equal(declared('2021-02-03 04:05:06', 'datetime(6)'), '2021-02-03 04:05:06.000000');
    assert.equal(declared('2021-02-03 04:05:06.5', 'timestamp(3)'), '2021-02-03 04:05:06.500');
    assert.equal(declared('04:05:06', 'time(2)'), '04:05:06.00');
    assert.equal(declared('2021-02-03 04:05:06', 'datetime'), '2021-02-03 04:05:06');
    assert.equal(declared('2021-02-03', 'datetime'), '2021-02-03 00:00:00');
    assert.equal(declared('2021-02-03', 'date'), '2021-02-03');
    const live = normaliseLiveDefault("'2021-02-03 04:05:06.000000'", { nullable: false, type: 'datetime(6)', generated: false, mariadb: true });
    assert.deepEqual(live, { kind: 'literal', value: '2021-02-03 04:05:06.000000' });
  });

  it('treats NO ACTION as the RESTRICT InnoDB applies', () => {
    assert.equal(normaliseAction('NO ACTION'), 'RESTRICT');
    assert.equal(normaliseAction('no action'), 'RESTRICT');
    assert.equal(normaliseAction(undefined), 'RESTRICT');
    assert.equal(normaliseAction('cascade'), 'CASCADE');
    assert.equal(normaliseAction('SET NULL'), 'SET NULL');
  });

  it('keeps a bounded memo of type spellings, whatever a project spells', () => {
    // A hostile project: a hundred thousand distinct enums, and one very long one, in a process that lives on.
    for (let i = 0; i < 100_000; i++) assert.equal(normaliseType(`ENUM('a${i}')`), `enum('a${i}')`);
    assert.equal(normaliseType(`enum(${"'x',".repeat(10_000)}'y')`).length, 40_009);
    assert.ok(normalisedTypesHeld() <= 4096, `${normalisedTypesHeld()} spellings held`);
    assert.equal(normaliseType('bigint(20) unsigned'), 'bigint unsigned');
  });
});
