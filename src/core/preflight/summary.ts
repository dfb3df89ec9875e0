// A predicted failure said in one line for a person (the editor's tree, diagnostics and status
// bar): the catalog's sentences around the server's own message. Never imports 'vscode'.
import { message, type Message } from '../messages/catalog';
import type { MigrationPrediction } from './types';

/** A count that stopped at its bound reads "1000+". */
function counted(count: number, limit: number | undefined): string {
  return `${count}${limit !== undefined ? '+' : ''}`;
}

/** The value and key of a 1062, with the rows of its first duplicated value (from its samples). */
function duplicateEntry(m: MigrationPrediction): { value: string; key: string; rows: number } | undefined {
  const parsed = /^Duplicate entry '(.*)' for key '(.*)'$/s.exec(m.error?.message ?? '');
  const rows = /\((\d+) rows\)$/.exec(m.evidence.samples?.[0] ?? '');
  if (m.error?.code !== 1062 || !parsed || !rows) return undefined;
  return { value: parsed[1]!, key: parsed[2]!, rows: Number(rows[1]) };
}

/** "will fail: 1062 duplicate entry 'a@b.c' for users_email_unique (3 duplicates)"; undefined unless it fails. */
export function failureSummary(m: MigrationPrediction): Message | undefined {
  if (m.prediction !== 'fails' || !m.error) return undefined;
  const code = m.error.code === null ? 'doctrine/dbal' : String(m.error.code);
  const e = m.evidence;
  const duplicate = duplicateEntry(m);
  let said: Message;
  if (m.error.thrown) said = message('preflight.willFailThrown', m.error.message);
  else if (duplicate && (e.count ?? 0) > 1) said = message('preflight.willFailDuplicatesMore', code, duplicate.value, duplicate.key, duplicate.rows, counted(e.count!, e.countLimit));
  else if (duplicate) said = message('preflight.willFailDuplicates', code, duplicate.value, duplicate.key, duplicate.rows);
  else if (e.count !== undefined && e.count > 0) said = message('preflight.willFailFound', code, m.error.message, counted(e.count, e.countLimit));
  else said = message('preflight.willFail', code, m.error.message);
  return m.afterFailureOf !== undefined ? message('preflight.onceFixed', said, m.afterFailureOf) : said;
}

/** The diagnostic's sentences: the failure on that connection, then the statement Laravel sends. */
export function failureDiagnostic(m: MigrationPrediction, connection: string): Message[] {
  const summary = failureSummary(m);
  if (!summary) return [];
  return [message('preflight.diagnostic', connection, summary), ...(m.statement ? [message('preflight.statement', m.statement)] : [])];
}
