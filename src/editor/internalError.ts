// A failure that is neither the database's nor the user's doing is a bug of ours: it is logged
// with its stack, said to be one, and never dressed as a database error or a finding.
import * as vscode from 'vscode';
import { visibleName } from '../core/messages/visible';
import { sayError } from './messages';

export interface InternalFailure {
  readonly kind: 'internal';
  readonly sentence: string;
  readonly nextStep: string;
  readonly message: string;
}

export function internalFailure(error: unknown, log: vscode.LogOutputChannel, during: string): InternalFailure {
  log.error(`internal error during ${during}`, error);
  const summary = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const sentence = vscode.l10n.t('Internal error in Migration Doctor ({0}): a bug, not a problem with your database or migrations.', visibleName(summary));
  const nextStep = vscode.l10n.t('The details are in the Migration Doctor log; please report the problem with them.');
  return { kind: 'internal', sentence, nextStep, message: `${sentence} ${nextStep}` };
}

/** Logs `error` as an internal error and tells the user, with a way to the log. */
export async function showInternalError(error: unknown, log: vscode.LogOutputChannel, during: string): Promise<void> {
  const failure = internalFailure(error, log, during);
  const showLog = vscode.l10n.t('Show Log');
  if ((await vscode.window.showErrorMessage(sayError(failure), showLog)) === showLog) log.show();
}
