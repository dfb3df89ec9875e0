// Typed getters over the `migrationDoctor` settings, read on demand per resource (never cached).
import * as vscode from 'vscode';
import { isSeverity } from './core/analysis/severity';
import type { SeveritySetting } from './core/analysis/types';

export const configSection = 'migrationDoctor';

export class Config {
  constructor(private readonly scope?: vscode.ConfigurationScope) {}

  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(configSection, this.scope);
  }

  get migrationPaths(): string[] {
    return this.raw.get<string[]>('migrationPaths', ['database/migrations']);
  }

  /** The Laravel version to assume when composer.lock and composer.json do not say ('' when not set). */
  get laravelVersion(): string {
    return this.raw.get<string>('laravelVersion', '').trim();
  }

  /** Rule id -> severity overrides (`off` included); unknown values are dropped. */
  get ruleSeverities(): Record<string, SeveritySetting> {
    const configured = this.raw.get<Record<string, unknown>>('rules', {});
    return Object.fromEntries(Object.entries(configured ?? {}).filter((e): e is [string, SeveritySetting] => isSeverity(e[1])));
  }

  /** Named connections; entries without a name, or without a database or database pattern, are dropped (the schema requires them). */
  get connections(): ConnectionSetting[] {
    return this.raw
      .get<Partial<ConnectionSetting>[]>('connections', [])
      .filter((c): c is ConnectionSetting => typeof c?.name === 'string' && c.name !== '' && (typeof c.database === 'string' || typeof c.databases === 'string'));
  }

  /** The Migrations view shows every connection side by side instead of the active one. */
  get showAllConnections(): boolean {
    return this.raw.get<boolean>('showAllConnections', false);
  }

  /** Where repairs write their backups; relative paths are under the workspace folder. */
  get backupDirectory(): string {
    return this.raw.get<string>('backups.directory', '.migration-doctor/backups') || '.migration-doctor/backups';
  }

  get useMysqldump(): boolean {
    return this.raw.get<boolean>('backups.useMysqldump', true);
  }

  /** Whether preflight replays the pending migrations on the active connection after each status. */
  get preflightEnabled(): boolean {
    return this.raw.get<boolean>('preflight.enabled', true);
  }

  /** The workspace's compiled Drizzle schema folder ('' when not configured); relative to the workspace folder. */
  get drizzleSchemaFolder(): string {
    return this.raw.get<string>('drizzleSchemaFolder', '').trim();
  }
}

/** One entry of `migrationDoctor.connections` (its password lives in SecretStorage). */
export interface ConnectionSetting {
  readonly name: string;
  readonly host?: string;
  readonly port?: number;
  /** Absent when `databases` names the tenant databases instead. */
  readonly database?: string;
  /** A SQL LIKE pattern (`tenant_%`): every matching database of the server, checked together. */
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
