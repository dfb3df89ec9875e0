// `migration-doctor restore FILE`: replays a repair's backup (checked first, under the lock).
import * as path from 'node:path';
import { describeConnection, openDatabase, publicConnection } from '../core/db/database';
import { DatabaseError } from '../core/db/errors';
import { restoreBackup } from '../core/repair/restore';
import { connectionOptionsHelp, parseConnectionFlags, resolveCliConnection } from './connectionOptions';
import { CliCommand, ExitCode, UsageError } from './io';

export const restoreHelp = `Usage: migration-doctor restore FILE [connection options] [--json]

Replays a backup written by 'migration-doctor repair --apply': the tables it touched (structure and rows,
dropping those it created) and the rows of the migrations table it changed, as they were before it.
The backup is checked first (complete, row counts); it may be restored into another database.

${connectionOptionsHelp}
Exit: 0 when restored, 1 when the backup is refused or a statement fails, 2 on a connection or usage error.
`;

export const restore: CliCommand = async (args, io) => {
  const { flags, rest } = parseConnectionFlags(args);
  let file: string | undefined;
  let json = false;
  for (const arg of rest) {
    if (arg === '--help' || arg === '-h') {
      io.out(restoreHelp);
      return ExitCode.ok;
    } else if (arg === '--json') json = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'. Run 'migration-doctor restore --help'.`);
    else if (file) throw new UsageError('restore takes one backup file.');
    else file = path.resolve(io.cwd, arg);
  }
  if (!file) throw new UsageError('which backup? migration-doctor restore FILE (the path the repair printed).');
  const connection = await resolveCliConnection(flags, io);
  if (!connection.ok) return failed(connection.error, io);
  let db;
  try {
    db = await openDatabase(connection.value);
  } catch (error) {
    return failed(error, io);
  }
  try {
    const result = await restoreBackup(db, file);
    if (json) io.out(`${JSON.stringify(result.ok ? { ok: true, file, database: connection.value.database, backupOf: result.manifest.database, statements: result.statements } : { ok: false, file, message: result.message }, null, 2)}\n`);
    else if (result.ok) {
      const other = result.manifest.database !== connection.value.database ? ` (backup of '${result.manifest.database}')` : '';
      io.out(`Restored ${file}${other} into ${describeConnection(publicConnection(connection.value))}: ${result.manifest.tables.map((t) => `${t.name} ${t.existed ? `(${t.rows} rows)` : '(dropped: created by the repair)'}`).join(', ')}; ${result.manifest.migrationNames.length} migrations rows reset.\n`);
    } else io.err(`migration-doctor restore: ${result.message}\n`);
    return result.ok ? ExitCode.ok : ExitCode.findings;
  } finally {
    await db.close();
  }
};

function failed(error: unknown, io: { err(text: string): void }): number {
  if (error instanceof DatabaseError) {
    io.err(`migration-doctor restore: ${error.sentence}\n${error.nextStep}\n`);
    return ExitCode.usage;
  }
  throw error;
}
