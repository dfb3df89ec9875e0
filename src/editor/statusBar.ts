// `$(database) preprod · 1 broken · 1 pending`; a click focuses the first problem in the Migrations view.
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { migrationStates } from '../core/status/types';
import { stateLabel } from './migrationsTree';
import { failureCountText, type PreflightFeature } from './preflight';
import type { StatusModel, StatusView } from './statusModel';
import { connectionHeading, labelText } from './markdown';
import { visibleName } from '../core/messages/visible';
import { sayError } from './messages';

export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(model: StatusModel, private readonly preflight?: PreflightFeature) {
    this.item = vscode.window.createStatusBarItem('migrationDoctor.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = vscode.l10n.t('Migration Doctor');
    this.item.command = { command: CommandId.revealProblems, title: vscode.l10n.t('Show Migrations') };
    this.subscription = vscode.Disposable.from(
      model.onDidChange((view) => this.update(view)),
      ...(preflight ? [preflight.onDidChange(() => this.update(model.view))] : []),
    );
    this.update(model.view);
  }

  private update(view: StatusView): void {
    const item = this.item;
    item.backgroundColor = undefined;
    switch (view.kind) {
      case 'none':
        item.hide();
        return;
      case 'loading':
        item.text = `$(sync~spin) ${labelText(view.name ?? '')}`;
        item.tooltip = vscode.l10n.t('Reading the status of {0}…', visibleName(view.name ?? ''));
        break;
      case 'error':
        item.text = `$(database) ${labelText(view.name ?? '')} · ${vscode.l10n.t('not connected')}`;
        item.tooltip = sayError(view.error, '\n');
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'ready': {
        const { counts } = view.snapshot;
        const parts = [labelText(view.name)];
        if (counts.broken > 0) parts.push(vscode.l10n.t('{0} broken', counts.broken));
        if (counts.pending > 0) parts.push(vscode.l10n.t('{0} pending', counts.pending));
        const predicted = failureCountText(this.preflight?.failures ?? 0);
        if (predicted) parts.push(predicted);
        if (counts.broken === 0 && counts.pending === 0) parts.push(vscode.l10n.t('up to date'));
        item.text = `$(database) ${parts.join(' · ')}`;
        const md = new vscode.MarkdownString(`${connectionHeading(view.snapshot.connection)}\n\n`);
        for (const state of migrationStates) {
          if (counts.byState[state] > 0) md.appendMarkdown(`- ${stateLabel(state)}: ${counts.byState[state]}\n`);
        }
        // Not a state: a table that cannot be checked is neither healthy nor broken.
        const unchecked = view.snapshot.migrations.reduce((sum, m) => sum + (m.unchecked?.length ?? 0), 0);
        if (unchecked > 0) {
          md.appendMarkdown(`\n${unchecked === 1 ? vscode.l10n.t('1 table cannot be checked: the Migrations view\'s tooltips say why.') : vscode.l10n.t('{0} tables cannot be checked: the Migrations view\'s tooltips say why.', unchecked)}\n`);
        }
        item.tooltip = md;
        if (counts.broken > 0) item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        else if (predicted) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
    }
    item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
