// Several environments (local, staging, pre-production, production) side by side: which
// migrations are in a different state where, and how far each environment is behind the one it
// is compared with. Pure: takes the statuses already read. Never imports 'vscode'.
import { isProblemState, isRecordedState, type MigrationState, type MigrationStatus } from './types';

export interface EnvironmentInput {
  readonly name: string;
  readonly production: boolean;
  readonly migrations: readonly Pick<MigrationStatus, 'name' | 'state'>[];
}

/** A migration in a problem state somewhere, and not in the same state everywhere. */
export interface MigrationDifference {
  readonly migration: string;
  /** Every environment, in the order given; undefined: neither a file nor a row there. */
  readonly states: readonly { readonly environment: string; readonly state: MigrationState | undefined }[];
}

/** What an environment has recorded differently from the reference (names in Laravel's order). */
export interface EnvironmentLag {
  readonly environment: string;
  readonly reference: string;
  /** Recorded in the reference, not here: `migrate` has not run them here yet. */
  readonly behind: readonly string[];
  /** Recorded here, not in the reference (newer work, or a row the reference lacks). */
  readonly ahead: readonly string[];
}

export interface EnvironmentComparison {
  /** The environment the others are measured against: the first production one, else the one with the most recorded migrations. */
  readonly reference: string | undefined;
  readonly differences: readonly MigrationDifference[];
  /** Only the environments that differ from the reference. */
  readonly lags: readonly EnvironmentLag[];
}

export function compareEnvironments(environments: readonly EnvironmentInput[]): EnvironmentComparison {
  if (environments.length < 2) return { reference: undefined, differences: [], lags: [] };
  const states = environments.map((e) => new Map(e.migrations.map((m) => [m.name, m.state])));
  // Laravel's order: files by name; a row without a file where it first appears.
  const names = [...new Set(environments.flatMap((e) => e.migrations.map((m) => m.name)))].sort();
  const differences: MigrationDifference[] = [];
  for (const migration of names) {
    const here = states.map((s) => s.get(migration));
    // A pure ran/pending difference is a lag (below), not a problem.
    if (!here.some((state) => state !== undefined && isProblemState(state))) continue;
    if (here.every((state) => state === here[0])) continue;
    differences.push({ migration, states: environments.map((e, i) => ({ environment: e.name, state: here[i] })) });
  }
  const recorded = states.map((s) => new Set([...s].filter(([, state]) => isRecordedState(state)).map(([name]) => name)));
  const production = environments.findIndex((e) => e.production);
  const reference = production >= 0 ? production : recorded.reduce((best, set, i) => (set.size > recorded[best]!.size ? i : best), 0);
  const lags: EnvironmentLag[] = [];
  environments.forEach((environment, i) => {
    if (i === reference) return;
    const behind = names.filter((name) => recorded[reference]!.has(name) && !recorded[i]!.has(name));
    const ahead = names.filter((name) => recorded[i]!.has(name) && !recorded[reference]!.has(name));
    if (behind.length + ahead.length > 0) lags.push({ environment: environment.name, reference: environments[reference]!.name, behind, ahead });
  });
  return { reference: environments[reference]!.name, differences, lags };
}
