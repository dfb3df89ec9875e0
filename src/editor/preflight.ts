// Preflight in the editor: each time the status is read again from the disk and the database,
// the pending migrations are replayed onto the active connection (reads only) and every
// predicted failure becomes a diagnostic of its own source, a line in the Migrations view and a
// count in the status bar. It runs after the status is shown, never before it; a failure of its
// own is logged and leaves the tree as it is. Unchecked migrations are not flagged: no false alarm.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Config } from '../config';
import type { MigrationPrediction } from '../core/preflight/types';
import { failureDiagnostic, failureSummary } from '../core/preflight/summary';
import type { StatusSnapshot } from '../core/status/types';
import type { Connections } from './connections';
import { lazyCore } from './lazy';
import { say } from './messages';
import type { StatusModel, StatusView } from './statusModel';

/** The source of preflight's diagnostics, apart from the offline rules' `migration-doctor`. */
export const preflightSource = 'Migration Doctor (preflight)';

interface Published {
  /** The snapshot the predictions were made for: shown only while it is the current one. */
  readonly snapshot: StatusSnapshot;
  readonly byName: ReadonlyMap<string, MigrationPrediction>;
  readonly failures: number;
}

export class PreflightFeature implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('migration-doctor-preflight');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when predictions are published or cleared. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.collection, this.changed];
  private published: Published | undefined;
  /** Bumped by every new status: a run started for an older one publishes nothing. */
  private generation = 0;
  private running: Promise<void> = Promise.resolve();
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

  /** How many pending migrations of the status shown are predicted to fail. */
  get failures(): number {
    return this.current()?.failures ?? 0;
  }

  /** Resolves once the preflight of the latest status has been published (or skipped). */
  async settled(): Promise<void> {
    // A status that arrives meanwhile starts another run: wait for that one too.
    for (let seen: Promise<void> | undefined; seen !== this.running;) await (seen = this.running);
  }

  private current(): Published | undefined {
    const published = this.published;
    return published && published.snapshot === this.model.snapshot ? published : undefined;
  }

  private update(view: StatusView): void {
    const run = ++this.generation;
    this.running = this.run(view, run).catch((error: unknown) => this.failed(error, run));
  }

  private async run(view: StatusView, run: number): Promise<void> {
    const active = view.kind === 'ready' ? await this.connections.active() : undefined;
    if (run !== this.generation || this.disposed) return;
    // The next migrate runs the unrecorded migrations whose table exists too (it fails on them).
    const pending = view.kind === 'ready' ? view.snapshot.counts.byState.pending + view.snapshot.counts.byState['pending-table-exists'] : 0;
    if (view.kind !== 'ready' || !active || pending === 0 || !new Config(active.folder).preflightEnabled) return this.publish(undefined);
    const [core, db] = await Promise.all([lazyCore(), this.connections.database()]);
    if (!db || run !== this.generation) return;
    const translate = { tablePrefix: active.options.tablePrefix, laravel: core.laravelTargetOf(view.project.laravel) };
    // The app's config/database.php and .env say whether the connection is strict (a failure that
    // depends on it is unchecked when they cannot tell).
    const root = active.folder.uri.fsPath;
    const strict = core.preflightStrict(await core.readConnectionStrict(root, path.join(root, '.env'), {}));
    if (run !== this.generation || this.disposed) return;
    const result = await core.preflightPending(db, core.pendingFiles(view.snapshot), translate, { strict });
    if (run !== this.generation || this.disposed) return;
    for (const missing of result.missingPrivileges) this.log.warn(`preflight: a privilege is missing (${missing}); the checks that needed it are unchecked`);
    const failures = result.migrations.filter((m) => m.prediction === 'fails').length;
    this.log.info(`preflight of ${view.name}: ${result.migrations.length} pending, ${failures} predicted to fail (${result.queries} queries)`);
    this.publish({ snapshot: view.snapshot, byName: new Map(result.migrations.map((m) => [m.name, m])), failures }, view.name);
  }

  /** The status stays as it is: preflight's own failure is logged, its predictions withdrawn. */
  private async failed(error: unknown, run: number): Promise<void> {
    const { DatabaseError, classifyDatabaseError } = await lazyCore();
    const options = (await this.connections.active().catch(() => undefined))?.options;
    const classified = error instanceof DatabaseError ? error : options && classifyDatabaseError(error, options);
    if (classified) this.log.warn(`preflight: ${classified.message}`);
    else this.log.error('preflight failed', error);
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
    for (const d of this.disposables) d.dispose();
  }
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
