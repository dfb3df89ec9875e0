import * as assert from 'node:assert/strict';
import { insertedRows, quoteIdentifier, splitStatements, sqlLiteral } from '../../../src/core/repair/sqlText';

describe('repair SQL text', () => {
  it('quotes identifiers and literals so they read back the same', () => {
    assert.equal(quoteIdentifier('a`b'), '`a``b`');
    assert.equal(sqlLiteral(null), 'NULL');
    assert.equal(sqlLiteral("it's\n\\ \0"), "'it\\'s\\n\\\\ \\0'");
    assert.equal(sqlLiteral(Buffer.from([0, 255])), '0x00ff');
    assert.equal(sqlLiteral(12.5), '12.5');
  });

  it('splits a dump on delimiters outside quotes and comments', () => {
    const text = [
      '/*M!999999\\- enable the sandbox mode */ ',
      '-- a comment; with a semicolon',
      "/*!40101 SET NAMES utf8mb4 */;",
      "INSERT INTO `t` VALUES (1,'a;b'),(2,'it''s -- no'),(3,\"x\\\";\");",
      '/* plain; comment */',
      '# hash comment;',
      'CREATE TABLE `x;y` (id int);',
      'DELIMITER ;;',
      'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; END ;;',
      'DELIMITER ;',
      'SELECT 1',
    ].join('\n');
    assert.deepEqual(splitStatements(text), [
      '/*!40101 SET NAMES utf8mb4 */',
      "INSERT INTO `t` VALUES (1,'a;b'),(2,'it''s -- no'),(3,\"x\\\";\")",
      'CREATE TABLE `x;y` (id int)',
      'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; END',
      'SELECT 1',
    ]);
  });

  it('counts the rows an INSERT carries', () => {
    assert.deepEqual(insertedRows("INSERT INTO `t` (`a`, `b`) VALUES\n(1,'(x)'),\n(2,'y),(z')"), { table: 't', rows: 2 });
    assert.deepEqual(insertedRows('INSERT INTO `we``ird` VALUES (1,(2))'), { table: 'we`ird', rows: 1 });
    assert.equal(insertedRows('DELETE FROM `t`'), undefined);
  });
});
