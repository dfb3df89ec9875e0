// Every configured connection side by side in the Migrations view (migrationDoctor.showAllConnections):
// one node per environment with its summary, production ones marked, a connection with a
// database pattern listing its tenant databases with problems first, and the comparison of the
// core (src/core/status/compareEnvironments.ts): which migrations differ where, who is behind.
// Each environment is read on its own connection (through its SSH tunnel); when preflight is on,
// its pending migrations are then predicted on that same connection (reads only, so production
// too) after its status is shown, and the connection is closed after that. The active
// connection's node is the Migrations tree's status and preflight, not a second reading of the
// same database; after a save only that node follows at once, the others when the database is
// read again.
import * as vscode from 'vscode';
import { Config } from '../config';
import type { ConnectionOptions, Database } from '../core/db/database';
import type { DatabaseError } from '../core/db/errors';
import type { MigrationPrediction } from '../core/preflight/types';
import type { EnvironmentComparison, EnvironmentLag, MigrationDifference } from '../core/status/compareEnvironments';
import type { MigrationStatus, StatusSnapshot } from '../core/status/types';
import type { TenantStatus, TenantsSnapshot } from '../core/tenants/status';
import { CommandId, ContextKey } from '../commandIds';
import { coalesced } from './coalesce';
import { labelText } from './markdown';
import { visibleName } from '../core/messages/visible';
import type { ConnectionCandidate, Connections } from './connections';
import { internalFailure, type InternalFailure } from './internalError';
import { lazyCore } from './lazy';
import { sayError } from './messages';
import { problemText, stateLabel } from './migrationsTree';
import { appStrict, failureCountText, logPreflightFailure, predictPending, preflightWanted, withPrediction, type PreflightFeature, type Predictions } from './preflight';
import { editorLaravelTarget, statusNoAnswer, type StatusModel, type StatusView } from './statusModel';
import { TimeLimitExceeded, withinTimeLimit } from './timeLimit';

export const showAllConnectionsSetting = 'showAllConnections';

export type EnvironmentResult =
  | { readonly kind: 'status'; readonly candidate: ConnectionCandidate; readonly production: boolean; readonly snapshot: StatusSnapshot }
  | { readonly kind: 'tenants'; readonly candidate: ConnectionCandidate; readonly production: boolean; readonly tenants: TenantsSnapshot }
  | { readonly kind: 'error'; readonly candidate: ConnectionCandidate; readonly production: boolean; readonly error: DatabaseError | InternalFailure };

/** A line of the side-by-side view; built once per reading, so the tree gets the same objects back. */
export interface EnvironmentNode {
  readonly kind: 'environment';
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string | vscode.MarkdownString;
  readonly icon?: vscode.ThemeIcon;
  /** environment (production), comparison, difference, lag, tenant, healthyTenants, environmentMigration. */
  readonly contextValue: string;
  readonly expanded?: boolean;
  readonly children: EnvironmentNode[];
  parent?: EnvironmentNode;
  readonly migration?: MigrationStatus;
  /** Preflight's prediction for a pending migration, said after its state as in the active connection's tree. */
  readonly prediction?: MigrationPrediction;
}

/** One environment's status and, for a status, the connection it was read on (kept open for its preflight). */
interface Reading {
  readonly result: EnvironmentResult;
  readonly connection?: { readonly db: Database; readonly options: ConnectionOptions; close(): Promise<void> };
}

