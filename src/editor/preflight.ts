// Preflight in the editor: each time the status is read again from the disk and the database,
// the pending migrations are replayed onto the active connection (reads only) and every
// predicted failure becomes a diagnostic of its own source, a line in the Migrations view (and
// under the connection's node side by side) and a count in the status bar. It runs after the
// status is shown, never before it, once per status read from the database: a status shown at
// once after a save keeps the predictions when nothing they depend on changed, and otherwise has
// none until the database is read again. A failure of its own is logged and leaves the tree as
// it is. Unchecked migrations are not flagged: no false alarm.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Config } from '../config';
import type { ConnectionOptions, Database } from '../core/db/database';
import type { PreflightInput } from '../core/preflight';
import type { MigrationPrediction } from '../core/preflight/types';
import type { MigrationFile } from '../core/analysis/types';
import { failureDiagnostic, failureSummary } from '../core/preflight/summary';
import type { StatusSnapshot } from '../core/status/types';
import type { LaravelTarget } from '../core/translate/laravelTarget';
import type { Connections } from './connections';
import { lazyCore } from './lazy';
import { say } from './messages';
import type { StatusModel, StatusView } from './statusModel';
import { visibleName } from '../core/messages/visible';

/** The source of preflight's diagnostics, apart from the offline rules' `migration-doctor`. */
export const preflightSource = 'Migration Doctor (preflight)';

/** A status's predictions, by pending migration, and how many of them fail. */
export interface Predictions {
  readonly byName: ReadonlyMap<string, MigrationPrediction>;
  readonly failures: number;
}

interface Published extends Predictions {
  /** The snapshot the predictions are shown for: shown only while it is the current one. */
  readonly snapshot: StatusSnapshot;
}

/**
 * Everything a prediction depends on: the database read (a new read may hold other rows), the
 * pending files in order (each parsed object, replaced when its file changes), where they would
 * run and the strict setting.
 */
interface PreflightInputs {
  readonly databaseRead: StatusSnapshot;
  readonly pending: readonly MigrationFile[];
  readonly tablePrefix: string;
  readonly laravel: LaravelTarget;
  readonly strict: PreflightInput['strict'];
}

/** What the preflight of a status on the active connection depends on. */
async function inputsOf(view: Extract<StatusView, { kind: 'ready' }>, active: { options: ConnectionOptions; folder: vscode.WorkspaceFolder }): Promise<PreflightInputs> {
  const core = await lazyCore();
  const pending = core.pendingFiles(view.snapshot);
  const { laravel } = await core.withModelsOf({ tablePrefix: active.options.tablePrefix, laravel: core.laravelTargetOf(view.project.laravel) }, pending, view.project.models);
  return { databaseRead: view.databaseRead, pending, tablePrefix: active.options.tablePrefix, laravel, strict: await appStrict(active.folder) };
}

function sameInputs(a: PreflightInputs, b: PreflightInputs): boolean {
  return a.databaseRead === b.databaseRead && a.tablePrefix === b.tablePrefix
    && a.pending.length === b.pending.length && a.pending.every((file, i) => file === b.pending[i])
    && JSON.stringify([a.laravel, a.strict]) === JSON.stringify([b.laravel, b.strict]);
}

/** Where a status was read: the connection's name and table prefix, the project's Laravel and strict setting. */
export interface PreflightTarget {
  readonly name: string;
  readonly tablePrefix: string;
  readonly laravel: LaravelTarget;
  /** The app's strict setting ({@link appStrict}). */
  readonly strict: PreflightInput['strict'];
}

