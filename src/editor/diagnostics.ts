// Diagnostics for migration files: a thin adapter over the analysis core. One collection;
// open buffers (saved or not) win over the disk; the timeline is re-evaluated when migration
// files are created, deleted or renamed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticSource } from '../commandIds';
import { Config } from '../config';
import type { MigrationProject } from '../core/analysis/project';
import type { Finding, Severity, SourceRange } from '../core/analysis/types';
import type { LaravelTarget } from '../core/translate/laravelTarget';
import { localise } from './messages';
import { showInternalError } from './internalError';
import { lazyCore, type LazyCore } from './lazy';
import { editorLaravelTarget } from './statusModel';
import { visibleName } from '../core/messages/visible';

const debounceMs = 200;
/** Watcher events (a checkout touches hundreds of files at once) are analysed together, at most this often. */
const burstMs = 100;

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.column, range.end.line, range.end.column);
}

/** One workspace folder's migrations, kept parsed in memory. */
class FolderAnalysis implements vscode.Disposable {
  readonly project: MigrationProject;
  folders: string[] = [];
  baselineTables: string[] = [];
  /** The project's Laravel version and driver: schema-mismatch compares what that version builds. */
  laravel: LaravelTarget | undefined;
  /** The last findings per file path, for the code actions. */
  findings = new Map<string, Finding[]>();
  private watcher: vscode.Disposable | undefined;
  /**
   * Files the watchers named while the folder was being read and parsed (undefined once loaded):
   * read again after the load, which would otherwise overwrite them with the text it read before.
   */
  changedWhileLoading: Set<string> | undefined = new Set();
  /** A publish asked for by watcher events, not yet run. */
  publishing: NodeJS.Timeout | undefined;

  constructor(readonly folder: vscode.WorkspaceFolder, private readonly core: LazyCore) {
    this.project = new core.MigrationProject();
  }

  /** The Drizzle tables schema-mismatch checks against: the ones the extension ships. */
  get drizzle(): LazyCore['builtInTables'] {
    return this.core.builtInTables;
  }

  contains(fsPath: string): boolean {
    return this.core.isMigrationFileName(path.basename(fsPath)) && this.folders.includes(path.dirname(fsPath));
  }

  watch(watcher: vscode.Disposable): void {
    this.watcher?.dispose();
    this.watcher = watcher;
  }

  dispose(): void {
    clearTimeout(this.publishing);
    this.watcher?.dispose();
  }
}

/**
 * The text Laravel would run from an open buffer, or undefined when it runs none: a buffer VS Code
 * decoded from UTF-16 is code to the editor, but PHP reads such a file as text and never runs it.
 */
function bufferText(doc: vscode.TextDocument): string | undefined {
  return /^utf16/i.test(doc.encoding ?? '') ? undefined : doc.getText();
}