export class Environments implements vscode.Disposable {
  results: readonly EnvironmentResult[] = [];
  comparison: EnvironmentComparison | undefined;
  roots: EnvironmentNode[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly readAgain = coalesced(() => this.readAll());
  /** Set by refresh(): the next reading reads every environment, not only the active connection's status again. */
  private readEverything = true;
  /** Each environment's predictions by candidate id, shown only while made for the snapshot shown. */
  private readonly predicted = new Map<string, { readonly snapshot: StatusSnapshot; readonly predictions: Predictions }>();
  /** Bumped by every reading: the preflight of an older one publishes nothing. */
  private generation = 0;
  private predicting: Promise<void> = Promise.resolve();

  constructor(
    private readonly connections: Connections,
    private readonly model: StatusModel,
    private readonly preflight: PreflightFeature,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('migrationDoctor.preflight.enabled')) {
          if (this.shown) void this.refresh();
          return;
        }
        if (!e.affectsConfiguration(`migrationDoctor.${showAllConnectionsSetting}`)) return;
        void vscode.commands.executeCommand('setContext', ContextKey.showAllConnections, this.shown);
        if (this.shown) void this.refresh();
        else this.changed.fire();
      }),
      // The model reads again after a file, a setting, a password or the selection changed, and after a repair.
      model.onDidChange((view) => {
        if (!this.shown) return;
        // Only migration files changed: the active connection's node follows, the others wait for the database's next read.
        if (view.kind === 'ready' && view.snapshot !== view.databaseRead) void this.readAgain();
        else if (view.kind === 'ready' || view.kind === 'error' || view.kind === 'none') void this.refresh();
      }),
      // The active connection's predictions, made for the Migrations tree.
      preflight.onDidChange(() => {
        if (this.shown && this.results.length > 0) this.relabel();
      }),
    );
    void vscode.commands.executeCommand('setContext', ContextKey.showAllConnections, this.shown);
  }

  get shown(): boolean {
    return new Config(vscode.workspace.workspaceFolders?.[0]).showAllConnections;
  }

  /** Turns the side-by-side view on or off for this workspace. */
  async toggle(): Promise<void> {
    const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('migrationDoctor').update(showAllConnectionsSetting, !this.shown, target);
  }

  /**
   * Reads every environment again; resolves when the nodes show the statuses at the time of the
   * call (their predictions follow: `settled()`).
   */
  refresh(): Promise<void> {
    this.readEverything = true;
    return this.readAgain();
  }

  /** Resolves once the preflight of the latest reading (and the active connection's) has been published (or skipped). */
  async settled(): Promise<void> {
    // A reading that starts meanwhile starts other predictions: wait for those too.
    for (let seen: Promise<void> | undefined; seen !== this.predicting;) await (seen = this.predicting);
    await this.preflight.settled();
  }

  /** The labels again, from the last reading and the predictions made for it. */
  relabel(): void {
    this.roots = this.build();
    this.changed.fire();
  }

  private async readAll(): Promise<void> {
    const everything = this.readEverything || this.results.length === 0;
    this.readEverything = false;
    const candidates = await this.connections.candidates();
    const generation = everything ? ++this.generation : this.generation;
    const view = this.model.view;
    const readings = await Promise.all(candidates.map(async (candidate): Promise<Reading> => {
      const active = await this.activeReading(candidate, view);
      const kept = everything ? undefined : this.results.find((r) => r.candidate.id === candidate.id);
      return active ?? (kept ? { result: kept } : this.readOne(candidate));
    }));
    this.results = readings.map((r) => r.result);
    const shown = new Set(this.results.map((r) => (r.kind === 'status' ? r.snapshot : undefined)));
    for (const [id, made] of this.predicted) if (!shown.has(made.snapshot)) this.predicted.delete(id);
    const { compareEnvironments } = await lazyCore();
    const read = this.results.filter((r): r is Extract<EnvironmentResult, { kind: 'status' }> => r.kind === 'status');
    this.comparison = compareEnvironments(read.map((r) => ({ name: r.candidate.name, production: r.production, migrations: r.snapshot.migrations })));
    this.relabel();
    // After the statuses are shown, never before: preflight reads the tables' rows and can take seconds.
    this.predicting = Promise.all(readings.map((r) => this.predict(r, generation))).then(() => undefined);
  }

  /**
   * The active connection's status as the Migrations tree shows it, when `candidate` is that
   * connection (not a pattern of tenant databases) and its status is read: its predictions are
   * the tree's too (`predictionsFor`).
   */
  private async activeReading(candidate: ConnectionCandidate, view: StatusView): Promise<Reading | undefined> {
    if (view.kind !== 'ready' || view.id !== candidate.id || candidate.setting?.databases !== undefined) return undefined;
    const options = (await this.connections.active().catch(() => undefined))?.options;
    if (options?.name !== candidate.name) return undefined;
    return { result: { kind: 'status', candidate, production: options.production, snapshot: view.snapshot } };
  }

  /**
   * One environment on its own connection (and tunnel). A status hands its open connection over
   * for preflight (`predict` closes it); otherwise both are closed whatever happens.
   */
  private async readOne(candidate: ConnectionCandidate): Promise<Reading> {
    const core = await lazyCore();
    let production = candidate.setting?.production ?? false;
    try {
      const opened = await this.connections.open(candidate);
      production = opened.options.production;
      let db: Database | undefined;
      let handedOver = false;
      try {
        const input = await this.model.inputFor(candidate.folder, opened.options.tablePrefix);
        const open = await core.openDatabase(opened.options).catch((error: unknown) => Promise.reject(opened.explain(error)));
        db = open;
        const pattern = candidate.setting?.databases;
        // The connection is closed below (dropped if the server never answers QUIT either).
        const seconds = new Config(candidate.folder).statusTimeoutSeconds;
        if (pattern !== undefined) return { result: { kind: 'tenants', candidate, production, tenants: await withinTimeLimit(core.takeTenantsSnapshot(open, pattern, input, opened.options), seconds) } };
        const result: EnvironmentResult = { kind: 'status', candidate, production, snapshot: await withinTimeLimit(core.takeSnapshot(open, input), seconds) };
        handedOver = true;
        return { result, connection: { db: open, options: opened.options, close: () => open.close().finally(() => opened.close()) } };
      } catch (error) {
        throw error instanceof TimeLimitExceeded ? statusNoAnswer(core.DatabaseError, opened.options, error) : opened.explain(error);
      } finally {
        if (!handedOver) await (db?.close() ?? Promise.resolve()).finally(() => opened.close());
      }
    } catch (error) {
      const classified = error instanceof core.DatabaseError ? error : internalFailure(error, this.log, `the status of ${candidate.name}`);
      if (classified.kind !== 'internal') this.log.warn(`status of ${visibleName(candidate.name)}: ${visibleName(classified.message)}`);
      return { result: { kind: 'error', candidate, production, error: classified } };
    }
  }

  /**
   * The environment's pending migrations predicted on the connection its status was read on, by
   * the active connection's preflight; its own failure is logged and its predictions withdrawn,
   * the status staying as it is. Never rejects.
   */
  private async predict({ result, connection }: Reading, generation: number): Promise<void> {
    if (!connection || result.kind !== 'status') return;
    const { candidate, snapshot } = result;
    try {
      if (!preflightWanted(snapshot, candidate.folder)) return;
      const [core, laravel, strict] = await Promise.all([lazyCore(), editorLaravelTarget(candidate.folder.uri.fsPath, new Config(candidate.folder)), appStrict(candidate.folder)]);
      const target = { name: candidate.name, tablePrefix: connection.options.tablePrefix, laravel, strict };
      const predictions = await predictPending(connection.db, snapshot, target, this.log);
      if (generation !== this.generation) return;
      this.predicted.set(candidate.id, { snapshot, predictions });
      this.relabel();
    } catch (error) {
      await logPreflightFailure(error, connection.options, this.log, candidate.name).catch(() => undefined);
      if (generation === this.generation && this.predicted.delete(candidate.id)) this.relabel();
    } finally {
      await connection.close().catch((error: unknown) => this.log.warn(`closing the connection of ${visibleName(candidate.name)}: ${visibleName(String(error))}`));
    }
  }

  /** The predictions made for the status shown, if any: the active connection's are the Migrations tree's. */
  private predictionsFor(result: Extract<EnvironmentResult, { kind: 'status' }>): Predictions | undefined {
    const made = this.predicted.get(result.candidate.id);
    return made?.snapshot === result.snapshot ? made.predictions : this.preflight.predictionsOf(result.snapshot);
  }

  private build(): EnvironmentNode[] {
    const roots = this.results.map((result) => this.environmentNode(result));
    const comparison = this.comparison && comparisonNode(this.comparison, this.results.filter((r) => r.kind === 'status').length);
    if (comparison) roots.push(comparison);
    for (const root of roots) adopt(root);
    return roots;
  }

  private environmentNode(result: EnvironmentResult): EnvironmentNode {
    const { candidate, production } = result;
    const id = `environment:${candidate.id}`;
    const marks = production ? [vscode.l10n.t('production')] : [];
    const productionNote = production ? `\n\n${vscode.l10n.t('A production connection: repairs require typing the database name to confirm.')}` : '';
    const contextValue = production ? 'environment production' : 'environment';
    if (result.kind === 'error') {
      return {
        kind: 'environment', id, label: candidate.name, contextValue,
        description: [...marks, vscode.l10n.t('not connected')].join(' · '),
        tooltip: `${sayError(result.error, '\n')}${productionNote}`,
        icon: new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor(production ? 'errorForeground' : 'editorWarning.foreground')),
        children: [],
      };
    }
    if (result.kind === 'tenants') return tenantsNode(result.tenants, { id, label: candidate.name, marks, contextValue, productionNote, production });
    const { counts } = result.snapshot;
    const predictions = this.predictionsFor(result);
    const failures = predictions?.failures ?? 0;
    const summary = [...marks, summaryText(counts), failureCountText(failures)].filter((part) => part !== undefined);
    // Its problems and the pending migrations predicted to fail, in Laravel's order.
    const failing = (m: MigrationStatus) => predictions?.byName.get(m.name)?.prediction === 'fails';
    const listed = result.snapshot.migrations.filter((m) => m.problems.length > 0 || failing(m));
    return {
      kind: 'environment', id, label: candidate.name, contextValue,
      description: summary.join(' · '),
      tooltip: `${describeWhere(result.snapshot)}${productionNote}`,
      icon: healthIcon(counts.broken > 0 || failures > 0, production),
      expanded: listed.length > 0,
      children: listed.map((m) => migrationNode(`${id}:${m.name}`, m, failing(m) ? predictions!.byName.get(m.name) : undefined)),
    };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Sets each child's parent (getParent, reveal). */
