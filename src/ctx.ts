// The one object that owns everything the extension creates (house style: rust-analyzer's
// Ctx). Activation failures are reported here, since VS Code does not show them.
import * as vscode from 'vscode';
import { registerCommands } from './commands';

export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;

  private constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Migration Doctor', { log: true });
    extension.subscriptions.push(this.log, this);
  }

  static async create(extension: vscode.ExtensionContext): Promise<Ctx> {
    const ctx = new Ctx(extension);
    try {
      registerCommands(ctx);
      ctx.log.info(`activated in ${vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath).join(', ') ?? 'no folder'}`);
    } catch (error) {
      ctx.log.error('activation failed', error);
      void vscode.window.showErrorMessage(vscode.l10n.t('Migration Doctor could not start: {0}', String(error)));
    }
    return ctx;
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
