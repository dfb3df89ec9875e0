// The Migrations view: problems first, then pending, then each batch (latest first); or, with
// "group by batch", every migration in its batch. Nodes carry the contextValue tokens the
// menus of package.json test: migration, hasFile, repairable, notRecorded.
import * as vscode from 'vscode';
import { CommandId, ContextKey, ViewId } from '../commandIds';
import type { MigrationState, MigrationStatus, StatusProblem, UncheckedTable } from '../core/status/types';
import { isProblemState, isRecordedState } from '../core/status/types';
import type { StatusModel, StatusView } from './statusModel';
import { say, sayDifference, sayError } from './messages';
import { labelText, markdownText as escape } from './markdown';
import { environmentItem, type EnvironmentNode, type Environments } from './environments';
import { withPrediction, type PreflightFeature } from './preflight';

export type MigrationsNode =
  | { readonly kind: 'group'; readonly id: string; readonly label: string; readonly migrations: readonly MigrationStatus[]; readonly problems: boolean }
  | { readonly kind: 'migration'; readonly status: MigrationStatus; readonly group: string }
  /** The side-by-side view of every connection (environments.ts). */
  | EnvironmentNode;

const groupByBatchKey = 'migrationDoctor.groupByBatch';
/**
 * The items' resourceUri: decorated by this extension from the status alone (a `file:` URI would
 * take the Problems colour of an unsaved buffer's diagnostics).
 */
export const stateScheme = 'migration-doctor-state';

/** Icon and colour per state: ThemeIcon ids and theme colour ids. */
const stateIcons: Record<MigrationState, [string, string]> = {
  ran: ['pass', 'testing.iconPassed'],
  pending: ['circle-large-outline', 'charts.yellow'],
  'ran-table-missing': ['error', 'errorForeground'],
  'pending-table-exists': ['warning', 'editorWarning.foreground'],
  'orphan-record': ['question', 'charts.orange'],
  'schema-drift': ['diff', 'charts.purple'],
};

export function stateLabel(state: MigrationState): string {
  switch (state) {
    case 'ran': return vscode.l10n.t('ran');
    case 'pending': return vscode.l10n.t('pending');
    case 'ran-table-missing': return vscode.l10n.t('ran, table missing');
    case 'pending-table-exists': return vscode.l10n.t('pending, table exists');
    case 'orphan-record': return vscode.l10n.t('no file');
    case 'schema-drift': return vscode.l10n.t('schema drift');
  }
}

export function contextValueOf(status: MigrationStatus): string {
  const tokens = ['migration'];
  if (status.file) tokens.push('hasFile');
  if (status.problems.some((p) => p.repairs.length > 0)) tokens.push('repairable');
  if (!isRecordedState(status.state)) tokens.push('notRecorded');
  return tokens.join(' ');
}

