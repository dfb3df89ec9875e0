// The active connection: a named connection from the settings (password in SecretStorage)
// or the workspace's Laravel `.env`. The connection scope owns its Database and is disposed
// and rebuilt when the settings, the password, the `.env` or the selection change.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ContextKey } from '../commandIds';
import { Config, type ConnectionSetting } from '../config';
import type { ConnectionOptions, Database } from '../core/db/database';
import { lazyCore } from './lazy';

export interface ConnectionCandidate {
  /** `settings:<name>` or `env:<folder uri>`: what the selection remembers. */
  readonly id: string;
  /** The name people see: the setting's name, or the `.env`'s database, as in `laravel (.env)`. */
  readonly name: string;
  readonly kind: 'settings' | 'env';
  readonly folder: vscode.WorkspaceFolder;
  readonly setting?: ConnectionSetting;
}

const selectionKey = 'migrationDoctor.selectedConnection';
const secretKey = (name: string) => `migrationDoctor.password.${name}`;

/** One connection's lifetime: its options and the Database opened on first use. */
class ConnectionScope implements vscode.Disposable {
  private db: Promise<Database> | undefined;

  constructor(readonly candidate: ConnectionCandidate, readonly options: ConnectionOptions) {}

  database(): Promise<Database> {
    if (!this.db) {
      const opening = lazyCore().then((core) => core.openDatabase(this.options));
      this.db = opening;
      // A failed open is not kept: the next call tries again (the server may be back).
      opening.catch(() => {
        if (this.db === opening) this.db = undefined;
      });
    }
    return this.db;
  }

  /** Drops the Database after a lost connection, so the next use reconnects. */
  reset(): void {
    const db = this.db;
    this.db = undefined;
    void db?.then((d) => d.close(), () => undefined);
  }

  dispose(): void {
    this.reset();
  }
}

