// `status --connection NAME` and `status --all-connections`: the named connections of the
// project's .vscode/settings.json (migrationDoctor.connections), as the editor lists them.
import { visibleName } from '../core/messages/visible';
import * as path from 'node:path';
import { defaultConnectTimeoutMs, describeConnection, publicConnection, type ConnectionOptions, type Database } from '../core/db/database';
import { DatabaseError } from '../core/db/errors';
import { plural } from './plural';
import { parseJsonc } from '../core/analysis/settings';
import { readTextFile } from '../core/analysis/readSource';
import { english } from '../core/messages/catalog';
import { failureSummary } from '../core/preflight/summary';
import type { PreflightResult } from '../core/preflight/types';
import type { SnapshotInput } from '../core/status/engine';
import { takeSnapshot } from '../core/status/engine';
import { summaryLine } from '../core/status/format';
import { isProblemState, pendingFiles, type StatusSnapshot } from '../core/status/types';
import { CliIo, ExitCode, UsageError } from './io';
import { withDatabase } from './lifecycle';
import { defaultReadTimeoutMs } from './connectionOptions';

export const connectionsHelp = `  --connection NAME    use the connection NAME of migrationDoctor.connections in .vscode/settings.json
                       (its password from DB_PASSWORD or --password-stdin)
  --all-connections    one summary line per connection of migrationDoctor.connections; exit 1 if any has a problem
  --preflight          with --all-connections: also predict each connection's next migrate (reads only, as
                       'preflight'): the count on its line and each failure under it; a predicted failure is a problem`;

/** The connections of .vscode/settings.json; the password is the one the command was given. */
export async function settingsConnections(io: CliIo, password: string | undefined): Promise<ConnectionOptions[]> {
  const file = path.join(io.cwd, '.vscode', 'settings.json');
  let list: unknown;
  try {
    list = (parseJsonc(await readTextFile(file)) as Record<string, unknown> | undefined)?.['migrationDoctor.connections'];
  } catch (error) {
    throw new UsageError(`${file} cannot be read as settings (${(error as Error).message}).`);
  }
  if (!Array.isArray(list) || list.length === 0) throw new UsageError(`no connection in migrationDoctor.connections of ${file}.`);
  return list.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && typeof c.name === 'string' && typeof c.database === 'string')
    .map((c) => ({
      name: c.name as string,
      host: typeof c.host === 'string' ? c.host : '127.0.0.1',
      port: typeof c.port === 'number' ? c.port : 3306,
      user: typeof c.username === 'string' ? c.username : 'root',
      password,
      database: c.database as string,
      migrationsTable: typeof c.migrationsTable === 'string' ? c.migrationsTable : 'migrations',
      tablePrefix: typeof c.tablePrefix === 'string' ? c.tablePrefix : '',
      production: c.production === true,
      connectTimeoutMs: defaultConnectTimeoutMs,
      readTimeoutMs: defaultReadTimeoutMs,
      ...(typeof c.tls === 'object' && c.tls !== null ? { tls: c.tls as ConnectionOptions['tls'] } : {}),
    }));
}

export async function namedConnection(io: CliIo, name: string, password: string | undefined): Promise<ConnectionOptions> {
  const all = await settingsConnections(io, password);
  const found = all.find((c) => c.name === name);
  if (!found) throw new UsageError(`no connection named '${name}' in migrationDoctor.connections (there are: ${all.map((c) => c.name).join(', ')}).`);
  return found;
}

/** Preflight of a status's pending migrations on the connection it was read on. */
export type PredictPending = (db: Database, snapshot: StatusSnapshot, options: ConnectionOptions) => Promise<PreflightResult>;

/**
 * One line per connection: its summary, or why it could not be read; with `predict`, its predicted
 * failures counted on the line and each said under it.
 */
export async function allConnectionsStatus(
  io: CliIo, connections: readonly ConnectionOptions[], inputFor: (options: ConnectionOptions) => Promise<SnapshotInput>, predict?: PredictPending,
): Promise<number> {
  let problems = 0;
  for (const options of connections) {
    const label = `${options.production ? '[production] ' : ''}${describeConnection(publicConnection(options))}`;
    try {
      const line = await withDatabase(options, () => inputFor(options), async (db, input) => {
        const snapshot = await takeSnapshot(db, input);
        const failing = predict && pendingFiles(snapshot).length > 0
          ? (await predict(db, snapshot, options)).migrations.filter((m) => m.prediction === 'fails') : [];
        if (snapshot.migrations.some((m) => isProblemState(m.state)) || failing.length > 0) problems++;
        const count = failing.length === 0 ? '' : ` · ${plural(failing.length, 'predicted failure')}`;
        // Neither healthy nor broken: said, so that "0 broken" does not stand for those tables (status on that connection says why).
        const unchecked = snapshot.migrations.reduce((sum, m) => sum + (m.unchecked?.length ?? 0), 0);
        const notChecked = unchecked === 0 ? '' : ` · ${plural(unchecked, 'table')} cannot be checked`;
        return [`${summaryLine(snapshot)}${notChecked}${count}`, ...failing.map((m) => `  ${visibleName(m.name)}: ${english(failureSummary(m)!)}`)].join('\n');
      });
      io.out(`${label}: ${line}\n`);
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      problems++;
      io.out(`${label}: ${visibleName(error.sentence)} ${visibleName(error.nextStep)}\n`);
    }
  }
  return problems > 0 ? ExitCode.findings : ExitCode.ok;
}
