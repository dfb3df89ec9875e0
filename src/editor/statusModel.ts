// The latest status of the active connection, shared by the tree view, the status bar and the
// commands. Refreshes on migration file changes, on connection change, after a repair and on
// demand; refreshes requested while one runs are coalesced into one more. A saved migration
// file is shown at once against the database as last read, which is read again once saves settle.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Config } from '../config';
import type { ConnectionOptions } from '../core/db/database';
import type { DatabaseError } from '../core/db/errors';
import type { MigrationFile } from '../core/analysis/types';
import type { LaravelFactsInput, ModelFacts, ModelsReader, ProjectFacts } from '../core/project';
import type { IncrementalTranslation } from '../core/translate/incremental';
import type { LaravelTarget } from '../core/translate/laravelTarget';
import type { SnapshotInput } from '../core/status/engine';
import type { StatusSnapshot } from '../core/status/types';
import type { DrizzleTableDefinition } from '../core/structure/expected';
import type { Connections } from './connections';
import { coalesced } from './coalesce';
import { missingFolders, withMissingFolders } from './migrationFolders';
import { internalFailure, type InternalFailure } from './internalError';
import { english, message } from '../core/messages/catalog';
import { lazyCore } from './lazy';
import { TimeLimitExceeded, withinTimeLimit } from './timeLimit';
import { visibleName } from '../core/messages/visible';

export type StatusView =
  /** No connection configured (no `.env`, no named connection). */
  | { readonly kind: 'none' }
  | { readonly kind: 'loading'; readonly name?: string }
  | { readonly kind: 'error'; readonly name?: string; readonly error: DatabaseError | InternalFailure }
  | {
    readonly kind: 'ready';
    /** The connection's name and its candidate id (`settings:<name>`, `env:<folder>`). */
    readonly name: string;
    readonly id: string;
    readonly snapshot: StatusSnapshot;
    /**
     * The snapshot that read the database this one's facts come from: itself, or, after a change
     * of migration files only, the last read's (the database is then read again a second after
     * the last change). What depends on the database waits for that read.
     */
    readonly databaseRead: StatusSnapshot;
    readonly project: EditorProject;
  };

export class StatusModel implements vscode.Disposable {
  private current: StatusView = { kind: 'loading' };
  /** Snapshots never overlap: refreshes requested while one runs share one more. */
  private readonly takeCoalesced = coalesced(() => this.takeOne());
  private readonly changed = new vscode.EventEmitter<StatusView>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watchers: vscode.Disposable[] = [];
  /** The database read again after saves (a save does not change it, something else may have). */
  private readLater: NodeJS.Timeout | undefined;
  /** False while only migration files changed since the last snapshot read the database. */
  private readDatabase = true;
  /** Parsed migrations and catalog, kept until a migration file or the connection changes. */
  private input: { key: string; value: SnapshotInput; project: EditorProject; tables: readonly DrizzleTableDefinition[] } | undefined;
  /** Bumped by every file change: an input loaded before it is not kept (it may be stale). */
  private filesVersion = 0;
  /** Each migration file parsed once: a watcher event drops its own entry, a reload all of them. */
  private readonly parsed = new Map<string, MigrationFile>();
  /** The folders' listing, kept for updates after a file is only changed (listing 10,000 files takes a while). */
  private listing: { folders: string; version: number; paths: readonly string[] } | undefined;
  /** Bumped when a file is created or deleted: a listing taken before it is not kept. */
  private listingVersion = 0;
  /** The files' versions the status shown was taken with. */
  private filesShown = '';
  /** The translation of the recorded migrations, replayed from the first one whose file changed. */
  private translations: IncrementalTranslation | undefined;