export class PreflightFeature implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('migration-doctor-preflight');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when predictions are published or cleared. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.collection, this.changed];
  private published: Published | undefined;
  /** The latest run, with what it was made from: a later status with the same shares it instead of running again. */
  private made: { readonly inputs: PreflightInputs; readonly predictions: Promise<Predictions> } | undefined;
  /** Bumped by every new status: a run started for an older one publishes nothing. */
  private generation = 0;
  private running: Promise<void> = Promise.resolve();
  /** Ends a run that waits for the database's next read: called by the next status. */
  private nextStatus: () => void = () => undefined;
  private disposed = false;

  constructor(private readonly model: StatusModel, private readonly connections: Connections, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      model.onDidChange((view) => this.update(view)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('migrationDoctor.preflight.enabled')) this.update(model.view);
      }),
    );
  }

  /** The prediction for a pending migration of the status shown, if preflight made one. */
  prediction(name: string): MigrationPrediction | undefined {
    return this.current()?.byName.get(name);
  }

  /** The predictions shown for `snapshot` (the side-by-side view's node of the active connection). */
  predictionsOf(snapshot: StatusSnapshot): Predictions | undefined {
    const published = this.published;
    return published && published.snapshot === snapshot ? published : undefined;
  }

  /** How many pending migrations of the status shown are predicted to fail. */
  get failures(): number {
    return this.current()?.failures ?? 0;
  }

  /**
   * Resolves once the preflight of the latest status has been published (or skipped); after a
   * save shown against the database as last read, once the database is read again and that is done.
   */
  async settled(): Promise<void> {
    // A status that arrives meanwhile starts another run: wait for that one too.
    for (let seen: Promise<void> | undefined; seen !== this.running;) await (seen = this.running);
  }

  private current(): Predictions | undefined {
    const snapshot = this.model.snapshot;
    return snapshot && this.predictionsOf(snapshot);
  }

  private update(view: StatusView): void {
    this.nextStatus();
    const run = ++this.generation;
    this.running = this.run(view, run).catch((error: unknown) => this.failed(error, run));
  }

  private async run(view: StatusView, run: number): Promise<void> {
    const active = view.kind === 'ready' ? await this.connections.active() : undefined;
    if (run !== this.generation || this.disposed) return;
    if (view.kind !== 'ready' || !active || !preflightWanted(view.snapshot, active.folder)) return this.publish(undefined);
    const inputs = await inputsOf(view, active);
    if (run !== this.generation || this.disposed) return;
    let made = this.made;
    if (!made || !sameInputs(made.inputs, inputs)) {
      // Files changed since the database was read, which is read again a second after the last
      // change: preflight then, once for the whole burst of saves, not for each status shown meanwhile.
      if (view.snapshot !== view.databaseRead) {
        this.publish(undefined);
        return new Promise<void>((resolve) => (this.nextStatus = resolve));
      }
      const db = await this.connections.database();
      if (!db || run !== this.generation) return;
      made = this.made = { inputs, predictions: predictPending(db, view.snapshot, { name: view.name, ...inputs }, this.log) };
    }
    const predictions = await made.predictions;
    if (run !== this.generation || this.disposed) return;
    this.publish({ snapshot: view.snapshot, ...predictions }, view.name);
  }

  /** The status stays as it is: preflight's own failure is logged, its predictions withdrawn. */
  private async failed(error: unknown, run: number): Promise<void> {
    const options = (await this.connections.active().catch(() => undefined))?.options;
    await logPreflightFailure(error, options, this.log);
    if (run === this.generation && !this.disposed) this.publish(undefined);
  }

  private publish(published: Published | undefined, connection = ''): void {
    if (!published && !this.published) return;
    this.published = published;
    this.collection.clear();
    for (const status of published?.snapshot.migrations ?? []) {
      const prediction = published!.byName.get(status.name);
      if (!prediction || prediction.prediction !== 'fails' || !status.file) continue;
      this.collection.set(vscode.Uri.file(status.file.path), [toDiagnostic(prediction, connection)]);
    }
    this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    this.nextStatus();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Whether preflight runs on a status: turned on for its folder, and the next migrate has something
 * to run (the unrecorded migrations whose table exists too: it fails on them).
 */
export function preflightWanted(snapshot: StatusSnapshot, folder: vscode.WorkspaceFolder): boolean {
  const pending = snapshot.counts.byState.pending + snapshot.counts.byState['pending-table-exists'];
  return pending > 0 && new Config(folder).preflightEnabled;
}

/**
 * Preflight of a status's pending migrations on an open connection: the active connection's and
 * each other environment's of the side-by-side view go through here. It only reads (information_schema
 * and bounded SELECTs on the tables the migrations touch), so production connections get it too.
 */
export async function predictPending(db: Database, snapshot: StatusSnapshot, at: PreflightTarget, log: vscode.LogOutputChannel): Promise<Predictions> {
  const core = await lazyCore();
  const result = await core.preflightPending(db, snapshot, { tablePrefix: at.tablePrefix, laravel: at.laravel }, { strict: at.strict });
  for (const missing of result.missingPrivileges) log.warn(`preflight of ${visibleName(at.name)}: a privilege is missing (${visibleName(missing)}); the checks that needed it are unchecked`);
  const failures = result.migrations.filter((m) => m.prediction === 'fails').length;
  log.info(`preflight of ${visibleName(at.name)}: ${result.migrations.length} pending, ${failures} predicted to fail (${result.queries} queries)`);
  return { byName: new Map(result.migrations.map((m) => [m.name, m])), failures };
}

/**
 * Whether the app's connection is strict, as its config/database.php and .env say (a failure that
 * depends on it is unchecked when they cannot tell): preflight's and the rehearsal's data checks.
 */
export async function appStrict(folder: vscode.WorkspaceFolder): Promise<PreflightInput['strict']> {
  const core = await lazyCore();
  const root = folder.uri.fsPath;
  return core.preflightStrict(await core.readConnectionStrict(root, path.join(root, '.env'), {}));
}

/** Preflight's own failure, logged (the server's sentence when it said why); the caller withdraws its predictions. */
export async function logPreflightFailure(error: unknown, options: ConnectionOptions | undefined, log: vscode.LogOutputChannel, name?: string): Promise<void> {
  const { DatabaseError, classifyDatabaseError } = await lazyCore();
  const classified = error instanceof DatabaseError ? error : options && classifyDatabaseError(error, options);
  const of = name === undefined ? '' : ` of ${visibleName(name)}`;
  if (classified) log.warn(`preflight${of}: ${visibleName(classified.message)}`);
  else log.error(`preflight${of} failed`, error);
}

function toDiagnostic(prediction: MigrationPrediction, connection: string): vscode.Diagnostic {
  const start = prediction.range?.start;
  const end = prediction.range?.end;
  // Without a known place, the file's first line.
  const range = start && end ? new vscode.Range(start.line, start.column, end.line, end.column) : new vscode.Range(0, 0, 0, 0);
  const diagnostic = new vscode.Diagnostic(range, failureDiagnostic(prediction, connection).map(say).join('\n'), vscode.DiagnosticSeverity.Error);
  diagnostic.source = preflightSource;
  diagnostic.code = prediction.error?.code === null || prediction.error === undefined ? 'preflight' : `preflight-${prediction.error.code}`;
  return diagnostic;
}

/** The Migrations view's item of a pending migration predicted to fail: the prediction after its state. */
export function withPrediction(item: vscode.TreeItem, prediction: MigrationPrediction | undefined): vscode.TreeItem {
  const summary = prediction && failureSummary(prediction);
  if (!summary) return item;
  const text = say(summary);
  // The state stays first, so that a narrow sidebar cuts the details, not the state.
  item.description = `${String(item.description ?? '')} · ${text}`;
  if (item.tooltip instanceof vscode.MarkdownString) {
    item.tooltip.appendMarkdown('$(circle-slash) ').appendText(text).appendMarkdown('\n\n');
    if (prediction.statement) item.tooltip.appendCodeblock(prediction.statement, 'sql');
  }
  return item;
}

/** "1 predicted failure" / "2 predicted failures" for the status bar; undefined when none. */
export function failureCountText(failures: number): string | undefined {
  if (failures === 0) return undefined;
  return failures === 1 ? vscode.l10n.t('1 predicted failure') : vscode.l10n.t('{0} predicted failures', failures);
}
