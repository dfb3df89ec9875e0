// The active connection: a named connection from the settings (password in SecretStorage)
// or the workspace's Laravel `.env`. The connection scope owns its Database and is disposed
// and rebuilt when the settings, the password, the `.env` or the selection change.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ContextKey } from '../commandIds';
import { Config, type ConnectionSetting } from '../config';
import type { ConnectionOptions, Database } from '../core/db/database';
import { message } from '../core/messages/catalog';
import { lazyCore } from './lazy';
import { modalHostKeyPrompt, openSettingTunnel, passphraseKey, type HostKeyPrompt } from './ssh';
import { visibleName } from '../core/messages/visible';

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

/** A connection ready to be opened: its options (through the SSH tunnel when it has one) and what closes the tunnel. */
export interface OpenedConnection {
  readonly options: ConnectionOptions;
  readonly tunnelled: boolean;
  /** A refused connection through the tunnel is said as the database refusing the tunnel, not as nothing answering on the loopback port. */
  explain(error: unknown): unknown;
  close(): Promise<void>;
}

/** One connection's lifetime: its options (and SSH tunnel) and the Database opened on first use. */
class ConnectionScope implements vscode.Disposable {
  private db: Promise<Database> | undefined;
  private disposed = false;

  constructor(readonly candidate: ConnectionCandidate, private readonly opened: OpenedConnection) {}

  get options(): ConnectionOptions {
    return this.opened.options;
  }

  get tunnelled(): boolean {
    return this.opened.tunnelled;
  }

  database(): Promise<Database> {
    if (!this.db) {
      const opening = lazyCore().then((core) => core.openDatabase(this.options)).catch((error: unknown) => Promise.reject(this.opened.explain(error)));
      this.db = opening;
      // Asked for after the scope ended (the connection changed, the extension stopped, during a
      // read): closed once open, as reset() closes one asked for before; the reader's queries then
      // fail as on a lost connection.
      if (this.disposed) void opening.then((d) => d.close(), () => undefined);
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
    this.disposed = true;
    this.reset();
    void this.opened.close();
  }
}

export class Connections implements vscode.Disposable {
  private scope: ConnectionScope | undefined;
  private resolving: Promise<ConnectionScope | undefined> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the active connection (or what it resolves to) changes. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Asks whether to trust an SSH server's unknown host key: VS Code's modal, replaced by the editor tests. */
  hostKeyPrompt: HostKeyPrompt = modalHostKeyPrompt;
  /**
   * One question per unknown key: readings at the same time share it, and a declined key is not
   * asked about again (at every refresh) until a connection is selected or the settings change.
   */
  private readonly hostKeyAnswers = new Map<string, Promise<boolean>>();
  /** Disposed (deactivation): a resolution still running opens nothing. */
  private disposed = false;
  private changes = 0;

