// What the project itself says about how its migrations run: the Laravel version and driver,
// and the migration folders its packages register. Never imports 'vscode'.
import * as path from 'node:path';
import type { PackageMigrations } from './packages';

export { describeLaravelFacts, lowestAllowedVersion, majorVersion, readLaravelFacts, type Fact, type LaravelFacts, type LaravelFactsInput } from './laravelVersion';
export { findPackageMigrations, type PackageMigrationFolder, type PackageMigrations, type UnresolvedRegistration } from './packages';

/**
 * Every folder Laravel's migrator reads, in its order: the packages' first, then the app's own
 * (a file of the same name in a later folder replaces the earlier one, as in Laravel).
 */
export function allMigrationFolders(appFolders: readonly string[], packages: PackageMigrations | undefined): string[] {
  const own = new Set(appFolders.map((folder) => path.resolve(folder)));
  const fromPackages = (packages?.folders ?? []).map((f) => f.folder).filter((folder) => !own.has(folder));
  return [...new Set(fromPackages), ...appFolders];
}
