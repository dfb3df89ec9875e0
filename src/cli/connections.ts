// `status --connection NAME` and `status --all-connections`: the named connections of the
// project's .vscode/settings.json (migrationDoctor.connections), as the editor lists them.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { defaultConnectTimeoutMs, describeConnection, publicConnection, type ConnectionOptions } from '../core/db/database';
import { DatabaseError } from '../core/db/errors';
import { parseJsonc } from '../core/analysis/settings';
import type { SnapshotInput } from '../core/status/engine';
import { takeSnapshot } from '../core/status/engine';
import { summaryLine } from '../core/status/format';
import { isProblemState } from '../core/status/types';
import { CliIo, ExitCode, UsageError } from './io';
import { withDatabase } from './lifecycle';

export const connectionsHelp = `  --connection NAME    use the connection NAME of migrationDoctor.connections in .vscode/settings.json
                       (its password from DB_PASSWORD or --password-stdin)
  --all-connections    one summary line per connection of migrationDoctor.connections; exit 1 if any has a problem`;

/** The connections of .vscode/settings.json; the password is the one the command was given. */
export async function settingsConnections(io: CliIo, password: string | undefined): Promise<ConnectionOptions[]> {
  const file = path.join(io.cwd, '.vscode', 'settings.json');
  let list: unknown;
  try {
    list = (parseJsonc(await fs.readFile(file, 'utf8')) as Record<string, unknown> | undefined)?.['migrationDoctor.connections'];
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
      ...(typeof c.tls === 'object' && c.tls !== null ? { tls: c.tls as ConnectionOptions['tls'] } : {}),
    }));
}

export async function namedConnection(io: CliIo, name: string, password: string | undefined): Promise<ConnectionOptions> {
  const all = await settingsConnections(io, password);
  const found = all.find((c) => c.name === name);
  if (!found) throw new UsageError(`no connection named '${name}' in migrationDoctor.connections (there are: ${all.map((c) => c.name).join(', ')}).`);
  return found;
}

/** One line per connection: its summary, or why it could not be read. */
export async function allConnectionsStatus(io: CliIo, connections: readonly ConnectionOptions[], inputFor: (options: ConnectionOptions) => Promise<SnapshotInput>): Promise<number> {
  let problems = 0;
  for (const options of connections) {
    const label = `${options.production ? '[production] ' : ''}${describeConnection(publicConnection(options))}`;
    try {
      const line = await withDatabase(options, () => inputFor(options), async (db, input) => {
        const snapshot = await takeSnapshot(db, input);
        if (snapshot.migrations.some((m) => isProblemState(m.state))) problems++;
        return summaryLine(snapshot);
      });
      io.out(`${label}: ${line}\n`);
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      problems++;
      io.out(`${label}: ${error.sentence} ${error.nextStep}\n`);
    }
  }
  return problems > 0 ? ExitCode.findings : ExitCode.ok;
}