function adopt(node: EnvironmentNode): void {
  for (const child of node.children) {
    child.parent = node;
    adopt(child);
  }
}

function summaryText(counts: { ran: number; broken: number; pending: number }): string {
  return vscode.l10n.t('{0} ran · {1} broken · {2} pending', counts.ran, counts.broken, counts.pending);
}

function describeWhere(snapshot: StatusSnapshot): string {
  const c = snapshot.connection;
  return visibleName(`${c.user}@${c.host}:${c.port}/${c.database}`);
}

/** Red when something is wrong (and on production, a flame rather than a cross); green otherwise. */
function healthIcon(problem: boolean, production: boolean): vscode.ThemeIcon {
  if (problem) return new vscode.ThemeIcon(production ? 'flame' : 'error', new vscode.ThemeColor('errorForeground'));
  return new vscode.ThemeIcon(production ? 'shield' : 'pass', new vscode.ThemeColor('testing.iconPassed'));
}

function migrationNode(id: string, m: MigrationStatus, prediction?: MigrationPrediction): EnvironmentNode {
  const bad = m.problems.length > 0 || prediction !== undefined;
  return {
    kind: 'environment', id, label: m.name, contextValue: 'environmentMigration',
    description: stateLabel(m.state),
    tooltip: m.problems.map((p) => problemText(p).join(' ')).join('\n\n'),
    icon: new vscode.ThemeIcon(bad ? 'error' : 'pass', new vscode.ThemeColor(bad ? 'errorForeground' : 'testing.iconPassed')),
    children: [],
    migration: m,
    ...(prediction ? { prediction } : {}),
  };
}

