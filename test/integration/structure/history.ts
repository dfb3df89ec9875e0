// Small migration histories written as files, for the real Laravel to run.
import { writeMigrationHistory } from '../../support/migrationHistory';

/** A migrations folder of anonymous-class files, `up()` bodies by name. */
export function migrationsFolder(history: Readonly<Record<string, string>>): string {
  return writeMigrationHistory(history, 'md-structure-history-');
}