export class MigrationsTree implements vscode.TreeDataProvider<MigrationsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<MigrationsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<MigrationsNode>;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** The nodes of the current snapshot, the same objects on every call: reveal() finds them by identity. */
  private nodes: { roots: MigrationsNode[]; groups: Map<string, MigrationsNode>; children: Map<string, MigrationsNode[]>; parents: Map<MigrationsNode, MigrationsNode> } | undefined;

  constructor(private readonly model: StatusModel, private readonly workspaceState: vscode.Memento, private readonly preflight?: PreflightFeature, private readonly environments?: Environments) {
    this.view = vscode.window.createTreeView(ViewId.migrations, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view, model.onDidChange((view) => this.update(view)), vscode.window.registerFileDecorationProvider(new StateDecorations()));
    // Predictions arrive after the status they are made for: the same nodes, new items.
    if (preflight) this.disposables.push(preflight.onDidChange(() => this.changed.fire(undefined)));
    if (environments) this.disposables.push(environments.onDidChange(() => this.update(model.view)));
    void vscode.commands.executeCommand('setContext', ContextKey.groupByBatch, this.groupByBatch);
    this.update(model.view);
  }

  get groupByBatch(): boolean {
    return this.workspaceState.get<boolean>(groupByBatchKey, false);
  }

  async toggleGroupByBatch(): Promise<void> {
    await this.workspaceState.update(groupByBatchKey, !this.groupByBatch);
    await vscode.commands.executeCommand('setContext', ContextKey.groupByBatch, this.groupByBatch);
    this.nodes = undefined;
    this.changed.fire(undefined);
  }

  /** The status bar's click: the view, focused on its first problem (or on the view when there is none). */
  async revealFirstProblem(): Promise<void> {
    const problems = this.getChildren().find((n) => n.kind === 'group' && n.problems);
    const first = problems && this.getChildren(problems)[0];
    if (first) await this.view.reveal(first, { select: true, focus: true, expand: true });
    else await vscode.commands.executeCommand(`${ViewId.migrations}.focus`);
  }

  private update(view: StatusView): void {
    this.view.message =
      view.kind === 'error' ? sayError(view.error)
        : view.kind === 'loading' ? vscode.l10n.t('Reading the status of {0}…', labelText(view.name ?? ''))
          : undefined;
    this.view.description = view.kind === 'ready' || view.kind === 'error' || view.kind === 'loading' ? labelText(view.name ?? '') : undefined;
    if (this.environments?.shown) [this.view.message, this.view.description] = [undefined, vscode.l10n.t('all connections')];
    this.nodes = undefined;
    this.changed.fire(undefined);
  }

  getChildren(node?: MigrationsNode): MigrationsNode[] {
    if (this.environments?.shown) return node?.kind === 'environment' ? node.children : node ? [] : this.environments.roots;
    const snapshot = this.model.snapshot;
    if (!snapshot) return [];
    if (!this.nodes) {
      const roots = this.groups(snapshot.migrations);
      this.nodes = { roots, groups: new Map(roots.flatMap((root) => (root.kind === 'group' ? [[root.id, root] as const] : []))), children: new Map(), parents: new Map() };
    }
    if (!node) return this.nodes.roots;
    if (node.kind !== 'group') return [];
    // VS Code may still ask for the children of a group it got before the last change (a request
    // already under way when the tree was told to refresh): answer with the current group of that
    // id, never cache the old group's migrations under it.
    const group = this.nodes.groups.get(node.id);
    if (group?.kind !== 'group') return [];
    let children = this.nodes.children.get(group.id);
    if (!children) {
      children = group.migrations.map((status) => ({ kind: 'migration', status, group: group.id }));
      this.nodes.children.set(group.id, children);
      for (const child of children) this.nodes.parents.set(child, group);
    }
    return children;
  }

  getParent(node: MigrationsNode): MigrationsNode | undefined {
    if (node.kind === 'environment') return node.parent;
    return this.nodes?.parents.get(node);
  }

  /** Problems first (unless grouping by batch only), then pending, then batches, latest first. */
  groups(migrations: readonly MigrationStatus[]): MigrationsNode[] {
    const groups: MigrationsNode[] = [];
    const problemsFirst = !this.groupByBatch;
    // One pass: 10,000 migrations in hundreds of batches are not scanned once per batch.
    const problems: MigrationStatus[] = [];
    const pending: MigrationStatus[] = [];
    const byBatch = new Map<number, MigrationStatus[]>();
    for (const m of migrations) {
      if (problemsFirst && isProblemState(m.state)) problems.push(m);
      else if (m.batch === null) pending.push(m);
      else {
        const list = byBatch.get(m.batch);
        if (list) list.push(m);
        else byBatch.set(m.batch, [m]);
      }
    }
    if (problems.length > 0) groups.push({ kind: 'group', id: 'problems', label: vscode.l10n.t('Problems'), migrations: problems, problems: true });
    if (pending.length > 0) groups.push({ kind: 'group', id: 'pending', label: vscode.l10n.t('Pending'), migrations: pending, problems: false });
    for (const batch of [...byBatch.keys()].sort((a, b) => b - a)) {
      groups.push({ kind: 'group', id: `batch-${batch}`, label: vscode.l10n.t('Batch {0}', batch), migrations: byBatch.get(batch)!, problems: false });
    }
    return groups;
  }

  getTreeItem(node: MigrationsNode): vscode.TreeItem {
    if (node.kind === 'environment') return environmentItem(node);
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, node.problems || node.id === 'pending' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `group:${node.id}`;
      // A description, not part of the label: "Batch 1 4" read as "Batch 14".
      item.description = node.migrations.length === 1 ? vscode.l10n.t('1 migration') : vscode.l10n.t('{0} migrations', node.migrations.length);
      item.contextValue = 'group';
      if (node.problems) item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      return item;
    }
    const { status } = node;
    const item = new vscode.TreeItem(labelText(status.name), vscode.TreeItemCollapsibleState.None);
    item.id = `${node.group}:${status.name}`;
    const [icon, color] = stateIcons[status.state];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    // The state first: a narrow sidebar cuts the end of the line (the badge and colour stay).
    item.description = status.batch !== null
      ? vscode.l10n.t('{0} · batch {1}', stateLabel(status.state), status.batch)
      : stateLabel(status.state);
    item.tooltip = tooltipOf(status);
    item.contextValue = contextValueOf(status);
    item.resourceUri = vscode.Uri.from({ scheme: stateScheme, path: `/${status.name}`, query: status.state });
    if (status.file) {
      item.command = { command: CommandId.openMigration, title: vscode.l10n.t('Open Migration File'), arguments: [node] };
    }
    return withPrediction(item, this.preflight?.prediction(status.name));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** A badge and a colour per state on the tree's items, at the line's end where truncation does not reach. */
class StateDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== stateScheme) return undefined;
    const state = uri.query as MigrationState;
    if (!(state in stateIcons) || state === 'ran') return undefined;
    const decoration = new vscode.FileDecoration(isProblemState(state) ? '!' : '•', stateLabel(state), new vscode.ThemeColor(stateIcons[state][1]));
    decoration.propagate = false;
    return decoration;
  }
}

/** What is wrong and which repair fixes it. */
export function tooltipOf(status: MigrationStatus): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(status.name)}**\n\n`);
  md.appendMarkdown(`$(${stateIcons[status.state][0]}) ${escape(stateLabel(status.state))}`);
  md.appendMarkdown(status.batch !== null ? ` · ${escape(vscode.l10n.t('batch {0}', status.batch))}\n\n` : '\n\n');
  if (status.tables.length > 0) md.appendMarkdown(`${escape(vscode.l10n.t('Creates: {0}', status.tables.join(', ')))}\n\n`);
  for (const problem of status.problems) {
    const [message, repair] = problemText(problem);
    md.appendMarkdown(`${escape(message)}\n\n`);
    for (const d of (problem.differences ?? []).slice(0, 8)) md.appendMarkdown(`- ${escape(sayDifference(d))}\n`);
    if ((problem.differences ?? []).length > 0) md.appendMarkdown('\n');
    md.appendMarkdown(`*${escape(repair)}*\n\n`);
  }
  for (const unchecked of status.unchecked ?? []) md.appendMarkdown(`$(question) ${escape(uncheckedText(unchecked))}\n\n`);
  return md;
}

/** A table the status cannot check and why, in the user's language: named, or only written as an expression the analysis cannot read. */
export function uncheckedText(unchecked: UncheckedTable): string {
  const reason = unchecked.said ? say(unchecked.said) : unchecked.reason;
  return unchecked.table !== undefined
    ? vscode.l10n.t('Cannot check {0}: {1}', unchecked.table, reason)
    : vscode.l10n.t('Cannot check a table of this migration: {0}', reason);
}

/** The problem and its repair in the user's language. */
export function problemText(problem: StatusProblem): [message: string, repair: string] {
  return [say(problem.said.message), say(problem.said.repairHint)];
}