  /** Subscribes only: the configuration, the watchers and the first snapshot wait for start(). */
  constructor(private readonly connections: Connections, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      connections.onDidChange(() => void this.refresh({ reloadFiles: true })),
      // A folder added to (or removed from) the workspace has migration folders of its own to watch.
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watch()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (['migrationPaths', 'drizzleSchemaFolder', 'laravelVersion'].some((name) => e.affectsConfiguration(`migrationDoctor.${name}`))) {
          this.watch();
          void this.refresh({ reloadFiles: true });
        }
      }),
    );
  }

  /** Watches the migration folders and takes the first snapshot (just after activation). */
  start(): Promise<void> {
    this.watch();
    return this.refresh();
  }

  get view(): StatusView {
    return this.current;
  }

  get snapshot(): StatusSnapshot | undefined {
    return this.current.kind === 'ready' ? this.current.snapshot : undefined;
  }

  /**
   * Takes a new snapshot; resolves when the view reflects the state at the time of the call.
   * The parsed migrations are reused unless `reloadFiles` (or a file watcher saw a change).
   * `databaseUnchanged`: only migration files changed, the last database read still holds.
   */
  refresh(options: { reloadFiles?: boolean; databaseUnchanged?: boolean } = {}): Promise<void> {
    if (!options.databaseUnchanged) this.readDatabase = true;
    if (options.reloadFiles) {
      this.parsed.clear();
      this.filesVersion++;
      this.listingVersion++;
    }
    return this.takeCoalesced();
  }

  private async takeOne(): Promise<void> {
    let name: string | undefined;
    let connection: ConnectionOptions | undefined;
    // Another connection selected (or its settings changed) during this read: what it found belongs
    // to no connection shown (its name, the other's database); the run that change asked for shows it.
    const generation = this.connections.generation;
    const superseded = () => this.connections.generation !== generation;
    try {
      const { DatabaseError, takeSnapshot } = await lazyCore();
      const candidate = await this.connections.activeCandidate();
      if (!candidate) {
        this.connections.setConnected(false);
        return this.set({ kind: 'none' });
      }
      name = candidate.name;
      if (this.current.kind !== 'ready' || this.current.name !== name) this.set({ kind: 'loading', name });
      const options = (connection = await this.connections.activeOptions());
      if (!options) return this.set({ kind: 'none' });
      const folders = this.folders(candidate.folder);
      const scope = `${options.tablePrefix}\n${folders.join('\n')}`;
      const key = `${this.filesVersion}\n${scope}`;
      const read = this.readDatabase;
      this.readDatabase = false;
      const previous = this.input;
      const files = `${this.filesVersion}\n${this.listingVersion}`;
      if (!read && this.current.kind === 'ready' && this.current.name === name && previous?.key.endsWith(`\n${scope}`)) {
        // Asked again while the status shown was taken, and no file changed since: it still holds
        // (a status only shown, not read, would have nothing after it to read the database again).
        if (files === this.filesShown) return;
        // Only files changed: their statuses against the database as last read, without a query.
        const { snapshotWithFiles } = await lazyCore();
        const value = await this.migrationsInput(previous.project, previous.tables, options.tablePrefix, true);
        const snapshot = snapshotWithFiles(this.current.snapshot, value);
        this.log.info(`status of ${visibleName(name)} after a file change: ${snapshot.counts.total} migrations, ${snapshot.counts.broken} broken, ${snapshot.counts.pending} pending (the database as last read, ${Math.round(snapshot.durationMs)} ms)`);
        // The input is not kept: the next read of the database reads the project's facts again too.
        this.filesShown = files;
        return this.set({ kind: 'ready', name, id: candidate.id, snapshot, databaseRead: this.current.databaseRead, project: previous.project });
      }
      const [loaded, db] = await Promise.all([
        this.input?.key === key ? this.input : this.loadInput(candidate.folder, folders, options.tablePrefix).then((l) => ({ key, ...l })),
        this.connections.database(),
      ]);
      this.input = loaded;
      const input = loaded.value;
      if (!db) return this.set({ kind: 'none' });
      const snapshot = await withinTimeLimit(takeSnapshot(db, input).catch(async (error: unknown) => {
        // An idle connection the server closed (wait_timeout): reconnect once before telling anyone.
        if (!(error instanceof DatabaseError && error.kind === 'connection-lost') || superseded()) throw error;
        this.connections.reset();
        const again = await this.connections.database();
        if (!again) throw error;
        return takeSnapshot(again, input);
      }), new Config(candidate.folder).statusTimeoutSeconds);
      if (superseded()) return;
      this.log.info(`status of ${visibleName(name)}: ${snapshot.counts.total} migrations, ${snapshot.counts.broken} broken, ${snapshot.counts.pending} pending (${snapshot.queries} queries, ${Math.round(snapshot.durationMs)} ms)`);
      this.connections.setConnected(true);
      this.filesShown = files;
      this.set({ kind: 'ready', name, id: candidate.id, snapshot, databaseRead: snapshot, project: loaded.project });
    } catch (error) {
      this.readDatabase = true;
      if (superseded()) return;
      const { DatabaseError, classifyDatabaseError } = await lazyCore();
      // The connection waiting for an answer is closed (reset() below), then dropped if QUIT gets no turn.
      const classified = error instanceof TimeLimitExceeded ? statusNoAnswer(DatabaseError, connection, error)
        : error instanceof DatabaseError ? error
        : (connection && classifyDatabaseError(error, connection)) || internalFailure(error, this.log, `the status of ${name ?? 'no connection'}`);
      if (classified.kind === 'connection-lost' || classified.kind === 'timeout' || classified.kind === 'other' || classified.kind === 'internal') this.connections.reset();
      if (classified.kind === 'other') this.log.error(`status of ${name === undefined ? 'no connection' : visibleName(name)} failed`, error);
      else if (classified.kind !== 'internal') this.log.warn(`status of ${name === undefined ? 'no connection' : visibleName(name)}: ${visibleName(classified.message)}`);
      this.connections.setConnected(false);
      this.set({ kind: 'error', name, error: classified });
    }
  }

  /**
   * Migrations parsed and translated, for the project's Laravel version and with the folders its
   * packages register: the status core is loaded here, not at activation.
   */
  private async loadInput(folder: vscode.WorkspaceFolder, folders: string[], tablePrefix: string): Promise<{ value: SnapshotInput; project: EditorProject; tables: readonly DrizzleTableDefinition[] }> {
    const config = new Config(folder);
    const [tables, project] = await Promise.all([
      editorDrizzleTables(folder.uri.fsPath, config, (problem) => this.log.warn(`status: ${visibleName(problem)}`)), editorProjectFacts(folder.uri.fsPath, config, folders),
    ]);
    for (const problem of project.packages?.problems ?? []) this.log.warn(`status: ${visibleName(english(problem))}`);
    return { value: await this.migrationsInput(project, tables, tablePrefix), project, tables };
  }

  /**
   * The project's migrations, each file parsed once, and their catalog, translated from the first
   * changed one. `keptListing`: the last listing of the folders, unless a file was created or deleted since.
   */
  private async migrationsInput(project: EditorProject, tables: readonly DrizzleTableDefinition[], tablePrefix: string, keptListing = false): Promise<SnapshotInput> {
    const { laravelTargetOf, listMigrationPaths, loadStatusInput, readMigrations, translationMemory, withUnknownFolders } = await lazyCore();
    const value = await loadStatusInput(project.folders, { tablePrefix, laravel: laravelTargetOf(project.laravel) }, tables, async (f) => {
      const folders = f.join('\n');
      const version = this.listingVersion;
      const kept = keptListing && this.listing?.folders === folders && this.listing.version === version ? this.listing.paths : undefined;
      const paths = kept ?? (await listMigrationPaths(f)).paths;
      if (version === this.listingVersion) this.listing = { folders, version, paths };
      // Read and remembered in one synchronous step, so no watcher event falls in between.
      const missing = paths.filter((p) => !this.parsed.has(p));
      readMigrations(missing).forEach((migration, i) => this.parsed.set(missing[i]!, migration));
      return paths.map((p) => this.parsed.get(p)!);
    }, (this.translations ??= translationMemory()), project.models);
    return withMissingFolders(withUnknownFolders(value, project), await missingFolders(project.folders));
  }

  /**
   * The parsed and translated migrations of `folder` for a connection with `tablePrefix` (the other
   * environments of the side-by-side view): the active connection's when they are the same.
   */
  async inputFor(folder: vscode.WorkspaceFolder, tablePrefix: string): Promise<SnapshotInput> {
    const folders = this.folders(folder);
    const key = `${this.filesVersion}\n${tablePrefix}\n${folders.join('\n')}`;
    return this.input?.key === key ? this.input.value : (await this.loadInput(folder, folders, tablePrefix)).value;
  }

  /** The configured migration folders of the connection's workspace folder. */
  folders(folder: vscode.WorkspaceFolder): string[] {
    return new Config(folder).migrationPaths.map((p) => path.resolve(folder.uri.fsPath, p));
  }

  private set(view: StatusView): void {
    this.current = view;
    this.changed.fire(view);
  }

  /**
   * Migration files created, changed or deleted in any configured folder: the statuses at once
   * against the last database read (a save is one event, a checkout's burst coalesces), and the
   * database read again a second after the last change.
   */
  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      // Resolved as the status reads them: an absolute path is not under the workspace folder.
      for (const migrations of this.folders(folder)) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(migrations), '*.php'));
        // Only the file the event names is parsed again (10,000 migrations take a second to parse).
        const changed = (uri: vscode.Uri) => {
          this.parsed.delete(uri.fsPath);
          this.filesVersion++;
          void this.refresh({ databaseUnchanged: true });
          clearTimeout(this.readLater);
          this.readLater = setTimeout(() => void this.refresh(), 1000);
        };
        const listed = (uri: vscode.Uri) => {
          this.listingVersion++;
          changed(uri);
        };
        this.watchers.push(watcher, watcher.onDidCreate(listed), watcher.onDidChange(changed), watcher.onDidDelete(listed));
      }
    }
  }

  dispose(): void {
    clearTimeout(this.readLater);
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The built-in Drizzle tables, overridden by the workspace's own schema (drizzle.config.*, else
 * the schema folder setting); that is the project's code running here, so only in a trusted workspace.
 */
