// Every sentence the core says to a person, as an id with its arguments: the CLI renders it in
// English here, the editor through vscode.l10n.t with the English template as the bundle key
// (so l10n/bundle.l10n.fr.json is keyed like every other editor string). Never imports 'vscode'.
// A new sentence is added here and to the French bundle (test/unit/l10n.test.ts checks both).
export const catalog = {
  // The repair plan as a SQL script (its comments).
  'plan.heading': 'Migration Doctor repair plan for {0}',
  'plan.nothingRanYet': 'Nothing has run yet. A backup of every table and migrations row below is taken and checked first.',
  'plan.batch': 'New rows of `{0}` get batch {1}.',
  'plan.nothingToRepair': 'Nothing to repair.',
  'plan.step': 'Step {0}: {1} {2}',
  'plan.stepOnTable': 'Step {0}: {1} {2} ({3})',
  'plan.canLoseData': '[CAN LOSE DATA]',
  'plan.choice': '{0}: chosen {1}; alternatives: {2}.',
  'plan.notRepaired': 'Not repaired: {0}: {1}',
  'plan.notRepairedTable': 'Not repaired: {0} ({1}): {2}',
  // Why a repair step.
  'repair.createMissing': "'{0}' does not exist although the migration is recorded as ran: create it from the structure the migration creates; the row is kept.",
  'repair.createWithPending': "'{0}' is created by this migration too and does not exist yet.",
  'repair.createForRename': "'{0}' is created by the renamed migration and does not exist.",
  'repair.deleteRecord': 'No file {0}.php exists: delete its row (kept in the backup), or restore the file (or rename it back) instead of repairing.',
  'repair.alter': "Bring '{0}' to the structure its migration creates; no data is lost.",
  'repair.alterLossy': "Finish bringing '{0}' to its expected structure; these statements can lose data (dropped columns or narrowed types).",
  'repair.recordMatching': '{0} already exists exactly as this migration creates it: record the migration as ran (batch {1}); no data is touched.',
  'repair.recordAfterAlter': 'Once its table matches the migration, record it as ran (batch {0}).',
  'repair.recordAfterAlterTables': 'Once its tables match the migration, record it as ran (batch {0}).',
  'repair.recordKeep': 'Record the migration as ran (batch {0}) and keep {1} as it is (it differs from what the migration creates).',
  'repair.drop': "Drop '{0}' so that the migration can run and create it: its rows are lost (they stay in the backup).",
  'repair.renameRecord': "The file of '{0}' was renamed to {1}.php: update its row; its batch is kept.",
  'repair.markedMissing': 'Marked as ran by hand although {0} does not exist: status will show it as ran-table-missing.',
  'repair.marked': 'Marked as ran by hand (batch {0}); the tables are kept as they are.',
  // What the plan cannot repair.
  'note.statusProblem': '{0} {1}',
  'note.unknownStructure': "The expected structure of '{0}' is unknown: nothing is guessed; describe it in a Drizzle schema or make the migration's Blueprint literal.",
  'note.unknownStructureBecause': "The expected structure of '{0}' is unknown ({1}): nothing is guessed; describe it in a Drizzle schema or make the migration's Blueprint literal.",
  'note.cannotCreate': "Table '{0}' cannot be created: {1}",
  'note.cannotAlter': "Table '{0}' cannot be altered: {1}",
  'note.notOwnedCreate': "Table '{0}' is owned outside these migrations: the repair never creates it.",
  'note.notOwnedDrop': "Table '{0}' is owned outside these migrations: the repair never drops it.",
  'note.missingTargets': "Table '{0}' cannot be created: its foreign keys reference {1}, which does not exist and is not created by this plan; create or restore it first.",
  'note.duplicate': '{0} already creates {1}: this migration would fail with 1050; fix or remove one of the two instead of recording both.',
  'note.matchUnknown': 'Whether the existing table matches cannot be known; choose "record-as-ran" (keep it as it is) or "drop-table" explicitly.',
  'note.renameIncomplete': "The row of '{0}' was not renamed to '{1}' because a table it creates cannot be repaired.",
  'note.renameRefused': "Cannot rename '{0}' to '{1}': the first must be a row without a file and the second an unrecorded migration file.",
  // What a failed repair statement means.
  'failure.connectionLost': 'The connection to the server was lost (killed, timed out or the server restarted); the step may not have completed: run status to see where the database stands.',
  'failure.tableExists': "Table '{0}' already exists: something created it after the plan was made; run status again and plan anew.",
  'failure.aTableExists': 'Table already exists: something created it after the plan was made; run status again and plan anew.',
  'failure.missingForeignKeyTarget': 'A foreign key points at a table or column that does not exist (or has another type): create or repair the referenced table first.',
  'failure.referencedRows': 'Rows in another table still reference these rows through a foreign key, so they cannot be deleted or changed: handle the referencing rows first.',
  'failure.unmatchedRows': 'Existing rows hold values with no match in the referenced table, so the foreign key cannot be added: fix or remove those rows first.',
  'failure.privilege': 'The MySQL user lacks a privilege this step needs (CREATE, ALTER, DROP, INSERT, UPDATE or DELETE on this database): run the repair with a user that has them.',
  'failure.lockWait': 'Another session holds a lock on this table: wait for it to finish and run the repair again.',
  'failure.refused': 'The server refused the statement: {0}',
  // How a live table differs from the structure its migrations create.
  'difference.columnIs': 'column `{0}` is {1}, expected {2}',
  'difference.columnNullable': 'column `{0}` is nullable, expected NOT NULL',
  'difference.columnNotNull': 'column `{0}` is NOT NULL, expected nullable',
  'difference.columnDefault': 'column `{0}` has {1}, expected {2}',
  'difference.columnAutoIncrement': 'column `{0}` is AUTO_INCREMENT, expected no AUTO_INCREMENT',
  'difference.columnNotAutoIncrement': 'column `{0}` is not AUTO_INCREMENT, expected AUTO_INCREMENT',
  'difference.columnOnUpdate': 'column `{0}` has ON UPDATE CURRENT_TIMESTAMP, expected none',
  'difference.columnNoOnUpdate': 'column `{0}` lacks ON UPDATE CURRENT_TIMESTAMP, expected it',
  'difference.columnUses': 'column `{0}` uses {1}, expected {2}',
  'difference.missingColumn': 'column `{0}` {1} is missing',
  'difference.extraColumn': 'column `{0}` {1} is not in the expected structure',
  'difference.missingIndex': 'index `{0}` {1} is missing',
  'difference.extraIndex': 'index `{0}` {1} is not in the expected structure',
  'difference.missingForeignKey': 'foreign key `{0}` {1} is missing',
  'difference.extraForeignKey': 'foreign key `{0}` {1} is not in the expected structure',
  'difference.tableOption': 'table `{0}` has {1} {2}, expected {3}',
  'difference.indexIs': 'index `{0}` is {1}, expected {2}',
  'difference.foreignKeyIs': 'foreign key `{0}` is {1}, expected {2}',
  // A repair that ran: its report, line by line.
  'report.backup': 'Backup: {0} ({1}, checked).',
  'report.detail': '  {0}',
  'report.applied': 'Applied {0} of {1} steps: {2}.',
  'report.appliedNone': 'Applied {0} of {1} steps.',
  'report.failed': 'Failed: step {0}: {1}',
  'report.failedAfter': 'Failed: step {0} after {1} of its statements: {2}',
  'report.serverSaid': '  Server said: {0}',
  'report.statement': '  Statement: {0}',
  'report.unknownAfterFailure': "Where the database stands now is unknown: the status could not be read again ({0}). Run 'migration-doctor status' once the server answers.",
  'report.unverified': "Applied, not verified: every step ran, but the status could not be read again to check it ({0}). Run 'migration-doctor status' once the server answers; nothing needs restoring unless it shows a problem.",
  'report.standsNow': 'Where the database stands now (read again after the failure):',
  'report.verification': 'Verification:',
  'report.ok': 'ok   {0}: {1}',
  'report.fail': 'FAIL {0}: {1}',
  'report.nextUnknown': 'What the next repair will do is unknown: {0}.',
  'report.nextNothing': 'The next repair has nothing left to do.',
  'report.next': 'The next repair (migration-doctor repair --apply --yes) will run: {0}.',
  'report.restore': 'To go back to the state before the repair instead: migration-doctor restore {0} (or the "Restore Backup" command).',
  // The Markdown report written beside a repair's backup (its headings and lines).
  'md.title': 'Migration Doctor repair of {0}, {1}',
  'md.wrong': 'What was wrong',
  'md.state': 'state before the repair: {0}',
  'md.stateUnknown': 'its state before the repair was not recorded',
  'md.run': 'What was run',
  'md.serverSaid': 'The server said: {0}',
  'md.verification': 'Verification after the repair',
  'md.backup': 'Backup and restore',
  'md.restore': 'To put the database back as it was before the repair, run:',
  // A repair rehearsed on a scratch copy of the database.
  'rehearse.noCreate': "Rehearsing needs the CREATE privilege to make a scratch database on the server, and user '{0}' lacks it ({1}); nothing was changed.",
  'rehearse.copiedOne': 'Rehearsed on the scratch database {0}: the structure of 1 table with its rows (up to {1}; the migrations table whole).',
  'rehearse.copied': 'Rehearsed on the scratch database {0}: the structure of {1} tables with their rows (up to {2} per table; the migrations table whole).',
  'rehearse.rowsLeftOut': 'Only the first {0} rows of {1} were copied: a step or check that depends on the others may go otherwise on the real database.',
  'rehearse.unverified': 'The status of the copy could not be read again to verify the plan ({0}).',
  'rehearse.nextPasses': 'After the plan, the next `php artisan migrate` is predicted to pass.',
  'rehearse.nextPassesUncheckedOne': 'After the plan, the next `php artisan migrate` is predicted to pass, but 1 migration is unchecked: {0}.',
  'rehearse.nextPassesUnchecked': 'After the plan, the next `php artisan migrate` is predicted to pass, but {0} migrations are unchecked: {1}.',
  'rehearse.nextFails': 'After the plan, the next `php artisan migrate` is predicted to fail: {0}.',
  'rehearse.nextUnknown': 'Whether the next `php artisan migrate` passes after the plan is unknown: the plan did not apply completely on the copy.',
  'rehearse.preflightFailed': 'Whether the next `php artisan migrate` passes after the plan is unknown: preflight could not run on the copy ({0}).',
  'rehearse.dropped': 'The scratch database {0} was dropped; nothing was written to {1}.',
  'rehearse.notDropped': 'The scratch database {0} could not be dropped ({1}): drop it by hand with DROP DATABASE {2}.',
  'verify.rowDeleted': 'row deleted',
  'verify.rowStillRecorded': 'its row is still recorded',
  'verify.pending': 'pending: `php artisan migrate` can run it',
  'verify.expectedPending': 'expected pending, found {0}',
  'verify.ran': 'ran, structure as expected',
  'verify.state': '{0}',
  'verify.stateProblems': '{0}: {1}',
  'verify.stateIncomplete': '{0} (not every step was applied)',
  'verify.stateProblemsIncomplete': '{0}: {1} (not every step was applied)',
  // A repair that did not start.
  'run.lockFailed': 'The repair lock could not be taken: {0}',
  'run.locked': "Another repair or restore of database '{0}' is running (server connection {1} holds the lock '{2}'): wait for it to finish, then run status and repair again.",
  'run.stale': 'The database changed since the plan was made: {0} no longer applies as shown. Nothing was changed; review the new plan and repair again.',
  'run.staleSeveral': 'The database changed since the plan was made: {0} no longer apply as shown. Nothing was changed; review the new plan and repair again.',
  'run.backupUnwritable': 'The backup could not be written ({0}), so nothing was changed: choose a backup folder that can be written.',
  'run.backupUnwritableRemoved': 'The backup could not be written ({0}), so nothing was changed: choose a backup folder that can be written. Its partial file {1} was not kept.',
  'run.backupFailed': 'The backup failed, so nothing was changed: {0} ({1}).',
  'run.backupFailedRemoved': 'The backup failed, so nothing was changed: {0} ({1}). Its partial file {2} was not kept.',
  'run.backupCheckFailed': '{0} Nothing was changed.',
  // A connection that fails: what happened, then what to do.
  'connection.refused': 'Nothing answers at {0}: the connection was refused.',
  'connection.refusedNext': 'Check that MySQL/MariaDB is running and that the host and port of the connection are right.',
  'connection.timeout': 'The server at {0} did not answer in time.',
  'connection.timeoutNext': 'Check the host, the port, a firewall or VPN, then test the connection again.',
  'connection.unknownHost': "The host '{0}' cannot be found.",
  'connection.unknownHostNext': 'Check the host name of the connection (DB_HOST in .env).',
  'connection.unreachable': 'The server at {0} cannot be reached from this machine.',
  'connection.unreachableNext': 'Check the network (VPN, tunnel) and the host of the connection.',
  'connection.closed': 'The connection to {0} was closed.',
  'connection.lost': 'The connection to {0} was lost.',
  'connection.lostNext': 'Check that the server is still running, then try again.',
  'connection.tls': 'The secure (TLS) connection to {0} failed: {1}',
  'connection.tlsNext': "Check the connection's tls settings (certificate authority, host name) and the server's TLS support.",
  'connection.accessDenied': "The server refused user '{0}': wrong user name or password.",
  'connection.accessDeniedNext': 'Set the right password (Migration Doctor: Set Password, DB_PASSWORD in .env, or --password-stdin) and check the user name.',
  'connection.unknownDatabase': "The database '{0}' does not exist on {1}.",
  'connection.unknownDatabaseNext': 'Check the database name of the connection (DB_DATABASE in .env), or create it.',
  'connection.noPrivilege': "User '{0}' lacks a privilege: {1}",
  'connection.noPrivilegeNext': 'Ask for SELECT on the database (and on information_schema) for status; ALTER, CREATE, DROP, INSERT, DELETE for repairs.',
  'connection.tableMissing': 'A table is missing: {0}',
  'connection.tableMissingNext': "Run the status again; if it persists, check the connection's database and table prefix.",
  'connection.serverError': 'The database server reported an error: {0}',
  'connection.serverErrorNext': 'Check the connection settings and the server log, then try again.',
  'connection.migrationsTableMissing': "Migration table not found: '{0}' does not exist in '{1}'.",
  'connection.migrationsTableMissingNext': 'Run `php artisan migrate` once (or `php artisan migrate:install`), or check the migrations table name and table prefix of the connection.',
  'connection.notMysql': 'The server at {0} does not speak the MySQL protocol (its first packet is not a MySQL greeting).',
  'connection.notMysqlNext': 'Check the port of the connection (DB_PORT in .env): another service answers there.',
  'connection.caUnreadable': "The TLS certificate authority file '{0}' cannot be read ({1}).",
  'connection.caUnreadableNext': "Fix the path in the connection's tls.ca setting.",
  // A .env that gives no usable connection.
  'env.driver': 'The .env sets DB_CONNECTION={0}: Migration Doctor works with MySQL and MariaDB only.',
  'env.driverNext': 'Set DB_CONNECTION=mysql (or mariadb) in .env, or add a named connection in the setting migrationDoctor.connections.',
  'env.url': "The .env's DB_URL is not a valid URL.",
  'env.urlNext': 'Write it as mysql://user:password@host:3306/database, or remove it and use DB_HOST, DB_PORT, DB_DATABASE.',
  'env.port': "The .env's DB_PORT '{0}' is not a port number.",
  'env.portNext': "Set DB_PORT to the server's port, usually 3306.",
  'env.missing': 'No .env file at {0}.',
  'env.unreadable': 'The file {0} cannot be read: {1}',
  'env.missingNext': 'Create the Laravel .env (copy .env.example), or add a named connection in the setting migrationDoctor.connections.',
  // What a backup holds, said before the user confirms, and why mysqldump was not used.
  'backup.holds': 'The backup will hold {0} (structure, rows) and the migrations rows the steps change.',
  'backup.holdsTrigger': 'The backup will hold {0} (structure, rows and the trigger {1}) and the migrations rows the steps change.',
  'backup.holdsTriggers': 'The backup will hold {0} (structure, rows and the triggers {1}) and the migrations rows the steps change.',
  'backup.holdsRowsOnly': 'The backup will hold the migrations rows the steps change (no existing table is touched).',
  'backup.notContainedOne': 'The backup does not hold {0}, which uses the backed-up tables (the repair does not change it).',
  'backup.notContained': 'The backup does not hold {0}, which use the backed-up tables (the repair does not change them).',
  'list.more': '{0}, {1}',
  'backup.view': 'view {0}',
  'backup.function': 'function {0}',
  'backup.procedure': 'procedure {0}',
  'backup.noMysqldump': 'mysqldump was not found on PATH; the built-in dump was used.',
  'backup.mysqldumpCa': 'mysqldump needs the TLS certificate authority as a file; the built-in dump was used.',
  'backup.mysqldumpNotStarted': 'mysqldump could not start ({0}); the built-in dump was used.',
  'backup.mysqldumpFailed': 'mysqldump failed ({0}); the built-in dump was used.',
  'backup.mysqldumpIncomplete': 'mysqldump ended without its "Dump completed" line; the built-in dump was used.',
  'backup.nothingToDump': 'No table to back up exists (the repair creates them, or touches none), so mysqldump had nothing to dump; the migrations rows were written by the built-in dump.',
  // A backup that cannot be trusted, and a restore that failed.
  'backup.unreadable': 'The backup {0} cannot be read: {1}',
  'backup.notOurs': '{0} is not a Migration Doctor backup (its first line is not the backup header).',
  'backup.damagedHeader': 'The header of {0} is damaged.',
  'backup.incomplete': 'The backup {0} is incomplete (it does not end with the completion marker).',
  'backup.lacksTrigger': 'The backup {0} lacks the trigger {1}.',
  'backup.lacksTriggers': 'The backup {0} lacks the triggers {1}.',
  'backup.lacksStructure': "The backup {0} lacks the structure of table '{1}'.",
  'backup.rowCount': "The backup {0} holds {1} rows of '{2}', expected {3}.",
  'restore.notStarted': 'Restoring {0} failed: {1} could not start ({2}); nothing was restored.',
  'restore.clientFailed': 'Restoring {0} with {1} failed: {2}',
  'restore.stoppedAtLine': 'Restoring {0} stopped at line {1}: {2} ({3}). The statements before that line were applied.',
  'restore.stoppedAfter': 'Restoring {0} stopped after {1} of {2} statements: {3} ({4})',
  // Mark as Ran refused.
  'markAsRan.unknown': "No migration '{0}' in the status of '{1}'.",
  'markAsRan.recorded': "'{0}' is already recorded ({1}); only a migration that is not recorded can be marked as ran.",
  // What status says about the project: which Laravel, which package migrations.
  'project.versionUnknown': 'Laravel: version unknown ({0}); set migrationDoctor.laravelVersion or pass --laravel-version',
  'project.version': 'Laravel: {0} (from {1}), driver {2} ({3})',
  'project.note': '  note: {0}',
  'project.packageFolder': 'Package migrations: {0} ({1})',
  'project.packageFolderWhen': 'Package migrations: {0} ({1}, when {2})',
  'project.packageIgnored': 'Package migrations not run: {0} ({1})',
  'project.packageUnresolved': 'Package migrations cannot tell: {0} ({1}:{2}) loads {3}',
  'project.packageProblem': 'Package migrations cannot tell: {0}',
  // What preflight predicts for a pending migration, in the editor (the server's own message is kept as it prints it).
  'preflight.willFail': 'will fail: {0} {1}',
  'preflight.willFailFound': 'will fail: {0} {1} ({2} found)',
  'preflight.willFailDuplicates': "will fail: {0} duplicate entry '{1}' for {2} ({3} duplicates)",
  'preflight.willFailDuplicatesMore': "will fail: {0} duplicate entry '{1}' for {2} ({3} duplicates; {4} values are duplicated)",
  'preflight.onceFixed': '{0} (once {1} is fixed)',
  'preflight.diagnostic': 'On {0}, this migration {1}',
  'preflight.statement': 'The statement Laravel will send: {0}',
  // What a finding of the migrations table means for the next migrate (preflight).
  'preflight.rowWithoutFile': 'The next migrate is not affected: it runs only the migration files that are not recorded, and ignores this row.',
  'preflight.rowMaybeWithoutFile': 'Whether its file is missing cannot be told here; either way the next migrate does not run it and is not affected.',
  'preflight.goneTableFails': 'The next migrate does not run {0} again, so {1} is predicted to fail on the missing table `{2}` (error {3}).',
  'preflight.goneTableUnused': "The next migrate does not run {0} again; no pending migration that preflight checked fails on `{1}`, so it is not affected, but the application's queries on `{1}` fail until the table is restored.",
  'preflight.batchGap': 'No row of the migrations table has batch {0}, between 1 and the last batch {1}: rows were deleted or recorded by hand.',
  'preflight.batchGaps': 'No row of the migrations table has batches {0}, between 1 and the last batch {1}: rows were deleted or recorded by hand.',
  'preflight.batchGapEffect': 'The next migrate is not affected: it records batch {0}. A migration whose row was deleted is pending again, and predicted with the pending migrations.',
} as const;

export type MessageId = keyof typeof catalog;

/** A sentence for a person: rendered in English by `english`, in the user's language by the editor. */
export interface Message {
  readonly id: MessageId;
  /** A message as an argument is rendered in the same language as the one it is part of. */
  readonly args: readonly (string | Message)[];
}

export function message(id: MessageId, ...args: readonly (string | number | Message)[]): Message {
  return { id, args: args.map((a) => (typeof a === 'object' ? a : String(a))) };
}

/** `said`'s arguments, each nested message rendered by `render`. */
export function renderedArgs(said: Message, render: (m: Message) => string): string[] {
  return said.args.map((a) => (typeof a === 'string' ? a : render(a)));
}

/** `{0}`, `{1}`… of a template replaced by its arguments (a placeholder without one is kept). */
export function fillTemplate(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => args[Number(i)] ?? whole);
}

/** `{ message, said }`: a sentence with its English, for results that carry both. */
export function said(m: Message): { message: string; said: Message } {
  return { message: english(m), said: m };
}

export function english(said: Message): string {
  return fillTemplate(catalog[said.id], renderedArgs(said, english));
}
