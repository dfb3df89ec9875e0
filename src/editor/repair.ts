// The editor's side of repair: plan, preview (read-only SQL), pick steps, confirm (typing the
// database name on production), back up, apply, verify, restore. A thin adapter over
// src/core/repair; every string through vscode.l10n.t.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId, ContextKey, diagnosticSource } from '../commandIds';
import { Config } from '../config';
import { laravelMigrationName } from '../core/analysis/naming';
import type { ConnectionOptions } from '../core/db/database';
import type { RehearsalOutcome } from '../core/repair/rehearse';
import type { InterruptedRun, RunOutcome } from '../core/repair/run';
import { message } from '../core/messages/catalog';
import type { RepairInputs } from '../core/repair/session';
import type { PendingChoice, PlanOptions, RepairPlan, RepairStep } from '../core/repair/types';
import { isProblemState, type MigrationState, type StatusSnapshot } from '../core/status/types';
import type { Connections } from './connections';
import { showInternalError } from './internalError';
import { lazyCore } from './lazy';
import { appStrict } from './preflight';
import { editorDrizzleTables, editorProjectFacts, type StatusModel } from './statusModel';
import { say, sayError } from './messages';
import { labelText } from './markdown';
import { visibleName } from '../core/messages/visible';
import { missingFolders, withMissingFolders } from './migrationFolders';

/** What repair needs from the rest of the extension. */
export interface RepairEnvironment {
  readonly log: vscode.LogOutputChannel;
  /**
   * The active connection with its password and its own workspace folder (migrations, settings,
   * backups all come from there); undefined when there is none (the user was told).
   */
  activeConnection(): Promise<ActiveConnection | undefined>;
  /** The active connection's name without asking for anything; undefined when not connected. */
  activeConnectionName(): string | undefined;
  /** Re-reads the status (tree, status bar) after a change. */
  refresh(): Promise<void> | void;
  /** The state of a migration in the active connection's latest status; undefined while it is not known. */
  migrationState(name: string): MigrationState | undefined;
}

export interface ActiveConnection {
  readonly options: ConnectionOptions;
  readonly folder: vscode.WorkspaceFolder;
}

/** The environment over the extension's connections and status model. */
export function repairEnvironment(log: vscode.LogOutputChannel, connections: Connections, status: StatusModel): RepairEnvironment {
  return {
    log,
    async activeConnection() {
      const active = await connections.active();
      if (!active) {
        const configure = vscode.l10n.t('Configure Connection');
        const picked = await vscode.window.showWarningMessage(vscode.l10n.t('No database connection: configure one (or a .env with DB_CONNECTION=mysql) to repair migrations.'), configure);
        if (picked === configure) await vscode.commands.executeCommand(CommandId.configureConnection);
      }
      return active;
    },
    activeConnectionName: () => connections.activeName(),
    refresh: () => status.refresh(),
    migrationState(name) {
      const view = status.view;
      return view.kind === 'ready' ? view.snapshot.migrations.find((m) => m.name === name)?.state : undefined;
    },
  };
}

export const planScheme = 'migration-doctor-plan';

/**
 * Plan previews as documents of a read-only file system: the editor refuses to edit them, and
 * the `.sql` name gives SQL highlighting. The texts live in memory for the session.
 */
