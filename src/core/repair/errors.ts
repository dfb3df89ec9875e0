// What a failed repair statement means, in one sentence a person can act on. The server's
// own message is kept beside it. Never imports 'vscode'.
import { classifyDriverError, isConnectionFailure } from '../db/errors';

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

export function isConnectionLost(error: unknown): boolean {
  return isConnectionFailure(classifyDriverError(error));
}

/**
 * What a failed statement means, from the one classifier of driver errors. Anything that is not
 * a driver or server error is a bug of ours: it is rethrown, never explained as the server's doing.
 */
export function explainError(error: unknown): ExplainedError {
  const failure = classifyDriverError(error);
  if (!failure) throw error;
  const { errno, serverMessage } = failure;
  const explained = (kind: RepairErrorKind, explanation: string): ExplainedError => ({ kind, ...(errno !== undefined ? { errno } : {}), serverMessage, explanation });
  const table = /'([^']+)'/.exec(serverMessage)?.[1];
  if (isConnectionFailure(failure)) {
    return explained('connection-lost', 'The connection to the server was lost (killed, timed out or the server restarted); the step may not have completed: run status to see where the database stands.');
  }
  switch (failure.kind) {
    case 'table-exists':
      return explained('table-exists', `Table ${table ? `'${table}' ` : ''}already exists: something created it after the plan was made; run status again and plan anew.`);
    case 'missing-foreign-key-target':
      return explained('missing-foreign-key-target', 'A foreign key points at a table or column that does not exist (or has another type): create or repair the referenced table first.');
    case 'foreign-key-violation':
      return explained('foreign-key-violation', errno === 1451
        ? 'Rows in another table still reference these rows through a foreign key, so they cannot be deleted or changed: handle the referencing rows first.'
        : 'Existing rows hold values with no match in the referenced table, so the foreign key cannot be added: fix or remove those rows first.');
    case 'access-denied':
    case 'no-privilege':
      return explained('missing-privilege', 'The MySQL user lacks a privilege this step needs (CREATE, ALTER, DROP, INSERT, UPDATE or DELETE on this database): run the repair with a user that has them.');
    case 'lock-wait':
      return explained('lock-wait', 'Another session holds a lock on this table: wait for it to finish and run the repair again.');
    default:
      return explained('other', `The server refused the statement: ${serverMessage}`);
  }
}