export class Connections implements vscode.Disposable {
  private scope: ConnectionScope | undefined;
  private resolving: Promise<ConnectionScope | undefined> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the active connection (or what it resolves to) changes. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly extension: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('migrationDoctor.connections')) this.invalidate('connection settings changed');
      }),
      extension.secrets.onDidChange((e) => {
        if (this.scope?.candidate.kind === 'settings' && e.key === secretKey(this.scope.candidate.name)) this.invalidate('password changed');
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate('workspace folders changed')),
    );
    const envWatcher = vscode.workspace.createFileSystemWatcher('**/.env');
    const onEnv = (uri: vscode.Uri) => {
      if (this.scope?.candidate.kind !== 'settings' && path.dirname(uri.fsPath) === this.scope?.candidate.folder.uri.fsPath) this.invalidate('.env changed');
      else if (!this.scope) this.invalidate('.env appeared');
    };
    this.disposables.push(envWatcher, envWatcher.onDidChange(onEnv), envWatcher.onDidCreate(onEnv), envWatcher.onDidDelete(onEnv));
  }

  /** Every connection that can be selected: the named ones of each folder, then each folder's `.env`. */
  async candidates(): Promise<ConnectionCandidate[]> {
    const result: ConnectionCandidate[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const setting of new Config(folder).connections) {
        if (!result.some((c) => c.id === `settings:${setting.name}`)) {
          result.push({ id: `settings:${setting.name}`, name: setting.name, kind: 'settings', folder, setting });
        }
      }
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const folder of folders) {
      const env = vscode.Uri.joinPath(folder.uri, '.env');
      const exists = await vscode.workspace.fs.stat(env).then(() => true, () => false);
      if (exists) result.push({ id: `env:${folder.uri.toString()}`, name: await envConnectionName(env.fsPath, folders.length > 1 ? folder.name : undefined), kind: 'env', folder });
    }
    return result;
  }

  /** The active connection's options (password included) with the workspace folder it belongs to. */
  async active(): Promise<{ options: ConnectionOptions; folder: vscode.WorkspaceFolder } | undefined> {
    const scope = await this.activeScope();
    return scope && { options: scope.options, folder: scope.candidate.folder };
  }

  /** The selected candidate, else the workspace's `.env` (zero configuration), else the first named one. */
  async activeCandidate(): Promise<ConnectionCandidate | undefined> {
    const candidates = await this.candidates();
    const selected = this.extension.workspaceState.get<string>(selectionKey);
    return candidates.find((c) => c.id === selected) ?? candidates.find((c) => c.kind === 'env') ?? candidates[0];
  }

  async select(id: string): Promise<void> {
    await this.extension.workspaceState.update(selectionKey, id);
    this.invalidate(`selected ${id}`);
  }

  /** The active connection's name, without resolving anything. */
  activeName(): string | undefined {
    return this.scope?.candidate.name;
  }

  /**
   * The active connection's options (password included), or undefined when none is configured.
   * A configuration problem (.env unreadable, other driver) is thrown as a DatabaseError.
   */
  async activeOptions(): Promise<ConnectionOptions | undefined> {
    return (await this.activeScope())?.options;
  }

  /** The active connection's Database, opened once per scope; throws a DatabaseError. */
  async database(): Promise<Database | undefined> {
    const scope = await this.activeScope();
    return scope?.database();
  }

  /** After a lost connection: the next use reconnects. */
  reset(): void {
    this.scope?.reset();
  }

  async setPassword(name: string, password: string): Promise<void> {
    await this.extension.secrets.store(secretKey(name), password);
  }

  async hasPassword(name: string): Promise<boolean> {
    return (await this.extension.secrets.get(secretKey(name))) !== undefined;
  }

  /** Sets the `migrationDoctor.connected` context key (welcome view, menus). */
  setConnected(connected: boolean): void {
    void vscode.commands.executeCommand('setContext', ContextKey.connected, connected);
  }

  invalidate(reason: string): void {
    this.log.info(`connection: ${reason}`);
    this.scope?.dispose();
    this.scope = undefined;
    this.resolving = undefined;
    this.changed.fire();
  }

  private activeScope(): Promise<ConnectionScope | undefined> {
    if (this.scope) return Promise.resolve(this.scope);
    const resolving = (this.resolving ??= this.resolve().then(
      (scope) => {
        // A newer invalidate() may have happened meanwhile: only the current resolution wins.
        if (this.resolving === resolving) this.scope = scope;
        else scope?.dispose();
        return scope;
      },
      (error: unknown) => {
        if (this.resolving === resolving) this.resolving = undefined;
        throw error;
      },
    ));
    return resolving;
  }

  private async resolve(): Promise<ConnectionScope | undefined> {
    const candidate = await this.activeCandidate();
    if (!candidate) return undefined;
    const { DatabaseError, defaultConnectTimeoutMs, readEnvConnection } = await lazyCore();
    if (candidate.kind === 'env') {
      const env = vscode.Uri.joinPath(candidate.folder.uri, '.env').fsPath;
      const result = await readEnvConnection(env, { name: candidate.name });
      if (!result.ok) throw result.error;
      return new ConnectionScope(candidate, result.value);
    }
    const s = candidate.setting!;
    const password = await this.extension.secrets.get(secretKey(s.name));
    const tls = s.tls ? { ...s.tls, ca: s.tls.ca ? path.resolve(candidate.folder.uri.fsPath, s.tls.ca) : undefined } : undefined;
    if (!s.database) throw new DatabaseError('configuration', `The connection '${s.name}' has no database.`, 'Set its "database" in the setting migrationDoctor.connections.');
    return new ConnectionScope(candidate, {
      name: s.name,
      host: s.host ?? '127.0.0.1',
      port: s.port ?? 3306,
      user: s.username ?? 'root',
      password,
      database: s.database,
      migrationsTable: s.migrationsTable ?? 'migrations',
      tablePrefix: s.tablePrefix ?? '',
      production: s.production ?? false,
      tls,
      connectTimeoutMs: defaultConnectTimeoutMs,
    });
  }

  dispose(): void {
    this.scope?.dispose();
    this.scope = undefined;
    for (const d of this.disposables) d.dispose();
  }
}

/** `laravel (.env)`: "Connection .env" read like a file name. The folder is named when there are several. */
async function envConnectionName(envFile: string, folderName: string | undefined): Promise<string> {
  const { readEnvConnection } = await lazyCore();
  const read = await readEnvConnection(envFile);
  const where = folderName ? `${folderName}/.env` : '.env';
  return read.ok ? `${read.value.database} (${where})` : where;
}
