// One classifier for driver errors, shared by status and repair; anything else is a bug, never a database error.
import * as assert from 'node:assert/strict';
import { classifyDatabaseError, classifyDriverError, DatabaseError, type DriverFailureKind } from '../../../src/core/db/errors';
import { explainError, isConnectionLost, type RepairErrorKind } from '../../../src/core/repair/errors';

const options = { name: 'preprod', host: 'db', port: 3306, user: 'app', database: 'shop', migrationsTable: 'migrations', tablePrefix: '', production: false };
const nodeError = (code: string, errno: number) => Object.assign(new Error(`connect ${code} 10.0.0.1:3306`), { code, errno, syscall: 'connect' });
const serverError = (errno: number, code: string, sqlMessage: string) => Object.assign(new Error(sqlMessage), { errno, code, sqlState: 'HY000', sqlMessage, fatal: false });

describe('driver error classifier', () => {
  // [error, its kind, what the status says (DatabaseError kind), what the repair says]
  const cases: [string, object, DriverFailureKind, string, RepairErrorKind][] = [
    ['ECONNREFUSED', nodeError('ECONNREFUSED', -111), 'refused', 'unreachable', 'connection-lost'],
    ['ETIMEDOUT', nodeError('ETIMEDOUT', -110), 'timeout', 'timeout', 'connection-lost'],
    ['ESOCKETTIMEDOUT', { code: 'ESOCKETTIMEDOUT' }, 'timeout', 'timeout', 'connection-lost'],
    ['PROTOCOL_SEQUENCE_TIMEOUT', { code: 'PROTOCOL_SEQUENCE_TIMEOUT', fatal: true }, 'timeout', 'timeout', 'connection-lost'],
    ['ENOTFOUND', nodeError('ENOTFOUND', -3008), 'unknown-host', 'unknown-host', 'connection-lost'],
    ['EAI_AGAIN', nodeError('EAI_AGAIN', -3001), 'unknown-host', 'unknown-host', 'connection-lost'],
    ['EHOSTUNREACH', nodeError('EHOSTUNREACH', -113), 'unreachable', 'unreachable', 'connection-lost'],
    ['ENETUNREACH', nodeError('ENETUNREACH', -101), 'unreachable', 'unreachable', 'connection-lost'],
    ['ECONNRESET', nodeError('ECONNRESET', -104), 'connection-lost', 'connection-lost', 'connection-lost'],
    ['EPIPE', nodeError('EPIPE', -32), 'connection-lost', 'connection-lost', 'connection-lost'],
    ['PROTOCOL_CONNECTION_LOST', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true, message: 'Connection lost: The server closed the connection.' }, 'connection-lost', 'connection-lost', 'connection-lost'],
    ['closed state', Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true }), 'connection-lost', 'connection-lost', 'connection-lost'],
    ['1927 killed', serverError(1927, 'ER_CONNECTION_KILLED', 'Connection was killed'), 'connection-lost', 'connection-lost', 'connection-lost'],
    ['2013', serverError(2013, 'CR_SERVER_LOST', 'Lost connection to server during query'), 'connection-lost', 'connection-lost', 'connection-lost'],
    ['TLS', { code: 'HANDSHAKE_NO_SSL_SUPPORT', fatal: true }, 'tls', 'other', 'other'],
    ['1045', serverError(1045, 'ER_ACCESS_DENIED_ERROR', "Access denied for user 'app'"), 'access-denied', 'access-denied', 'missing-privilege'],
    ['1049', serverError(1049, 'ER_BAD_DB_ERROR', "Unknown database 'shop'"), 'unknown-database', 'unknown-database', 'other'],
    ['1044', serverError(1044, 'ER_DBACCESS_DENIED_ERROR', 'Access denied'), 'no-privilege', 'no-privilege', 'missing-privilege'],
    ['1142', serverError(1142, 'ER_TABLEACCESS_DENIED_ERROR', 'SELECT command denied'), 'no-privilege', 'no-privilege', 'missing-privilege'],
    ['1146', serverError(1146, 'ER_NO_SUCH_TABLE', "Table 'shop.x' doesn't exist"), 'table-missing', 'other', 'other'],
    ['1050', serverError(1050, 'ER_TABLE_EXISTS_ERROR', "Table 'users' already exists"), 'table-exists', 'other', 'table-exists'],
    ['1215', serverError(1215, 'ER_CANNOT_ADD_FOREIGN', 'Cannot add foreign key constraint'), 'missing-foreign-key-target', 'other', 'missing-foreign-key-target'],
    ['1451', serverError(1451, 'ER_ROW_IS_REFERENCED_2', 'Cannot delete'), 'foreign-key-violation', 'other', 'foreign-key-violation'],
    ['1452', serverError(1452, 'ER_NO_REFERENCED_ROW_2', 'Cannot add'), 'foreign-key-violation', 'other', 'foreign-key-violation'],
    ['1205', serverError(1205, 'ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded'), 'lock-wait', 'other', 'lock-wait'],
    ['1064', serverError(1064, 'ER_PARSE_ERROR', 'You have an error in your SQL syntax'), 'server', 'other', 'other'],
  ];
  for (const [label, error, kind, databaseKind, repairKind] of cases) {
    it(`${label}: ${kind}, the same for status and repair`, () => {
      assert.equal(classifyDriverError(error)?.kind, kind);
      const database = classifyDatabaseError(error, options);
      assert.ok(database instanceof DatabaseError);
      assert.equal(database.kind, databaseKind);
      assert.equal(database.failure?.kind, kind);
      assert.equal(explainError(error).kind, repairKind);
      const connectionGone = ['refused', 'timeout', 'unknown-host', 'unreachable', 'connection-lost'].includes(kind);
      assert.equal(isConnectionLost(error), connectionGone);
      assert.equal(isConnectionLost(database), connectionGone, 'a DatabaseError keeps what it was made from');
    });
  }

  it('a programming error is never a database error: not classified, and rethrown by the repair explanation', () => {
    const bugs: unknown[] = [
      new TypeError("Cannot read properties of undefined (reading 'kind')"),
      Object.assign(new TypeError('The "path" argument must be of type string'), { code: 'ERR_INVALID_ARG_TYPE' }),
      new assert.AssertionError({ message: 'unreachable' }),
      new RangeError('Maximum call stack size exceeded'),
      new Error('plain'),
      'a string',
      undefined,
      null,
    ];
    for (const bug of bugs) {
      assert.equal(classifyDriverError(bug), undefined, String(bug));
      assert.equal(classifyDatabaseError(bug, options), undefined, String(bug));
      assert.equal(isConnectionLost(bug), false);
      assert.throws(() => explainError(bug), (thrown: unknown) => thrown === bug);
    }
  });
});