/** The tenant databases with problems first (each with its problem migrations), the healthy ones in one collapsed node after. */
function tenantsNode(
  snapshot: TenantsSnapshot,
  at: { id: string; label: string; marks: string[]; contextValue: string; productionNote: string; production: boolean },
): EnvironmentNode {
  const failing: TenantStatus[] = [];
  const healthy: TenantStatus[] = [];
  for (const tenant of snapshot.databases) (tenant.problem !== undefined || tenant.counts.broken > 0 ? failing : healthy).push(tenant);
  const tenantNode = (tenant: TenantStatus): EnvironmentNode => {
    const id = `${at.id}:${tenant.database}`;
    const problems = tenant.migrations.filter((m) => m.problems.length > 0);
    const bad = tenant.problem !== undefined || tenant.counts.broken > 0;
    return {
      kind: 'environment', id, label: tenant.database, contextValue: 'tenant',
      description: tenant.problem !== undefined ? vscode.l10n.t('not checked') : summaryText(tenant.counts),
      // The core's sentences, in the user's language: they name the migrations table that was read
      // (the one config/database.php names, with the prefix) and say whether it is missing or unreadable.
      tooltip: tenant.error === undefined ? undefined : sayError(tenant.error),
      icon: new vscode.ThemeIcon(bad ? 'error' : 'pass', new vscode.ThemeColor(bad ? 'errorForeground' : 'testing.iconPassed')),
      children: problems.map((m) => migrationNode(`${id}:${m.name}`, m)),
    };
  };
  const children = failing.map(tenantNode);
  if (healthy.length > 0) {
    children.push({
      kind: 'environment', id: `${at.id}:healthy`, contextValue: 'healthyTenants',
      label: healthy.length === 1 ? vscode.l10n.t('1 database without problems') : vscode.l10n.t('{0} databases without problems', healthy.length),
      icon: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
      expanded: false,
      children: healthy.map(tenantNode),
    });
  }
  const total = snapshot.databases.length;
  const pattern = visibleName(snapshot.pattern);
  const summary = total === 0 ? vscode.l10n.t('no database matches {0}', pattern)
    : total === 1 ? vscode.l10n.t('{0}: {1} of 1 database with problems', pattern, failing.length)
    : failing.length === 1 ? vscode.l10n.t('{0}: 1 of {1} databases with problems', pattern, total)
      : vscode.l10n.t('{0}: {1} of {2} databases with problems', pattern, failing.length, total);
  return {
    kind: 'environment', id: at.id, label: at.label, contextValue: at.contextValue,
    description: [...at.marks, summary].join(' · '),
    tooltip: `${summary}${at.productionNote}`,
    icon: healthIcon(failing.length > 0, at.production),
    expanded: failing.length > 0,
    children,
  };
}