export class MigrationDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(diagnosticSource);
  private readonly folders = new Map<string, FolderAnalysis>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after each analysis has been published. */
  readonly onDidAnalyze = this.changed.event;
  private reportedFailure = false;
  private disposed = false;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, debounceMs)),
      // A closed buffer's unsaved text no longer counts: back to the disk's.
      vscode.workspace.onDidCloseTextDocument((doc) => void this.reloadFromDisk(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // New folders need a reload; new severities only a re-publish of what is parsed.
        if (e.affectsConfiguration('migrationDoctor.migrationPaths') || e.affectsConfiguration('migrationDoctor.laravelVersion')) void this.reloadAll();
        else if (e.affectsConfiguration('migrationDoctor.rules')) for (const state of this.folders.values()) this.publish(state);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reloadAll()),
    );
  }

  /** Loads every workspace folder's migrations and publishes the findings. */
  async start(): Promise<void> {
    await this.reloadAll();
  }

  findingsAt(uri: vscode.Uri): readonly Finding[] {
    for (const state of this.analysesOf(uri)) {
      const found = state.findings.get(uri.fsPath);
      if (found) return found;
    }
    return [];
  }

  /**
   * Every workspace folder's analysis that reads this file: its own folder's first, then those whose
   * migration folders are elsewhere (`../shared/migrations`, an absolute path), which may be several.
   */
  private analysesOf(uri: vscode.Uri): FolderAnalysis[] {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const own = folder && this.folders.get(folder.uri.toString());
    const found = own?.contains(uri.fsPath) ? [own] : [];
    for (const state of this.folders.values()) if (state !== own && state.contains(uri.fsPath)) found.push(state);
    return found;
  }

  private async reloadAll(): Promise<void> {
    // The analysis core (php-parser and the rules) is loaded here, just after activation.
    const core = await lazyCore();
    if (this.disposed) return;
    for (const f of this.folders.values()) f.dispose();
    this.folders.clear();
    this.collection.clear();
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map((folder) => this.load(folder, core)));
  }

  private async load(folder: vscode.WorkspaceFolder, core: LazyCore): Promise<void> {
    if (folder.uri.scheme !== 'file') return;
    const state = new FolderAnalysis(folder, core);
    this.folders.set(folder.uri.toString(), state);
    const root = folder.uri.fsPath;
    state.folders = new Config(folder.uri).migrationPaths.map((p) => path.resolve(root, p));
    // Watched before anything is read: a file saved while the folder loads is read again after it.
    state.watch(this.watchFolders(state));
    const [{ paths, skipped }, laravel] = await Promise.all([
      core.listMigrationPaths(state.folders), editorLaravelTarget(root, new Config(folder.uri)),
    ]);
    state.baselineTables = await core.loadSchemaDumpTables(root, paths);
    state.laravel = laravel;
    for (const entry of skipped) this.log.warn(`analysis: ${visibleName(entry.path)} skipped: ${entry.reason}`);
    // Opened without blocking: a FIFO named like a migration is refused, never waited on.
    // One that cannot be read (too large, UTF-16) stays, its effects unknown: a later migration on its tables is no alarm.
    const sources = paths.map((p) => {
      const source = core.readMigrationSource(p);
      if ('text' in source) return source.text;
      this.log.warn(`analysis: ${visibleName(p)} cannot be read: ${source.problem}`);
      return source.missing ? undefined : source;
    });
    // Open buffers (saved or not) win over the disk; looked up once, not once per migration.
    const open = new Map(vscode.workspace.textDocuments.filter((d) => !d.isClosed && d.uri.scheme === 'file').map((d) => [d.uri.fsPath, d]));
    for (let i = 0; i < paths.length; i++) {
      const buffer = open.get(paths[i]);
      const source = buffer ? bufferText(buffer) : sources[i];
      if (source !== undefined) state.project.setFile(paths[i], source);
      // Parsing hundreds of files is a few hundred ms: yield so the extension host stays responsive.
      if (i % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.folders.get(folder.uri.toString()) !== state) return; // reloaded meanwhile
    const changed = [...state.changedWhileLoading ?? []];
    state.changedWhileLoading = undefined;
    // Created, changed or deleted since it was read: what the disk (or a buffer) holds now.
    await Promise.all(changed.map((file) => this.reloadFromDisk(vscode.Uri.file(file))));
    this.publish(state);
    this.log.info(`analysis: ${paths.length} migrations in ${state.folders.map(visibleName).join(', ')}${changed.length ? ` (${changed.length} changed while loading, read again)` : ''}`);
  }

  private watchFolders(state: FolderAnalysis): vscode.Disposable {
    const patterns = state.folders.map((f) => new vscode.RelativePattern(vscode.Uri.file(f), '*.php'));
    const event = (uri: vscode.Uri, loaded: () => void) => {
      if (state.changedWhileLoading) state.changedWhileLoading.add(uri.fsPath);
      else loaded();
    };
    return vscode.Disposable.from(...patterns.map((pattern) => {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      return vscode.Disposable.from(
        watcher,
        watcher.onDidCreate((uri) => event(uri, () => void this.reloadFromDisk(uri))),
        watcher.onDidChange((uri) => event(uri, () => void this.reloadFromDisk(uri))),
        watcher.onDidDelete((uri) => event(uri, () => {
          if (state.project.removeFile(uri.fsPath)) this.publishSoon(state);
        })),
      );
    }));
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (doc.uri.scheme !== 'file') return;
    if (this.analysesOf(doc.uri).length === 0) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (doc.isClosed) return;
      // Looked up now: a reload since the keystroke replaced the analyses (the old ones publish nothing).
      for (const state of this.analysesOf(doc.uri)) {
        const text = bufferText(doc);
        if (text === undefined) state.project.removeFile(doc.uri.fsPath);
        else state.project.setFile(doc.uri.fsPath, text);
        this.publish(state);
      }
    }, delay));
  }

  /** A file created, changed or closed: its disk text counts unless a buffer holds it open. */
  private async reloadFromDisk(uri: vscode.Uri): Promise<void> {
    const states = this.analysesOf(uri);
    if (states.length === 0) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
    const read = open ? { text: bufferText(open) } : (await lazyCore()).readMigrationSource(uri.fsPath);
    const source = 'text' in read ? read.text : read.missing ? undefined : read;
    if (typeof source === 'object') this.log.warn(`analysis: ${visibleName(uri.fsPath)} cannot be read: ${source.problem}`);
    for (const state of states) {
      if (source !== undefined) state.project.setFile(uri.fsPath, source);
      else state.project.removeFile(uri.fsPath);
      this.publishSoon(state);
    }
  }

  /** A publish after watcher events: a burst of them (a checkout of another branch) is analysed once, not once per file. */
  private publishSoon(state: FolderAnalysis): void {
    state.publishing ??= setTimeout(() => {
      state.publishing = undefined;
      if (this.folders.get(state.folder.uri.toString()) === state) this.publish(state);
    }, burstMs);
  }

  private publish(state: FolderAnalysis): void {
    try {
      const config = new Config(state.folder.uri);
      const analysis = state.project.analyze({ severities: config.ruleSeverities, baselineTables: state.baselineTables, drizzle: state.drizzle, ...(state.laravel ? { laravel: state.laravel } : {}) });
      const byFile = new Map<string, Finding[]>();
      for (const f of analysis.findings) {
        const list = byFile.get(f.file);
        if (list) list.push(f); else byFile.set(f.file, [f]);
      }
      const previous = state.findings;
      state.findings = byFile;
      for (const file of new Set([...previous.keys(), ...byFile.keys()])) {
        const findings = byFile.get(file) ?? [];
        // Only files whose findings changed are re-published: a keystroke touches one or two.
        if (sameFindings(previous.get(file), findings)) continue;
        this.collection.set(vscode.Uri.file(file), findings.map(toDiagnostic));
      }
      this.changed.fire();
    } catch (error) {
      // A bug, said once (the analysis runs on every keystroke); every occurrence is logged.
      if (this.reportedFailure) this.log.error('analysis failed', error);
      else void showInternalError(error, this.log, 'the migration analysis');
      this.reportedFailure = true;
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    for (const f of this.folders.values()) f.dispose();
    // A load still parsing finds its analysis gone: it then watches and publishes nothing.
    this.folders.clear();
    for (const d of this.disposables) d.dispose();
  }
}

function sameFindings(a: readonly Finding[] | undefined, b: readonly Finding[]): boolean {
  if (!a || a.length !== b.length) return !a && b.length === 0;
  return a.every((f, i) => f.rule === b[i].rule && f.message === b[i].message && f.severity === b[i].severity
    && samePosition(f.range.start, b[i].range.start) && samePosition(f.range.end, b[i].range.end)
    && JSON.stringify(f.related) === JSON.stringify(b[i].related));
}

function samePosition(a: SourceRange['start'], b: SourceRange['start']): boolean {
  return a.line === b.line && a.column === b.column;
}

function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), localise(finding.template, finding.args), severities[finding.severity]);
  diagnostic.source = diagnosticSource;
  diagnostic.code = finding.rule;
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) =>
      new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), toRange(r.range)), localise(r.message, [])));
  }
  return diagnostic;
}
