// `migration-doctor restore FILE`: replays a repair's backup (checked first, under the lock).
import * as path from 'node:path';
import { visibleName } from '../core/messages/visible';
import { describeConnection, publicConnection } from '../core/db/database';
import { restoreBackup } from '../core/repair/restore';
import { parseCommandArgs } from './args';
import { connectionFlags, connectionOptions, connectionOptionsHelp, readCliEnv, resolveCliConnection } from './connectionOptions';
import { CliCommand, ExitCode, UsageError } from './io';
import { withSshTunnel } from './ssh';
import { withDatabase } from './lifecycle';
import { plural } from './plural';

export const restoreHelp = `Usage: migration-doctor restore FILE [connection options] [--json]

Replays a backup written by 'migration-doctor repair --apply': the tables it touched (structure and rows,
dropping those it created) and the rows of the migrations table it changed, as they were before it.
The backup is checked first (complete, row counts); it may be restored into another database.

${connectionOptionsHelp}
Exit: 0 when restored, 1 when the backup is refused or a statement fails, 2 on a connection or usage error,
70 on an internal error (a bug: the message says where its log is).
`;

export const restore: CliCommand = async (args, io) => {
  const { values, positionals } = parseCommandArgs('restore', args, { ...connectionOptions, json: { type: 'boolean' } }, true);
  if (values.help) {
    io.out(restoreHelp);
    return ExitCode.ok;
  }
  if (positionals.length === 0) throw new UsageError('which backup? migration-doctor restore FILE (the path the repair printed).');
  if (positionals.length > 1) throw new UsageError('restore takes one backup file.');
  const file = path.resolve(io.cwd, positionals[0]!);
  const flags = connectionFlags(values);
  const connection = await resolveCliConnection(flags, io, await readCliEnv(io, flags.envFile));
  if (!connection.ok) throw connection.error;
  return withSshTunnel(flags, connection.value, io, (options) => withDatabase(options, async () => undefined, async (db) => {
    const result = await restoreBackup(db, file);
    if (values.json) io.out(`${JSON.stringify(result.ok ? { ok: true, file, database: options.database, backupOf: result.manifest.database, statements: result.statements } : { ok: false, file, message: result.message }, null, 2)}\n`);
    else if (result.ok) {
      const other = result.manifest.database !== options.database ? ` (backup of '${visibleName(result.manifest.database)}')` : '';
      io.out(`Restored ${visibleName(file)}${other} into ${describeConnection(publicConnection(options))}: ${result.manifest.tables.map((t) => `${visibleName(t.name)} ${t.existed ? `(${plural(t.rows, 'row')})` : '(dropped: created by the repair)'}`).join(', ')}; ${plural(result.manifest.migrationNames.length, 'row')} of the migrations table reset.\n`);
    } else io.err(`migration-doctor restore: ${visibleName(result.message)}\n`);
    return result.ok ? ExitCode.ok : ExitCode.findings;
  }));
};
