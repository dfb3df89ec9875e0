// The one object that owns everything the extension creates (house style: rust-analyzer's
// Ctx). Activation failures are reported here, since VS Code does not show them.
import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import { registerCommands } from './commands';
import { StatusReportChannel } from './commands/status';
import { registerMigrationCodeActions } from './editor/codeActions';
import { MigrationDiagnostics } from './editor/diagnostics';
import { Connections } from './editor/connections';
import { Environments } from './editor/environments';
import { MigrationsTree } from './editor/migrationsTree';
import { PreflightFeature } from './editor/preflight';
import { StatusBar } from './editor/statusBar';
import { StatusModel } from './editor/statusModel';
import { RepairFeature, repairEnvironment } from './editor/repair';
import { showInternalError } from './editor/internalError';
import { visibleName } from './core/messages/visible';

export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  /** Migration analysis diagnostics; set during create(). */
  diagnostics?: MigrationDiagnostics;
  /** The active connection; its scope owns the Database. */
  connections!: Connections;
  /** The latest status snapshot; `refresh()` after anything that changes the database. */
  status!: StatusModel;
  migrationsTree!: MigrationsTree;
  /** Every connection side by side (migrationDoctor.showAllConnections), shown in the Migrations view. */
  environments!: Environments;
  /** Predicted failures of the next migrate on the active connection, made after each status. */
  preflight!: PreflightFeature;
  statusBar!: StatusBar;
  /** "Migration Doctor: Status": the migrate:status-style table of Show Migration Status, kept current. */
  statusOutput!: StatusReportChannel;
  /** Repair: plan previews, quick fix, the repair flow behind the commands. */
  repair!: RepairFeature;

  private constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Migration Doctor', { log: true });
    extension.subscriptions.push(this.log, this);
  }

  static async create(extension: vscode.ExtensionContext): Promise<Ctx> {
    const ctx = new Ctx(extension);
    try {
      ctx.connections = ctx.own(new Connections(extension, ctx.log));
      ctx.status = ctx.own(new StatusModel(ctx.connections, ctx.log));
      ctx.preflight = ctx.own(new PreflightFeature(ctx.status, ctx.connections, ctx.log));
      ctx.environments = ctx.own(new Environments(ctx.connections, ctx.status, ctx.preflight, ctx.log));
      ctx.migrationsTree = ctx.own(new MigrationsTree(ctx.status, extension.workspaceState, ctx.preflight, ctx.environments));
      ctx.statusBar = ctx.own(new StatusBar(ctx.status, ctx.preflight));
      ctx.statusOutput = ctx.own(new StatusReportChannel(ctx.status));
      ctx.repair = ctx.own(new RepairFeature(repairEnvironment(ctx.log, ctx.connections, ctx.status)));
      registerCommands(ctx);
      ctx.diagnostics = ctx.own(new MigrationDiagnostics(ctx.log));
      ctx.own(registerMigrationCodeActions(ctx.diagnostics));
      // Everything above only registers; the settings, watchers, first snapshot (mysql2) and
      // parsing start just after activate() returns. Commands work before: they load what they need.
      const diagnostics = ctx.diagnostics;
      const start = setImmediate(() => {
        ctx.status.start().catch((error: unknown) => showInternalError(error, ctx.log, 'the start of the migration status'));
        diagnostics.start().catch((error: unknown) => showInternalError(error, ctx.log, 'the start of the migration analysis'));
      });
      ctx.own({ dispose: () => clearImmediate(start) });
      ctx.log.info(`activated in ${vscode.workspace.workspaceFolders?.map((f) => visibleName(f.uri.fsPath)).join(', ') ?? 'no folder'}`);
    } catch (error) {
      ctx.failed(error);
      // activate() rejects: VS Code then gives the extension no exports, and extension.activate() rethrows it.
      throw error;
    }
    return ctx;
  }

  /** A failed start: said to the user and logged, and nothing left half-running but the log. */
  private failed(error: unknown): void {
    this.log.error('activation failed', error);
    for (const disposable of this.extension.subscriptions.splice(0).reverse()) {
      if (disposable === this.log) this.extension.subscriptions.push(disposable);
      else {
        try {
          disposable.dispose();
        } catch (disposeError) {
          this.log.error('could not release after the failed activation', disposeError);
        }
      }
    }
    // The log stays reachable from the command palette.
    this.extension.subscriptions.push(vscode.commands.registerCommand(CommandId.showLog, () => this.log.show()));
    const showLog = vscode.l10n.t('Show Log');
    const message = vscode.l10n.t('Migration Doctor could not start: {0}', visibleName(error instanceof Error ? error.message : String(error)));
    void vscode.window.showErrorMessage(message, showLog).then((choice) => {
      if (choice === showLog) this.log.show();
    });
  }

  /** Owned for the extension's lifetime. */
  own<T extends vscode.Disposable>(disposable: T): T {
    this.extension.subscriptions.push(disposable);
    return disposable;
  }

  dispose(): void {
    // Everything is in extension.subscriptions; nothing else to release yet.
  }
}