  constructor(private readonly extension: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('migrationDoctor.connections')) return;
        this.hostKeyAnswers.clear();
        this.invalidate('connection settings changed');
      }),
      extension.secrets.onDidChange((e) => {
        const name = this.scope?.candidate.kind === 'settings' ? this.scope.candidate.name : undefined;
        if (name !== undefined && (e.key === secretKey(name) || e.key === passphraseKey(name))) this.invalidate('password changed');
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate('workspace folders changed')),
    );
    const envWatcher = vscode.workspace.createFileSystemWatcher('**/.env');
    const onEnv = (uri: vscode.Uri) => {
      const scope = this.scope;
      if (!scope) return this.invalidate('.env appeared');
      const folder = path.dirname(uri.fsPath);
      if (scope.candidate.kind === 'env' && folder === scope.candidate.folder.uri.fsPath) return this.invalidate('.env changed');
      // Nothing selected, a workspace folder's .env is the connection: one appearing or going may
      // change which one is active (a named connection was only the fallback).
      const selected = this.extension.workspaceState.get<string>(selectionKey);
      if (scope.candidate.id !== selected && (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.fsPath === folder)) this.invalidate('.env appeared or went');
    };
    this.disposables.push(envWatcher, envWatcher.onDidChange(onEnv), envWatcher.onDidCreate(onEnv), envWatcher.onDidDelete(onEnv));
    // The .env's connection is the entry of config/database.php its default names.
    const configWatcher = vscode.workspace.createFileSystemWatcher('**/config/database.php');
    const onConfig = (uri: vscode.Uri) => {
      const scope = this.scope;
      if (scope?.candidate.kind === 'env' && path.dirname(path.dirname(uri.fsPath)) === scope.candidate.folder.uri.fsPath) this.invalidate('config/database.php changed');
    };
    this.disposables.push(configWatcher, configWatcher.onDidChange(onConfig), configWatcher.onDidCreate(onConfig), configWatcher.onDidDelete(onConfig));
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
    this.hostKeyAnswers.clear();
    await this.extension.workspaceState.update(selectionKey, id);
    this.invalidate(`selected ${visibleName(id)}`);
  }

  /** Bumped whenever the active connection changes: a reading begun before belongs to the previous one. */
  get generation(): number {
    return this.changes;
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

  /** After a lost connection: the next use reconnects (through a new SSH tunnel, the old one may be what was lost). */
  reset(): void {
    if (!this.scope?.tunnelled) return this.scope?.reset();
    this.scope.dispose();
    this.scope = undefined;
    this.resolving = undefined;
  }

  async setPassword(name: string, password: string): Promise<void> {
    await this.extension.secrets.store(secretKey(name), password);
  }

  async setSshPassphrase(name: string, passphrase: string): Promise<void> {
    await this.extension.secrets.store(passphraseKey(name), passphrase);
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
    this.changes++;
    this.scope?.dispose();
    this.scope = undefined;
    this.resolving = undefined;
    this.changed.fire();
  }

  private activeScope(): Promise<ConnectionScope | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    if (this.scope) return Promise.resolve(this.scope);
    const resolving = (this.resolving ??= this.resolve().then(
      (scope) => {
        if (this.disposed) {
          scope?.dispose();
          return undefined;
        }
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
    if (candidate.setting && !candidate.setting.database) {
      const { DatabaseError } = await lazyCore();
      throw new DatabaseError('configuration', message('connection.noDatabase', candidate.name), message('connection.noDatabaseNext'));
    }
    return new ConnectionScope(candidate, await this.open(candidate));
  }

  /**
   * `candidate`'s options, through its SSH tunnel when it has one (an unknown host key is asked
   * about first): every client of the options (mysql2, mysqldump) then goes through the tunnel.
   * The caller closes it. Without a database (a pattern of tenant databases), `information_schema`.
   */
  async open(candidate: ConnectionCandidate): Promise<OpenedConnection> {
    const { readProjectConnection } = await lazyCore();
    const config = new Config(candidate.folder);
    const readTimeoutMs = config.readTimeoutSeconds * 1000;
    if (candidate.kind === 'env') {
      const env = vscode.Uri.joinPath(candidate.folder.uri, '.env').fsPath;
      // The version setting counts where Laravel's stock config applies (its defaults differ between 8–10 and 11+).
      const explicitVersion = config.laravelVersion ? { value: config.laravelVersion, name: 'migrationDoctor.laravelVersion' } : undefined;
      const result = await readProjectConnection(candidate.folder.uri.fsPath, env, { name: candidate.name, explicitVersion: async () => explicitVersion });
      if (!result.ok) throw result.error;
      return direct({ ...result.value, readTimeoutMs });
    }
    const s = candidate.setting!;
    const options = { ...await this.settingOptions(candidate.folder, s), readTimeoutMs };
    if (!s.ssh) return direct(options);
    const passphrase = await this.extension.secrets.get(passphraseKey(s.name));
    const tunnel = await openSettingTunnel(s.ssh, options, { folder: candidate.folder.uri.fsPath, passphrase, connectTimeoutMs: options.connectTimeoutMs ?? 5000, prompt: (key) => this.askHostKey(key) });
    const { DatabaseError, tunnelledDatabaseError } = await lazyCore();
    return {
      options: { ...options, host: tunnel.host, port: tunnel.port },
      tunnelled: true,
      explain: (error) => (error instanceof DatabaseError ? tunnelledDatabaseError(error, tunnel, options) : error),
      close: () => tunnel.close(),
    };
  }

  private askHostKey(key: Parameters<HostKeyPrompt>[0]): Promise<boolean> {
    const id = `${key.knownHostsPath}\n${key.host}\n${key.fingerprint}`;
    let answer = this.hostKeyAnswers.get(id);
    if (!answer) {
      this.hostKeyAnswers.set(id, (answer = this.hostKeyPrompt(key)));
      // Accepted, the key is in known_hosts from now on: nothing left to remember.
      answer.then((accepted) => accepted && this.hostKeyAnswers.delete(id), () => this.hostKeyAnswers.delete(id));
    }
    return answer;
  }

  private async settingOptions(folder: vscode.WorkspaceFolder, s: ConnectionSetting): Promise<ConnectionOptions> {
    const { defaultConnectTimeoutMs } = await lazyCore();
    const password = await this.extension.secrets.get(secretKey(s.name));
    const tls = s.tls ? { ...s.tls, ca: s.tls.ca ? path.resolve(folder.uri.fsPath, s.tls.ca) : undefined } : undefined;
    return {
      name: s.name,
      host: s.host ?? '127.0.0.1',
      port: s.port ?? 3306,
      user: s.username ?? 'root',
      password,
      database: s.database ?? 'information_schema',
      migrationsTable: s.migrationsTable ?? 'migrations',
      tablePrefix: s.tablePrefix ?? '',
      production: s.production ?? false,
      tls,
      connectTimeoutMs: defaultConnectTimeoutMs,
    };
  }

  dispose(): void {
    this.disposed = true;
    this.scope?.dispose();
    this.scope = undefined;
    this.resolving = undefined;
    for (const d of this.disposables) d.dispose();
  }
}

function direct(options: ConnectionOptions): OpenedConnection {
  return { options, tunnelled: false, explain: (error) => error, close: async () => undefined };
}

/** `laravel (.env)`: "Connection .env" read like a file name. The folder is named when there are several. */
async function envConnectionName(envFile: string, folderName: string | undefined): Promise<string> {
  const { readProjectConnection } = await lazyCore();
  // The .env of a workspace folder: the app there.
  const read = await readProjectConnection(path.dirname(envFile), envFile);
  const where = folderName ? `${folderName}/.env` : '.env';
  return read.ok ? `${read.value.database} (${where})` : where;
}