/** The status is unknown: the server took the connection and did not answer within the time limit. */
export function statusNoAnswer(
  databaseError: typeof DatabaseError, connection: Pick<ConnectionOptions, 'host' | 'port'> | undefined, exceeded: TimeLimitExceeded,
): DatabaseError {
  const where = connection ? `${connection.host}:${connection.port}` : '?';
  return new databaseError('timeout', message('connection.statusNoAnswer', where, exceeded.seconds), message('connection.statusNoAnswerNext'));
}

export async function editorDrizzleTables(root: string, config: Config, warn: (problem: string) => void): Promise<readonly DrizzleTableDefinition[]> {
  const { builtInTables, loadProjectDrizzleSchema, withWorkspaceTables } = await lazyCore();
  const loaded = await loadProjectDrizzleSchema(root, config.drizzleSchemaFolder, vscode.workspace.isTrusted);
  for (const problem of loaded.problems) warn(problem);
  return withWorkspaceTables(loaded.tables, builtInTables);
}

/** The project's facts, and how the models its migrations name in foreignIdFor() are read. */
export type EditorProject = ProjectFacts & {
  /**
   * Reads the models of the workspace folder, each set of classes once while these facts are
   * kept (they are read again with the database): a saved migration naming the same models reads
   * no model file, and the same set gives the same facts.
   */
  readonly models: ModelsReader;
};

