// What the editor suites share to get going: the extension's Ctx, a polling wait, and a named
// connection to a test database, written to the settings and selected, that the suite's
// teardown takes back out. Loaded by the suites only (index.ts runs *.test.js files).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import type { MigrationsNode } from '../../../src/editor/migrationsTree';
import { testServer } from '../../support/database';

export const extensionId = 'migration-doctor.migration-doctor';

/** The extension under test, activated: its Ctx. */
export async function activeCtx(): Promise<Ctx> {
  const extension = vscode.extensions.getExtension<Ctx>(extensionId);
  assert.ok(extension, `${extensionId} is not installed`);
  return extension.activate();
}

/** The repair flow's prompts answered as a user who accepts every default: the first action, yes, the steps as picked. */
export function acceptEveryPrompt(ctx: Ctx): void {
  ctx.repair.flow.prompts = {
    review: async (_message, actions) => actions[0],
    confirm: async () => true,
    typeDatabaseName: async () => undefined,
    pickChoice: async (items) => items[0],
    pickSteps: async (items) => items.filter((i) => i.picked),
  };
}

/** Whether `condition` came true within `timeoutMs`, asked every `everyMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return true;
}

/** Every migration node of the Migrations tree, by name, as the group it is shown in holds it. */
export function migrationNodes(ctx: Ctx): Map<string, Extract<MigrationsNode, { kind: 'migration' }>> {
  const found = new Map<string, Extract<MigrationsNode, { kind: 'migration' }>>();
  for (const group of ctx.migrationsTree.getChildren()) {
    for (const node of ctx.migrationsTree.getChildren(group)) {
      if (node.kind === 'migration') found.set(node.status.name, node);
    }
  }
  return found;
}

export interface ConnectionSetup {
  /** The setting's name; the server's password is stored in the extension's secrets under it. */
  readonly name: string;
  readonly database: string;
  /**
   * Where the setting is written: Global (the launcher's user data, this run's own) or
   * WorkspaceFolder (the first folder's .vscode/settings.json, removed again when the suite
   * made it).
   */
  readonly target: vscode.ConfigurationTarget;
  /** Makes a temporary folder with this prefix for the repair's backups, set as backups.directory. */
  readonly backupsPrefix?: string;
  /** More of the setting (an `ssh` block). */
  readonly more?: Record<string, unknown>;
  /** Selects the connection (default true). */
  readonly select?: boolean;
}

export interface SuiteConnection {
  /** The connections entry as written, to write back after a test changed it. */
  readonly setting: { name: string; host: string; port: number; username: string; database: string } & Record<string, unknown>;
  /** The backups folder, when asked for. */
  readonly backups: string | undefined;
  /** Takes the settings, the selection, the password and the backups folder back out. */
  remove(): Promise<void>;
}

/** Writes `setup` as a named connection (and its password), and selects it. */
export async function namedConnection(ctx: Ctx, setup: ConnectionSetup): Promise<SuiteConnection> {
  const folder = vscode.workspace.workspaceFolders![0]!;
  const config = () => vscode.workspace.getConfiguration('migrationDoctor', folder);
  const settingsDir = path.join(folder.uri.fsPath, '.vscode');
  const settingsExisted = fs.existsSync(path.join(settingsDir, 'settings.json'));
  const server = testServer();
  const setting = { name: setup.name, host: server.host, port: server.port, username: server.user, database: setup.database, ...setup.more };
  const backups = setup.backupsPrefix ? fs.mkdtempSync(path.join(os.tmpdir(), setup.backupsPrefix)) : undefined;
  await config().update('connections', [setting], setup.target);
  if (backups) await config().update('backups.directory', backups, setup.target);
  if (server.password) await ctx.connections.setPassword(setup.name, server.password);
  if (setup.select ?? true) await ctx.connections.select(`settings:${setup.name}`);
  return {
    setting,
    backups,
    async remove() {
      await config().update('connections', undefined, setup.target);
      if (backups) await config().update('backups.directory', undefined, setup.target);
      await ctx.connections.select('');
      await ctx.extension.secrets.delete(`migrationDoctor.password.${setup.name}`);
      if (setup.target === vscode.ConfigurationTarget.WorkspaceFolder && !settingsExisted) fs.rmSync(settingsDir, { recursive: true, force: true });
      if (backups) fs.rmSync(backups, { recursive: true, force: true });
    },
  };
}

/** What the extension's output channel (a LogOutputChannel) wrote so far: its log file, beside the extension's own log folder. */
export function outputChannelLog(ctx: Ctx): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const at = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(at);
      else if (entry.name.endsWith('Migration Doctor.log')) found.push(at);
    }
  };
  walk(path.dirname(ctx.extension.logUri.fsPath));
  return found.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
}