export class PlanDocuments implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly texts = new Map<string, { data: Uint8Array; mtime: number }>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private counter = 0;

  constructor(readonly scheme = planScheme) {}

  async show(title: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${++this.counter}/${title.replace(/[^\w.-]+/g, '-')}.sql` });
    this.texts.set(uri.path, { data: new TextEncoder().encode(text), mtime: Date.now() });
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'sql') await vscode.languages.setTextDocumentLanguage(document, 'sql');
    return vscode.window.showTextDocument(document, { preview: true, preserveFocus: false });
  }

  /** Replaces a preview's text: the open editor reloads it (a preview must not outlive what it describes). */
  update(uri: vscode.Uri, text: string): void {
    if (!this.texts.has(uri.path)) return;
    this.texts.set(uri.path, { data: new TextEncoder().encode(text), mtime: Date.now() });
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /** After a repair: every other preview is headed by `note` (their plans were made before it). */
  outdateAllBut(uri: vscode.Uri, note: string): void {
    const decoder = new TextDecoder();
    for (const [p, file] of this.texts) {
      const text = decoder.decode(file.data);
      if (p === uri.path || text.startsWith(note)) continue;
      this.update(uri.with({ path: p }), `${note}\n${text}`);
    }
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.texts.get(uri.path);
    if (file) return { type: vscode.FileType.File, ctime: file.mtime, mtime: file.mtime, size: file.data.byteLength, permissions: vscode.FilePermission.Readonly };
    if ([...this.texts.keys()].some((p) => p.startsWith(`${uri.path.replace(/\/$/, '')}/`))) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.texts.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file.data;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

/** The migration name from a tree node, a string, a file URI, or nothing. */
export function migrationNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return laravelMigrationName(arg);
  if (arg instanceof vscode.Uri) return laravelMigrationName(path.basename(arg.fsPath));
  if (arg && typeof arg === 'object') {
    const o = arg as { name?: unknown; migration?: unknown; status?: unknown };
    if (typeof o.name === 'string') return o.name;
    if (typeof o.migration === 'string') return o.migration;
    if (o.migration && typeof o.migration === 'object') return migrationNameOf(o.migration);
    if (o.status && typeof o.status === 'object') return migrationNameOf(o.status);
  }
  return undefined;
}

/** The connection's own folder's migrations: in a multi-root workspace another folder's would make its rows look orphaned. */
async function inputsFor({ options, folder }: ActiveConnection, log: vscode.LogOutputChannel): Promise<RepairInputs> {
  const config = new Config(folder);
  const folders = config.migrationPaths.map((p) => path.resolve(folder.uri.fsPath, p));
  const { laravelTargetOf, loadRepairInputs, withUnknownFolders } = await lazyCore();
  // The same expected structures as the status view: the workspace's Drizzle schema in a trusted workspace.
  const drizzle = await editorDrizzleTables(folder.uri.fsPath, config, (problem) => log.warn(`repair: ${visibleName(problem)}`));
  const project = await editorProjectFacts(folder.uri.fsPath, config, folders);
  const inputs = await loadRepairInputs(project.folders, { tablePrefix: options.tablePrefix, laravel: laravelTargetOf(project.laravel) }, drizzle, project.models);
  return { ...inputs, status: withMissingFolders(withUnknownFolders(inputs.status, project), await missingFolders(project.folders)) };
}

function backupDirectory(folder: vscode.WorkspaceFolder): string {
  return path.resolve(folder.uri.fsPath, new Config(folder).backupDirectory);
}

/** The questions the flow asks; VS Code's own dialogs, replaceable by the editor tests (a modal cannot be clicked from a test). */
export interface RepairPrompts {
  /** Non-modal, beside the plan's preview (which stays readable and scrollable): the action chosen, or undefined. */
  review(message: string, actions: readonly string[]): Promise<string | undefined>;
  /** A modal with one action; true when it was chosen. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** Production: the database name typed by the user, or undefined. */
  typeDatabaseName(options: ConnectionOptions): Promise<string | undefined>;
  pickChoice<T extends { label: string }>(items: T[], title: string): Promise<T | undefined>;
  pickSteps<T extends { label: string; picked?: boolean }>(items: T[], title: string): Promise<readonly T[] | undefined>;
}

export const vscodePrompts: RepairPrompts = {
  review: (message, actions) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  typeDatabaseName: (options) => Promise.resolve(vscode.window.showInputBox({
    title: vscode.l10n.t('{0} is a production connection', visibleName(options.name)),
    prompt: vscode.l10n.t('Type the database name ({0}) to confirm.', visibleName(options.database)),
    ignoreFocusOut: true,
    validateInput: (value) => (value === options.database ? undefined : vscode.l10n.t('Type {0} exactly.', visibleName(options.database))),
  })),
  pickChoice: (items, title) => Promise.resolve(vscode.window.showQuickPick(items, { title, ignoreFocusOut: true })),
  pickSteps: (items, title) => Promise.resolve(vscode.window.showQuickPick(items, { canPickMany: true, title, ignoreFocusOut: true })),
};

export type RepairMode =
  | { readonly kind: 'all' }
  | { readonly kind: 'migration'; readonly name: string }
  | { readonly kind: 'mark-as-ran'; readonly name: string };

/** What the user can answer to a plan under review. */
export type ReviewAnswer = 'apply' | 'rehearse';

export class RepairFlow {
  prompts: RepairPrompts = vscodePrompts;
  /** The plan under review: its preview, and how the preview's title bar answers the same review as the notification. */
  private awaiting: { readonly preview: vscode.Uri; readonly answer: (answer: ReviewAnswer) => void } | undefined;
  private titleBarShown = false;

  constructor(private readonly env: RepairEnvironment, private readonly documents: PlanDocuments) {}

  /** Plans and shows the SQL only (Show Repair SQL). */
  async preview(name: string | undefined): Promise<void> {
    const active = await this.env.activeConnection();
    if (!active) return;
    const { options } = active;
    const planned = await this.plan(active, name ? { kind: 'migration', name } : { kind: 'all' }, name ? { only: [name] } : {});
    if (!planned) return;
    const { describeConnection, publicConnection, renderPlanSql } = await lazyCore();
    await this.documents.show(`repair-${name ?? options.database}`, renderPlanSql(planned.plan, describeConnection(publicConnection(options)), undefined, say));
  }

  /** The whole flow: plan, choices, steps, preview, confirmation, backup, apply, verify. */
  async repair(mode: RepairMode): Promise<RunOutcome | InterruptedRun | undefined> {
    const active = await this.env.activeConnection();
    if (!active) return undefined;
    const { options, folder } = active;
    const { describeConnection, publicConnection } = await lazyCore();
    const where = describeConnection(publicConnection(options));
    let planOptions: PlanOptions = mode.kind === 'all' ? {} : { only: [mode.name] };
    let planned = await this.plan(active, mode, planOptions);
    if (!planned) return undefined;

    // Existing tables that differ: let the user pick alter / record / drop, then plan again.
    if (planned.plan.choices.length > 0 && mode.kind !== 'mark-as-ran') {
      const choices = new Map<string, PendingChoice>();
      for (const choice of planned.plan.choices) {
        const picked = await this.prompts.pickChoice(
          choice.alternatives.map((alternative) => ({ label: choiceLabel(alternative), description: alternative === choice.chosen ? vscode.l10n.t('recommended') : undefined, alternative })),
          vscode.l10n.t('{0}: its table exists but differs from what it creates', visibleName(choice.migration)),
        );
        if (!picked) return undefined;
        choices.set(choice.migration, picked.alternative);
      }
      planOptions = { ...planOptions, choices };
      planned = await this.plan(active, mode, planOptions);
      if (!planned) return undefined;
    }
    const { plan } = planned;
    if (plan.steps.length === 0) {
      const notes = plan.notes.map((n) => say(n.said)).join(' ');
      void vscode.window.showInformationMessage(notes ? vscode.l10n.t('Nothing can be repaired on {0}: {1}', where, notes) : vscode.l10n.t('Nothing to repair on {0}.', where));
      return undefined;
    }

    let steps: readonly RepairStep[] = plan.steps;
    if (mode.kind === 'all' && plan.steps.length > 1) {
      const picked = await this.prompts.pickSteps(
        plan.steps.map((step) => ({
          label: `${step.lossy ? '$(warning) ' : ''}${step.action} ${labelText(step.table ?? '')}`.trim(),
          description: labelText(step.migration),
          detail: step.lossy ? vscode.l10n.t('Can lose data: {0}', say(step.said)) : say(step.said),
          picked: !step.lossy,
          step,
        })),
        vscode.l10n.t('Steps to apply on {0}', where),
      );
      if (!picked || picked.length === 0) return undefined;
      steps = picked.map((p) => p.step);
    }

    const { backupPreview, freshSnapshot, openDatabase, planFor, renderPlanSql, runRepair } = await lazyCore();
    // The whole plan is read first, in an editor nothing covers; the modal only confirms.
    const preview = (await this.documents.show(`repair-${options.database}`, renderPlanSql(plan, where, steps, say))).document.uri;
    const stepsText = steps.length === 1 ? vscode.l10n.t('1 step') : vscode.l10n.t('{0} steps', steps.length);
    const question = vscode.l10n.t('Read the repair plan of {0} ({1}) in the editor, then apply it.', where, stepsText);
    // Rehearsing leaves the choice open: the user reads its result, then applies or rehearses again.
    for (;;) {
      const chosen = await this.review(preview, question);
      if (chosen === 'apply') break;
      if (chosen !== 'rehearse') return undefined;
      await this.rehearse(options, folder, where, plan, planned.inputs, steps);
    }
    const previewDb = await openDatabase(options);
    let backupContents: string;
    try {
      backupContents = (await backupPreview(previewDb, steps.flatMap((s) => s.backupTables))).map(say).join(' ');
    } finally {
      await previewDb.close();
    }
    if (!(await this.confirm(options, steps.length === 1 ? vscode.l10n.t('Apply 1 repair step to {0}?', where) : vscode.l10n.t('Apply {0} repair steps to {1}?', steps.length, where),
      [vscode.l10n.t('A backup of what the steps touch is written to {0} and checked first.', backupDirectory(folder)), steps.some((s) => s.lossy) ? vscode.l10n.t('Some steps can lose data.') : '', backupContents]
        .filter((part) => part !== '')
        .join(' '),
      vscode.l10n.t('Back Up and Repair')))) return undefined;

    const inputs = planned.inputs;
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Repairing {0}', where), cancellable: true },
      async (progress, token) => {
        // Cancel is the CLI's Ctrl-C: the running statement is killed, no further step starts, and the run says where it stopped.
        const interruption = new AbortController();
        const cancelled = token.onCancellationRequested(() => interruption.abort());
        const db = await openDatabase(options);
        try {
          return await runRepair(db, plan, {
            signal: interruption.signal,
            backupDirectory: backupDirectory(folder),
            useMysqldump: new Config(folder).useMysqldump,
            stepIds: steps.map((s) => s.id),
            status: freshSnapshot(options, inputs),
            before: planned.snapshot,
            render: say,
            replan: mode.kind === 'mark-as-ran' ? undefined : async () => (await planFor(db, inputs, planOptions)).plan,
            hooks: { beforeStep: (step, index) => progress.report({ message: `${index + 1}/${steps.length} ${step.action} ${visibleName(step.migration)}` }) },
          });
        } finally {
          cancelled.dispose();
          await db.close();
        }
      },
    );
    this.documents.update(preview, afterRunText(outcome, where));
    if (outcome.kind === 'applied' || (outcome.kind === 'interrupted' && (outcome.applied.length > 0 || outcome.stoppedAt))) this.documents.outdateAllBut(preview, `-- ${vscode.l10n.t('Outdated: a repair ran on {0} after this plan was made.', where)}`);
    await this.env.refresh();
    this.report(outcome, where, steps.length);
    return outcome;
  }

  async restore(file?: string): Promise<boolean> {
    const active = await this.env.activeConnection();
    if (!active) return false;
    const { options, folder } = active;
    const { describeConnection, publicConnection } = await lazyCore();
    const where = describeConnection(publicConnection(options));
    if (!file) {
      const picked = await vscode.window.showOpenDialog({
        defaultUri: vscode.Uri.file(backupDirectory(folder)), canSelectMany: false, filters: { [vscode.l10n.t('SQL backups')]: ['sql'] },
        title: vscode.l10n.t('Backup to restore into {0}', where),
      });
      if (!picked?.[0]) return false;
      file = picked[0].fsPath;
    }
    if (!(await this.confirm(options, vscode.l10n.t('Restore {0} into {1}?', visibleName(path.basename(file)), where),
      vscode.l10n.t('The tables in the backup are replaced by their saved state, the tables the repair created are dropped, and the migrations rows it changed are put back.'),
      vscode.l10n.t('Restore')))) return false;
    const { openDatabase, restoreBackup } = await lazyCore();
    const db = await openDatabase(options);
    try {
      const result = await restoreBackup(db, file);
      if (result.ok) {
        this.env.log.info(`restored ${visibleName(file)} into ${where}: ${result.statements} statements`);
        void vscode.window.showInformationMessage(vscode.l10n.t('Restored {0} into {1}.', visibleName(path.basename(file)), where));
      } else {
        this.env.log.error(`restore of ${visibleName(file)} failed: ${visibleName(result.message)}`);
        void vscode.window.showErrorMessage(say(result.said));
      }
      return result.ok;
    } finally {
      await db.close();
      await this.env.refresh();
    }
  }

  private async plan(active: ActiveConnection, mode: RepairMode, planOptions: PlanOptions): Promise<{ plan: RepairPlan; inputs: RepairInputs; snapshot: StatusSnapshot } | undefined> {
    const { options } = active;
    try {
      const inputs = await inputsFor(active, this.env.log);
      const { markAsRanStep, openDatabase, planFor } = await lazyCore();
      const db = await openDatabase(options);
      try {
        const { plan, snapshot } = await planFor(db, inputs, planOptions);
        if (mode.kind === 'mark-as-ran') {
          const step = markAsRanStep(snapshot, mode.name, planOptions.batch);
          if (!step.ok) {
            void vscode.window.showWarningMessage(say(step.said));
            return undefined;
          }
          return { plan: { ...plan, steps: [step.step], notes: [], choices: [] }, inputs, snapshot };
        }
        for (const note of plan.notes) this.env.log.warn(`repair: ${visibleName(note.migration)}: ${visibleName(note.message)}`);
        return { plan, inputs, snapshot };
      } finally {
        await db.close();
      }
    } catch (error) {
      const { classifyDatabaseError } = await lazyCore();
      const failure = classifyDatabaseError(error, options);
      if (!failure) {
        void showInternalError(error, this.env.log, 'the repair plan');
        return undefined;
      }
      this.env.log.error('repair plan failed', error);
      void vscode.window.showErrorMessage(vscode.l10n.t('The repair could not be planned: {0}', sayError(failure)));
      return undefined;
    }
  }

  /**
   * The chosen steps applied to a scratch copy of the database (the database itself only read),
   * verified, and the next migrate predicted there; the result in its own read-only document.
   */
  private async rehearse(options: ConnectionOptions, folder: vscode.WorkspaceFolder, where: string, plan: RepairPlan, inputs: RepairInputs, steps: readonly RepairStep[]): Promise<RehearsalOutcome | undefined> {
    const { openDatabase, rehearseRepair } = await lazyCore();
    // Whether the connection is strict decides preflight's data checks on the copy, as in the editor's own preflight.
    const strict = await appStrict(folder);
    let rehearsal: RehearsalOutcome;
    try {
      rehearsal = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Rehearsing the repair on a copy of {0}', where) }, async () => {
        const db = await openDatabase(options);
        try {
          return await rehearseRepair(db, plan, { inputs, translate: inputs.translate, strict, stepIds: steps.map((s) => s.id) });
        } finally {
          await db.close();
        }
      });
    } catch (error) {
      const { classifyDatabaseError } = await lazyCore();
      const failure = classifyDatabaseError(error, options);
      if (!failure) void showInternalError(error, this.env.log, 'the rehearsal');
      else void vscode.window.showErrorMessage(vscode.l10n.t('The rehearsal could not run: {0}', sayError(failure)));
      return undefined;
    }
    if (rehearsal.kind === 'no-privilege') {
      void vscode.window.showErrorMessage(say(rehearsal.said));
      return rehearsal;
    }
    if (rehearsal.kind !== 'rehearsed') return rehearsal;
    this.env.log.info(`rehearsal of the repair of ${where}:\n${rehearsal.report}`);
    const heading = vscode.l10n.t('Rehearsal of this plan on a scratch copy of {0} (the database itself was only read).', where);
    await this.documents.show(`rehearsal-${options.database}`, [heading, '', ...rehearsal.reportSaid.map(say)].map((line) => `-- ${line}`.trimEnd()).join('\n') + '\n');
    if (rehearsal.ok) void vscode.window.showInformationMessage(vscode.l10n.t('Rehearsed on a copy of {0}: the plan applies and verifies, and the next migrate is predicted to pass.', where));
    else void vscode.window.showWarningMessage(vscode.l10n.t('Rehearsed on a copy of {0}: the plan would not leave the database ready for the next migrate (see the rehearsal).', where));
    return rehearsal;
  }

  /**
   * Whether the preview's title bar offers Apply… and Rehearse on a Copy (the context key as last
   * set): only while a plan awaits review and its preview is the active editor.
   */
  get reviewKey(): boolean {
    return this.titleBarShown;
  }

  /**
   * Answers the plan under review from the preview's title bar, as its notification would (which
   * hides after a while, while the plan may take longer to read). Nothing when no plan awaits
   * review, or when `preview` is another plan's.
   */
  answerReview(answer: ReviewAnswer, preview?: unknown): void {
    const awaiting = this.awaiting;
    if (!awaiting || (preview instanceof vscode.Uri && preview.toString() !== awaiting.preview.toString())) return;
    awaiting.answer(answer);
  }

  /** One review, answered by whichever comes first: the notification beside the preview or the preview's title bar. */
  private async review(preview: vscode.Uri, question: string): Promise<ReviewAnswer | undefined> {
    const apply = vscode.l10n.t('Apply…');
    const rehearse = vscode.l10n.t('Rehearse on a Copy');
    let answer!: (answer: ReviewAnswer | undefined) => void;
    const answered = new Promise<ReviewAnswer | undefined>((resolve) => { answer = resolve; });
    this.awaiting = { preview, answer };
    const showTitleBar = () => this.setTitleBar(vscode.window.activeTextEditor?.document.uri.toString() === preview.toString());
    const following = vscode.window.onDidChangeActiveTextEditor(showTitleBar);
    try {
      await showTitleBar();
      void this.prompts.review(question, [apply, rehearse]).then((chosen) => answer(chosen === apply ? 'apply' : chosen === rehearse ? 'rehearse' : undefined), () => answer(undefined));
      return await answered;
    } finally {
      following.dispose();
      this.awaiting = undefined;
      await this.setTitleBar(false);
    }
  }

  private async setTitleBar(shown: boolean): Promise<void> {
    if (shown === this.titleBarShown) return;
    this.titleBarShown = shown;
    await vscode.commands.executeCommand('setContext', ContextKey.planAwaitsReview, shown);
  }

  /** A modal; on a production connection, the database name must be typed too. */
  private async confirm(options: ConnectionOptions, message: string, detail: string, action: string): Promise<boolean> {
    if (!(await this.prompts.confirm(message, detail, action))) return false;
    return !options.production || (await this.prompts.typeDatabaseName(options)) === options.database;
  }

  /** Not awaited: a notification's promise settles only when the user closes it. */
  private report(outcome: RunOutcome | InterruptedRun, where: string, total: number): void {
    switch (outcome.kind) {
      case 'interrupted':
        this.reportInterrupted(outcome, where);
        return;
      case 'nothing-to-do':
        void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to repair on {0}.', where));
        return;
      case 'refused':
      case 'backup-failed':
        this.env.log.error(`repair of ${where}: ${visibleName(outcome.message)}`);
        void vscode.window.showErrorMessage(say(outcome.said));
        return;
      case 'applied': {
        this.env.log.info(`repair of ${where}:\n${outcome.report}`);
        if (outcome.reportFileProblem) this.env.log.warn(`repair of ${where}: the report could not be written (${outcome.reportFileProblem})`);
        const showLog = vscode.l10n.t('Show Log');
        const openReport = vscode.l10n.t('Open Report');
        // The report beside the backup, for the team's notes.
        const reportFile = outcome.reportFile;
        const offered = reportFile ? [openReport] : [];
        const opened = async (picked: string | undefined) => {
          if (picked === openReport && reportFile) await vscode.window.showTextDocument(vscode.Uri.file(reportFile));
        };
        if (outcome.ok) {
          void vscode.window.showInformationMessage(
            outcome.verification.length === 1
              ? vscode.l10n.t('Repaired and verified 1 migration on {0}. Backup: {1}', where, visibleName(outcome.backup.file))
              : vscode.l10n.t('Repaired and verified {0} migrations on {1}. Backup: {2}', outcome.verification.length, where, visibleName(outcome.backup.file)),
            ...offered, showLog,
          ).then(async (picked) => { await opened(picked); if (picked === showLog) this.env.log.show(); });
          return;
        }
        if (outcome.unverified && !outcome.failure) {
          // Every step ran: nothing to restore, only the check is missing.
          const cause = typeof outcome.unverifiedSaid === 'object' ? say(outcome.unverifiedSaid) : visibleName(outcome.unverified);
          void vscode.window.showWarningMessage(
            total === 1
              ? vscode.l10n.t('Applied 1 repair step on {0}, but the status could not be read again to verify the repair ({1}). Refresh the Migrations view once the server answers.', where, cause)
              : vscode.l10n.t('Applied {0} repair steps on {1}, but the status could not be read again to verify the repair ({2}). Refresh the Migrations view once the server answers.', total, where, cause),
            showLog,
          ).then((picked) => { if (picked === showLog) this.env.log.show(); });
          return;
        }
        const restore = vscode.l10n.t('Restore Backup');
        const { failure } = outcome;
        // A step cut between its statements says so: those that ran stay applied (the preview lists them).
        const reason = failure
          ? say(failure.statementsApplied ? message('report.failedAfter', failure.step.id, failure.statementsApplied, failure.error.said) : failure.error.said)
          : outcome.verification.filter((v) => !v.ok).map((v) => `${visibleName(v.migration)}: ${say(v.said)}`).join(' ');
        void vscode.window.showErrorMessage(
          total === 1
            ? vscode.l10n.t('The repair of {0} did not complete ({1} of 1 step applied): {2}', where, outcome.applied.length, reason)
            : vscode.l10n.t('The repair of {0} did not complete ({1} of {2} steps applied): {3}', where, outcome.applied.length, total, reason),
          restore, ...offered, showLog,
        ).then(async (picked) => {
          await opened(picked);
          if (picked === restore) await vscode.commands.executeCommand(CommandId.restoreBackup, outcome.backup.file);
          if (picked === showLog) this.env.log.show();
        });
      }
    }
  }

  /** Cancelled: the core's sentence (what applied, what was cut short, what did not, the backup), and the way back when something changed. */
  private reportInterrupted(outcome: InterruptedRun, where: string): void {
    this.env.log.warn(`repair of ${where}: ${visibleName(outcome.message)}`);
    if (outcome.reportFileProblem) this.env.log.warn(`repair of ${where}: the report could not be written (${outcome.reportFileProblem})`);
    const changed = outcome.applied.length > 0 || outcome.stoppedAt !== undefined;
    const restore = vscode.l10n.t('Restore Backup');
    const openReport = vscode.l10n.t('Open Report');
    const showLog = vscode.l10n.t('Show Log');
    const { backup, reportFile } = outcome;
    const actions = [...(changed && backup ? [restore] : []), ...(reportFile ? [openReport] : []), showLog];
    void vscode.window.showWarningMessage(say(outcome.said), ...actions).then(async (picked) => {
      if (picked === openReport && reportFile) await vscode.window.showTextDocument(vscode.Uri.file(reportFile));
      if (picked === restore && backup) await vscode.commands.executeCommand(CommandId.restoreBackup, backup.file);
      if (picked === showLog) this.env.log.show();
    });
  }
}

/** What the preview says once its plan has run (or was refused): the old plan must not read as still to come. */
function afterRunText(outcome: RunOutcome | InterruptedRun, where: string): string {
  const heading = outcome.kind === 'applied'
    ? outcome.ok ? vscode.l10n.t('This plan has been applied to {0} and verified.', where) : vscode.l10n.t('This plan has been run on {0}, but not completely: see the report below.', where)
    : outcome.kind === 'nothing-to-do' ? vscode.l10n.t('Nothing was left to repair on {0}.', where)
      : outcome.kind === 'interrupted' ? vscode.l10n.t('This plan was cancelled on {0} before it finished:', where) : vscode.l10n.t('This plan was not applied to {0}.', where);
  const body = outcome.kind === 'applied' ? outcome.reportSaid.map(say).join('\n') : outcome.kind === 'nothing-to-do' ? '' : say(outcome.said);
  return [heading, vscode.l10n.t('Run Repair Migrations… again for a new plan.'), '', ...body.split('\n')].map((line) => `-- ${line}`.trimEnd()).join('\n') + '\n';
}

function choiceLabel(choice: PendingChoice): string {
  switch (choice) {
    case 'alter-table': return vscode.l10n.t('Alter the table to match (data kept), then record the migration');
    case 'record-as-ran': return vscode.l10n.t('Record the migration as ran, table kept as it is');
    case 'drop-table': return vscode.l10n.t('Drop the table so the migration can run (its rows are lost; kept in the backup)');
  }
}

const repairableCodes = new Set(['table-already-exists', 'table-does-not-exist', 'schema-mismatch', 'name-table-mismatch']);

/** "Repair this migration on <connection>" beside the diagnostics that a repair can fix, when connected and the status shows the migration broken. */
export class RepairCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly env: RepairEnvironment) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const connection = this.env.activeConnectionName();
    if (!connection) return [];
    const diagnostics = context.diagnostics.filter((d) => d.source === diagnosticSource && repairableCodes.has(codeOf(d)));
    if (diagnostics.length === 0) return [];
    const name = laravelMigrationName(path.basename(document.uri.fsPath));
    // A warning about the file alone is no reason to repair a database where this migration is fine.
    const state = this.env.migrationState(name);
    if (!state || !isProblemState(state)) return [];
    const action = new vscode.CodeAction(vscode.l10n.t('Repair this migration on {0}', visibleName(connection)), vscode.CodeActionKind.QuickFix);
    action.diagnostics = diagnostics;
    action.command = { command: CommandId.repairMigration, title: action.title, arguments: [name] };
    return [action];
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}

/** Everything repair registers, owned as one disposable by the context. */
export class RepairFeature implements vscode.Disposable {
  readonly flow: RepairFlow;
  private readonly disposables: vscode.Disposable[];

  constructor(env: RepairEnvironment) {
    const documents = new PlanDocuments();
    this.flow = new RepairFlow(env, documents);
    this.disposables = [
      documents,
      vscode.workspace.registerFileSystemProvider(planScheme, documents, { isReadonly: true, isCaseSensitive: true }),
      vscode.languages.registerCodeActionsProvider({ language: 'php', scheme: 'file' }, new RepairCodeActions(env), {
        providedCodeActionKinds: RepairCodeActions.kinds,
      }),
    ];
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
