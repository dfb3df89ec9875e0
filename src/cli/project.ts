// What a project is, for every CLI command: the migration folders given, else
// migrationDoctor.migrationPaths in .vscode/settings.json, else database/migrations (as the editor).
import { readWorkspaceSettings, resolveMigrationInputs, type MigrationInput } from '../core/analysis/settings';
import { CliIo, UsageError } from './io';

/** The migration folders and files, resolved; a settings file that cannot be read is said once on stderr. */
export async function migrationInputs(io: CliIo, command: string, given: readonly string[]): Promise<{ inputs: MigrationInput[]; rules: Awaited<ReturnType<typeof readWorkspaceSettings>>['rules'] }> {
  const settings = await readWorkspaceSettings(io.cwd);
  if (settings.problem) io.err(`migration-doctor ${command}: ${settings.problem}\n`);
  return { inputs: await resolveMigrationInputs(io.cwd, given, settings), rules: settings.rules };
}

/** Only folders: a missing one is a usage error (it would make every recorded migration an orphan). */
export async function migrationFolders(io: CliIo, command: string, given: readonly string[]): Promise<string[]> {
  const { inputs } = await migrationInputs(io, command, given);
  for (const input of inputs) {
    if (input.kind !== 'folder') {
      throw new UsageError(`'${input.input}' is not a folder. Give the migrations folder with --path, or run from the Laravel project's root.`);
    }
  }
  return inputs.map((input) => input.path);
}