function comparisonNode(comparison: EnvironmentComparison, read: number): EnvironmentNode | undefined {
  if (read < 2) return undefined;
  const children = [...comparison.differences.map(differenceNode), ...comparison.lags.flatMap(lagNodes)];
  if (children.length === 0) {
    children.push({ kind: 'environment', id: 'comparison:same', label: vscode.l10n.t('Every environment is in the same state'), contextValue: 'sameState', icon: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')), children: [] });
  }
  return {
    kind: 'environment', id: 'comparison', label: vscode.l10n.t('Differences between environments'), contextValue: 'comparison',
    icon: new vscode.ThemeIcon('diff'), expanded: true, children,
  };
}

/** `2025_09_23_011532_…: pre-production: ran, table missing; production: fine`. */
function differenceNode(difference: MigrationDifference): EnvironmentNode {
  const states = difference.states.map(({ environment, state }) => vscode.l10n.t('{0}: {1}', visibleName(environment), state === undefined ? vscode.l10n.t('absent') : state === 'ran' ? vscode.l10n.t('fine') : stateLabel(state)));
  return {
    kind: 'environment', id: `comparison:${difference.migration}`, label: difference.migration, contextValue: 'difference',
    description: states.join('; '), tooltip: states.join('\n'),
    icon: new vscode.ThemeIcon('diff', new vscode.ThemeColor('charts.orange')), children: [],
  };
}

/** `staging is 3 migrations behind production`, and what it has that the reference has not. */
function lagNodes(lag: EnvironmentLag): EnvironmentNode[] {
  const [e, r] = [lag.environment, lag.reference].map(visibleName);
  const sides = [
    {
      side: 'behind', names: lag.behind, icon: 'arrow-down',
      label: (n: number) => (n === 1 ? vscode.l10n.t('{0} is 1 migration behind {1}', e, r) : vscode.l10n.t('{0} is {1} migrations behind {2}', e, n, r)),
    },
    {
      side: 'ahead', names: lag.ahead, icon: 'arrow-up',
      label: (n: number) => (n === 1 ? vscode.l10n.t('{0} has recorded 1 migration that {1} has not', e, r) : vscode.l10n.t('{0} has recorded {1} migrations that {2} has not', e, n, r)),
    },
  ];
  return sides.filter(({ names }) => names.length > 0).map(({ side, names, icon, label }) => ({
    kind: 'environment', id: `comparison:${side}:${lag.environment}`, contextValue: 'lag',
    label: label(names.length), tooltip: names.map(visibleName).join('\n'), icon: new vscode.ThemeIcon(icon), children: [],
  }));
}

/** The tree item of a node of the side-by-side view. */
export function environmentItem(node: EnvironmentNode): vscode.TreeItem {
  const collapsible = node.children.length === 0 ? vscode.TreeItemCollapsibleState.None
    : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  // Names of connections, databases and migrations: on one line, no icon of their own.
  const item = new vscode.TreeItem(labelText(node.label), collapsible);
  item.id = node.id;
  item.description = node.description === undefined ? undefined : labelText(node.description);
  item.tooltip = node.tooltip;
  item.iconPath = node.icon;
  item.contextValue = node.contextValue;
  if (node.migration?.file) item.command = { command: CommandId.openMigration, title: vscode.l10n.t('Open Migration File'), arguments: [{ status: node.migration }] };
  if (!node.prediction) return item;
  // A tooltip of its own each time: withPrediction appends to it.
  item.tooltip = new vscode.MarkdownString(undefined, true);
  if (node.tooltip) item.tooltip.appendText(String(node.tooltip)).appendMarkdown('\n\n');
  return withPrediction(item, node.prediction);
}
