// What a failed repair statement means, in one sentence a person can act on. The server's
// own message is kept beside it. Never imports 'vscode'.

export type RepairErrorKind =
  | 'table-exists'
  | 'missing-foreign-key-target'
  | 'foreign-key-violation'
  | 'missing-privilege'
  | 'connection-lost'
  | 'lock-wait'
  | 'other';

export interface ExplainedError {
  readonly kind: RepairErrorKind;
  /** The server's error number (1050...), when there is one. */
  readonly errno?: number;
  /** The server's (or the driver's) own message. */
  readonly serverMessage: string;
  /** One sentence: what happened and what it means here. */
  readonly explanation: string;
}

interface DriverError {
  errno?: number;
  code?: string;
  sqlMessage?: string;
  message?: string;
  fatal?: boolean;
}

const lostConnectionCodes = new Set(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'ER_CONNECTION_KILLED']);

export function isConnectionLost(error: unknown): boolean {
  const e = (error ?? {}) as DriverError;
  return (
    (e.code !== undefined && lostConnectionCodes.has(e.code)) ||
    e.errno === 2006 ||
    e.errno === 2013 ||
    e.errno === 1927 ||
    /closed state|connection lost|server has gone away/i.test(e.message ?? '')
  );
}

export function explainError(error: unknown): ExplainedError {
  const e = (error ?? {}) as DriverError;
  const serverMessage = e.sqlMessage ?? e.message ?? String(error);
  const errno = typeof e.errno === 'number' ? e.errno : undefined;
  const table = /'([^']+)'/.exec(serverMessage)?.[1];
  if (isConnectionLost(error)) {
    return { kind: 'connection-lost', errno, serverMessage,
      explanation: 'The connection to the server was lost (killed, timed out or the server restarted); the step may not have completed: run status to see where the database stands.' };
  }
  switch (errno) {
    case 1050:
      return { kind: 'table-exists', errno, serverMessage,
        explanation: `Table ${table ? `'${table}' ` : ''}already exists: something created it after the plan was made; run status again and plan anew.` };
    case 1215:
    case 1824:
    case 1005:
      return { kind: 'missing-foreign-key-target', errno, serverMessage,
        explanation: 'A foreign key points at a table or column that does not exist (or has another type): create or repair the referenced table first.' };
    case 1451:
      return { kind: 'foreign-key-violation', errno, serverMessage,
        explanation: 'Rows in another table still reference these rows through a foreign key, so they cannot be deleted or changed: handle the referencing rows first.' };
    case 1452:
      return { kind: 'foreign-key-violation', errno, serverMessage,
        explanation: 'Existing rows hold values with no match in the referenced table, so the foreign key cannot be added: fix or remove those rows first.' };
    case 1044:
    case 1045:
    case 1142:
    case 1143:
    case 1227:
      return { kind: 'missing-privilege', errno, serverMessage,
        explanation: 'The MySQL user lacks a privilege this step needs (CREATE, ALTER, DROP, INSERT, UPDATE or DELETE on this database): run the repair with a user that has them.' };
    case 1205:
      return { kind: 'lock-wait', errno, serverMessage,
        explanation: 'Another session holds a lock on this table: wait for it to finish and run the repair again.' };
    default:
      return { kind: 'other', errno, serverMessage, explanation: `The server refused the statement: ${serverMessage}` };
  }
}
