// What a failed repair statement means, in one sentence a person can act on. The server's
// own message is kept beside it. Never imports 'vscode'.
import { classifyDriverError, isConnectionFailure, isServerSilent } from '../db/errors';
import { english, message, type Message } from '../messages/catalog';

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
  /** One sentence: what happened and what it means here (`said` in English). */
  readonly explanation: string;
  readonly said: Message;
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
  const explained = (kind: RepairErrorKind, said: Message): ExplainedError => ({ kind, ...(errno !== undefined ? { errno } : {}), serverMessage, explanation: english(said), said });
  const table = /'([^']+)'/.exec(serverMessage)?.[1];
  if (isConnectionFailure(failure)) {
    return explained('connection-lost', isServerSilent(error) ? error.said.sentence : message('failure.connectionLost'));
  }
  switch (failure.kind) {
    case 'table-exists':
      return explained('table-exists', table ? message('failure.tableExists', table) : message('failure.aTableExists'));
    case 'missing-foreign-key-target':
      return explained('missing-foreign-key-target', message('failure.missingForeignKeyTarget'));
    case 'foreign-key-violation':
      return explained('foreign-key-violation', message(errno === 1451 ? 'failure.referencedRows' : 'failure.unmatchedRows'));
    case 'access-denied':
    case 'no-privilege':
      return explained('missing-privilege', message('failure.privilege'));
    case 'lock-wait':
      return explained('lock-wait', message('failure.lockWait'));
    default:
      return explained('other', message('failure.refused', serverMessage));
  }
}
