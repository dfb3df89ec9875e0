import * as assert from 'node:assert/strict';
import { alterTableAtOnce, encodeRow, insertedRows, quoteIdentifier, rowBound, splitStatements, sqlLiteral } from '../../../src/core/repair/sqlText';

describe('repair SQL text', () => {
  it('quotes identifiers and literals so they read back the same', () => {
    assert.equal(quoteIdentifier('a`b'), '`a``b`');
    assert.equal(sqlLiteral(null), 'NULL');
    assert.equal(sqlLiteral("it's\n\\ \0"), "'it\\'s\\n\\\\ \\0'");
    assert.equal(sqlLiteral(Buffer.from([0, 255])), '0x00ff');
    assert.equal(sqlLiteral(12.5), '12.5');
  });

  it("joins a table's ALTER TABLE statements into one; a foreign key re-added under its name is added again last, apart", () => {
    assert.deepEqual(alterTableAtOnce('t', ['ALTER TABLE `t` ADD COLUMN `a` int', 'ALTER TABLE `t` DROP INDEX `i`']), ['ALTER TABLE `t` ADD COLUMN `a` int, DROP INDEX `i`']);
    // The server refuses (errno 121) to drop and add a foreign key of one name in one statement:
    // the re-add goes last, alone; the key's drop stays with the change it was lifted for, so a
    // refused change leaves the key standing. Another key's add stays in the one statement.
    assert.deepEqual(alterTableAtOnce('t', [
      'ALTER TABLE `t` DROP FOREIGN KEY `gone`',
      'ALTER TABLE `t` DROP FOREIGN KEY `T_FK`',
      'ALTER TABLE `t` MODIFY COLUMN `p` bigint unsigned',
      'ALTER TABLE `t` ADD CONSTRAINT `t_fk` FOREIGN KEY (`p`) REFERENCES `p` (`id`)',
      'ALTER TABLE `t` ADD CONSTRAINT `new_fk` FOREIGN KEY (`p`) REFERENCES `p` (`id`)',
    ]), [
      'ALTER TABLE `t` DROP FOREIGN KEY `gone`, DROP FOREIGN KEY `T_FK`, MODIFY COLUMN `p` bigint unsigned, ADD CONSTRAINT `new_fk` FOREIGN KEY (`p`) REFERENCES `p` (`id`)',
      'ALTER TABLE `t` ADD CONSTRAINT `t_fk` FOREIGN KEY (`p`) REFERENCES `p` (`id`)',
    ]);
    // Anything else is left as it is: another table, another kind of statement.
    const mixed = ['ALTER TABLE `t` ADD COLUMN `a` int', 'ALTER TABLE `u` ADD COLUMN `a` int'];
    assert.deepEqual(alterTableAtOnce('t', mixed), mixed);
    assert.deepEqual(alterTableAtOnce('a`b', ['ALTER TABLE `a``b` ADD COLUMN `a` int', 'ALTER TABLE `a``b` ADD COLUMN `b` int']), ['ALTER TABLE `a``b` ADD COLUMN `a` int, ADD COLUMN `b` int']);
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

  it('honours quotes inside version comments, as mysqldump writes a trigger', () => {
    const text = [
      'DELIMITER ;;',
      "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.c = '*/;;' */;;",
      'DELIMITER ;',
      'INSERT INTO `t` VALUES (1);',
    ].join('\n');
    assert.deepEqual(splitStatements(text), [
      "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.c = '*/;;' */",
      'INSERT INTO `t` VALUES (1)',
    ]);
  });

  it('reads a backslash as a plain character while the dump sets NO_BACKSLASH_ESCAPES', () => {
    const text = [
      "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;",
      "INSERT INTO `t` VALUES ('a\\';b');",
      "/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;",
      "/*!50003 SET sql_mode              = 'NO_BACKSLASH_ESCAPES,STRICT_TRANS_TABLES' */ ;",
      'DELIMITER ;;',
      "/*!50003 CREATE*/ /*!50003 TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.p = 'C:\\' */;;",
      'DELIMITER ;',
      '/*!50003 SET sql_mode              = @saved_sql_mode */ ;',
      "INSERT INTO `t` VALUES ('x\\';y');",
      '/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;',
    ].join('\n');
    assert.deepEqual(splitStatements(text), [
      "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */",
      "INSERT INTO `t` VALUES ('a\\';b')",
      '/*!50003 SET @saved_sql_mode       = @@sql_mode */',
      "/*!50003 SET sql_mode              = 'NO_BACKSLASH_ESCAPES,STRICT_TRANS_TABLES' */",
      "/*!50003 CREATE*/ /*!50003 TRIGGER `t_bi` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.p = 'C:\\' */",
      '/*!50003 SET sql_mode              = @saved_sql_mode */',
      "INSERT INTO `t` VALUES ('x\\';y')",
      '/*!40101 SET SQL_MODE=@OLD_SQL_MODE */',
    ]);
  });

  it('counts the rows an INSERT carries', () => {
    assert.deepEqual(insertedRows("INSERT INTO `t` (`a`, `b`) VALUES\n(1,'(x)'),\n(2,'y),(z')"), { table: 't', rows: 2 });
    assert.deepEqual(insertedRows('INSERT INTO `we``ird` VALUES (1,(2))'), { table: 'we`ird', rows: 1 });
    assert.equal(insertedRows('DELETE FROM `t`'), undefined);
  });

  it('encodes a row as the server sent it as sqlLiteral quotes the same values, within its bound', () => {
    const text = "it's \"q\" \\ \0 \x1a\r\n é€😀 */;";
    // Each value after its length: one byte under 251, 0xFC and two bytes, 0xFD and three, 0xFE and eight; 0xFB is NULL.
    const long = Buffer.alloc(300, 0x61);
    const huge = Buffer.alloc(70000, 0x27);
    const source = Buffer.concat([
      Buffer.from('##'), Buffer.from([6]), Buffer.from('-12.50'), Buffer.from([Buffer.byteLength(text)]), Buffer.from(text), Buffer.from([0xfb]),
      Buffer.from([3, 0, 0xab, 0x27]), Buffer.from([0]), Buffer.from([0]), Buffer.from([0xfc, 300 & 255, 300 >> 8]), long,
      Buffer.from([0xfd, 70000 & 255, (70000 >> 8) & 255, 70000 >> 16]), huge, Buffer.from([0xfe, 2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('ok'), Buffer.from('##'),
    ]);
    const kinds = ['number', 'text', 'text', 'hex', 'hex', 'text', 'text', 'text', 'hex'] as const;
    const end = source.length - 2;
    const target = Buffer.alloc(rowBound(end - 2, kinds.length) + 10, '#');
    const at = encodeRow(source, 2, end, kinds, target, 5);
    assert.equal(target.toString('utf8', 5, at), `(-12.50,${sqlLiteral(text)},NULL,0x00AB27,'','',${sqlLiteral(long.toString())},${sqlLiteral(huge.toString())},0x6F6B)`);
    assert.ok(at - 5 <= rowBound(end - 2, kinds.length));
    assert.equal(target.toString('utf8', at), '#'.repeat(target.length - at));
    const nulls = Buffer.from([0xfb, 0xfb]);
    assert.equal(encodeRow(nulls, 0, 2, ['text', 'number'], target, 0), 'NULL,NULL'.length + 2);
    assert.ok(rowBound(2, 2) >= 11);
  });

  it('refuses a row that does not hold one value per column', () => {
    const target = Buffer.alloc(100);
    const row = Buffer.from([1, 0x31, 2, 0x32, 0x33]);
    assert.throws(() => encodeRow(row, 0, row.length, ['number'], target, 0), /more than the 1 values/);
    assert.throws(() => encodeRow(row, 0, row.length, ['number', 'number', 'number'], target, 0), /A row of 2 values where 3/);
    assert.throws(() => encodeRow(row, 0, row.length - 1, ['number', 'number'], target, 0), /runs past the end/);
  });
});