/**
 * The project's Laravel version and driver (its composer files, else migrationDoctor.laravelVersion;
 * DB_CONNECTION from its .env) and the folders Laravel reads: its packages' and `appFolders`.
 */
export async function editorProjectFacts(root: string, config: Config, appFolders: readonly string[]): Promise<EditorProject> {
  const { readModelsNamed, readProjectFacts } = await lazyCore();
  const read = new Map<string, Promise<ModelFacts>>();
  const models: ModelsReader = (classNames) => {
    const names = [...new Set(classNames)].sort();
    const key = names.join('\n');
    let facts = read.get(key);
    if (!facts) read.set(key, (facts = readModelsNamed(root, names)));
    return facts;
  };
  return { ...(await readProjectFacts(root, appFolders, { withPackages: true, ...(await laravelInputs(root, config)) })), models };
}

/** The project's Laravel version and driver alone (the diagnostics read only the app's own migrations). */
export async function editorLaravelTarget(root: string, config: Config): Promise<LaravelTarget> {
  const { laravelTargetOf, readLaravelFacts } = await lazyCore();
  return laravelTargetOf(await readLaravelFacts(root, await laravelInputs(root, config)));
}

async function laravelInputs(root: string, config: Config): Promise<LaravelFactsInput> {
  const { readDbConnection } = await lazyCore();
  const setting = config.laravelVersion;
  // The app's .env says which driver the app uses, whichever connection the status looks at.
  return {
    ...(setting ? { explicitVersion: { value: setting, name: 'migrationDoctor.laravelVersion' } } : {}),
    ...(await readDbConnection(path.join(root, '.env'), {})),
  };
}
