// Typed getters over the `migrationDoctor` settings, read on demand per resource (never cached).
// Each value is checked (./editor/settingValues): settings.json may hold any type where the schema says one.
import * as vscode from 'vscode';
import { isSeverity } from './core/analysis/severity';
import type { SeveritySetting } from './core/analysis/types';
import { booleanSetting, objectListSetting, positiveNumberSetting, recordSetting, textListSetting, textSetting } from './editor/settingValues';

export const configSection = 'migrationDoctor';

export class Config {
  constructor(private readonly scope?: vscode.ConfigurationScope) {}

  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(configSection, this.scope);
  }

  get migrationPaths(): string[] {
    return textListSetting(this.raw.get('migrationPaths'), ['database/migrations']);
  }

  /** The Laravel version to assume when composer.lock and composer.json do not say ('' when not set). */
  get laravelVersion(): string {
    return textSetting(this.raw.get('laravelVersion'), '').trim();
  }

  /** Rule id -> severity overrides (`off` included); unknown values are dropped. */
  get ruleSeverities(): Record<string, SeveritySetting> {
    const configured = recordSetting(this.raw.get('rules'));
    return Object.fromEntries(Object.entries(configured).filter((e): e is [string, SeveritySetting] => isSeverity(e[1])));
  }

  /** Named connections; entries without a name, or without a database or database pattern, are dropped (the schema requires them). */
  get connections(): ConnectionSetting[] {
    return (objectListSetting(this.raw.get('connections')) as Partial<ConnectionSetting>[])
      .filter((c): c is ConnectionSetting => typeof c?.name === 'string' && c.name !== '' && (typeof c.database === 'string' || typeof c.databases === 'string'));
  }

  /** The Migrations view shows every connection side by side instead of the active one. */
  get showAllConnections(): boolean {
    return booleanSetting(this.raw.get('showAllConnections'), false);
  }

  /** Where repairs write their backups; relative paths are under the workspace folder. */
  get backupDirectory(): string {
    return textSetting(this.raw.get('backups.directory'), '').trim() || '.migration-doctor/backups';
  }

  get useMysqldump(): boolean {
    return booleanSetting(this.raw.get('backups.useMysqldump'), true);
  }

  /** Whether preflight replays the pending migrations on the active connection after each status. */
  get preflightEnabled(): boolean {
    return booleanSetting(this.raw.get('preflight.enabled'), true);
  }

  /** How long a status the editor reads may wait for the server before it is said to be unknown. */
  get statusTimeoutSeconds(): number {
    return positiveNumberSetting(this.raw.get('statusTimeoutSeconds'), 30, 3600);
  }

  /** How long a query may go without a byte from the server before the server is asked, on a second connection, whether it still runs it. */
  get readTimeoutSeconds(): number {
    return positiveNumberSetting(this.raw.get('readTimeoutSeconds'), 30, 86_400);
  }

  /** The workspace's compiled Drizzle schema folder ('' when not configured); relative to the workspace folder. */
  get drizzleSchemaFolder(): string {
    return textSetting(this.raw.get('drizzleSchemaFolder'), '').trim();
  }
}

/** One entry of `migrationDoctor.connections` (its password lives in SecretStorage). */
export interface ConnectionSetting {
  readonly name: string;
  readonly host?: string;
  readonly port?: number;
  /** Absent when `databases` names the tenant databases instead. */
  readonly database?: string;
  /** A SQL LIKE pattern (`tenant\_%`; a bare `_` is any one character): every matching database of the server, checked together. */
  readonly databases?: string;
  readonly username?: string;
  readonly migrationsTable?: string;
  readonly tablePrefix?: string;
  readonly production?: boolean;
  readonly tls?: { readonly ca?: string; readonly rejectUnauthorized?: boolean };
  /** Reached through this SSH server (its key passphrase lives in SecretStorage); host and port are then the database as the SSH server sees it. */
  readonly ssh?: SshSetting;
}

export interface SshSetting {
  /** A host name, an address, or a Host alias of ~/.ssh/config. */
  readonly host: string;
  readonly port?: number;
  readonly username?: string;
  readonly privateKeyPath?: string;
  /** Authenticate with the agent of SSH_AUTH_SOCK (the default when no key is given). */
  readonly agent?: boolean;
  /** The known_hosts file checked and added to (default ~/.ssh/known_hosts). */
  readonly knownHostsPath?: string;
}
