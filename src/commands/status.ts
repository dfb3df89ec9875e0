// Status commands: show the migrate:status-style table, refresh, group by batch, open, copy.
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import type { CommandFactory } from '../commands';
import { renderStatusTable } from '../core/status/format';
import { describeProjectFacts } from '../core/project/describe';
import type { ProjectFacts } from '../core/project';
import type { MigrationStatus, StatusSnapshot } from '../core/status/types';
import type { Ctx } from '../ctx';
import { problemText, stateLabel } from '../editor/migrationsTree';
import type { StatusModel, StatusView } from '../editor/statusModel';
import { say, sayDifference, sayError } from '../editor/messages';
import { visibleName } from '../core/messages/visible';

/**
 * "Migration Doctor: Status": once Show Migration Status has written it, every new status (a repair,
 * a refresh) rewrites it, so it never shows a state the database has left.
 */
export class StatusReportChannel implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel(vscode.l10n.t('Migration Doctor: Status'));
  /** What the channel holds now (an output channel cannot be read back). */
  text = '';
  private shown = false;
  private readonly subscription: vscode.Disposable;

  constructor(model: StatusModel) {
    this.subscription = model.onDidChange((view) => { if (this.shown) this.write(view); });
  }

  /** Writes the view and shows the channel without taking the focus. */
  show(view: StatusView): void {
    this.shown = true;
    this.write(view);
    this.channel.show(true);
  }

  private write(view: StatusView): void {
    if (view.kind === 'ready') this.text = statusReport(view.name, view.snapshot, view.project);
    else if (view.kind === 'error') this.text = `${sayError(view.error, '\n')}\n`;
    else return;
    this.channel.replace(this.text);
  }

  dispose(): void {
    this.subscription.dispose();
    this.channel.dispose();
  }
}

/** The migration a command is about: a tree node, a MigrationStatus or a name. */
function statusOf(ctx: Ctx, arg: unknown): MigrationStatus | undefined {
  const o = arg as { status?: MigrationStatus; name?: string } | string | undefined;
  const name = typeof o === 'string' ? o : o?.status?.name ?? o?.name;
  return ctx.status.snapshot?.migrations.find((m) => m.name === name) ?? (o && typeof o === 'object' ? o.status : undefined);
}

/** Writes the table and the problems to the "Migration Doctor: Status" output channel. */
async function showStatus(ctx: Ctx): Promise<void> {
  await ctx.status.refresh({ reloadFiles: true });
  const view = ctx.status.view;
  if (view.kind === 'none') {
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('No database connection: add a .env or a named connection.'), vscode.l10n.t('Configure Connection'));
    if (choice) await vscode.commands.executeCommand(CommandId.configureConnection);
    return;
  }
  if (view.kind === 'loading') return;
  ctx.statusOutput.show(view);
  if (view.kind === 'error') void vscode.window.showErrorMessage(sayError(view.error));
}

/** The migrate:status-style table, then each problem with its repair, then the counts. */
export function statusReport(name: string, snapshot: StatusSnapshot, project?: ProjectFacts): string {
  const c = snapshot.connection;
  const lines = [vscode.l10n.t('Connection {0}: {1}@{2}:{3}/{4}, table {5}', ...[name, c.user, c.host, String(c.port), c.database, snapshot.migrationsTable].map(visibleName))];
  if (project) lines.push(...projectLines(project));
  lines.push(renderStatusTable(snapshot.migrations, {
    ran: vscode.l10n.t('Ran?'), migration: vscode.l10n.t('Migration'), batch: vscode.l10n.t('Batch'), state: vscode.l10n.t('State'),
    yes: vscode.l10n.t('Yes'), no: vscode.l10n.t('No'),
  }, stateLabel).trimEnd());
  for (const m of snapshot.migrations) {
    for (const problem of m.problems) {
      const [message, repair] = problemText(problem);
      lines.push('', `${visibleName(m.name)} [${m.state}]`, `  ${message}`, ...(problem.differences ?? []).map((d) => `    - ${sayDifference(d)}`), `  ${repair}`);
    }
  }
  const { ran, broken, pending } = snapshot.counts;
  lines.push('', vscode.l10n.t('{0} ran · {1} broken · {2} pending', ran, broken, pending));
  return `${lines.join('\n')}\n`;
}

/** Which Laravel the expected structures follow and the packages' migration folders: the lines the CLI prints, in the user's language. */
function projectLines(project: ProjectFacts): string[] {
  const app = project.folders.at(-1);
  const folder = app === undefined ? undefined : vscode.workspace.getWorkspaceFolder(vscode.Uri.file(app));
  return describeProjectFacts(project, folder?.uri.fsPath).map(say);
}

export const statusCommands: Partial<Record<CommandId, CommandFactory>> = {
  [CommandId.showStatus]: (ctx) => () => showStatus(ctx),
  [CommandId.refresh]: (ctx) => () => ctx.status.refresh({ reloadFiles: true }),
  [CommandId.toggleGroupByBatch]: (ctx) => () => ctx.migrationsTree.toggleGroupByBatch(),
  [CommandId.revealProblems]: (ctx) => () => ctx.migrationsTree.revealFirstProblem(),
  [CommandId.openMigration]: (ctx) => async (arg?: unknown) => {
    const status = statusOf(ctx, arg);
    if (!status?.file) {
      void vscode.window.showWarningMessage(vscode.l10n.t('This migration has no file in the configured migration folders.'));
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(status.file.path), { preview: true });
  },
  [CommandId.copyMigrationName]: (ctx) => async (arg?: unknown) => {
    const status = statusOf(ctx, arg);
    if (!status) return;
    await vscode.env.clipboard.writeText(status.name);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', visibleName(status.name)), 3000);
  },
};
