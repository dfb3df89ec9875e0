// Connection commands: select, test, set password, configure.
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import type { CommandFactory } from '../commands';
import { Config } from '../config';
import type { DatabaseError } from '../core/db/errors';
import type { Ctx } from '../ctx';
import { lazyCore } from '../editor/lazy';
import { sayError } from '../editor/messages';
import { labelText } from '../editor/markdown';
import { visibleName } from '../core/messages/visible';

async function selectConnection(ctx: Ctx): Promise<void> {
  const candidates = await ctx.connections.candidates();
  const active = await ctx.connections.activeCandidate();
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  type Item = vscode.QuickPickItem & { id?: string };
  const items: Item[] = candidates.map((c) => ({
    label: `${c.id === active?.id ? '$(check) ' : ''}${labelText(c.name)}`,
    description: c.kind === 'env'
      ? vscode.l10n.t('Laravel .env{0}', multiRoot ? ` (${labelText(c.folder.name)})` : '')
      : labelText(`${c.setting!.username ?? 'root'}@${c.setting!.host ?? '127.0.0.1'}:${c.setting!.port ?? 3306}/${c.setting!.database}`),
    detail: c.setting?.production ? vscode.l10n.t('production') : undefined,
    id: c.id,
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(gear) ${vscode.l10n.t('Configure Connection…')}` });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Select the database connection'), placeHolder: candidates.length === 0 ? vscode.l10n.t('No connection yet: configure one') : undefined });
  if (!picked) return;
  if (!picked.id) return void vscode.commands.executeCommand(CommandId.configureConnection);
  await ctx.connections.select(picked.id);
}

/** Connects, reads the server version and the migrations table: one message either way. */
async function testConnection(ctx: Ctx): Promise<void> {
  const { DatabaseError, classifyDatabaseError, describeConnection, publicConnection, quoteIdentifier } = await lazyCore();
  let options;
  try {
    options = await ctx.connections.activeOptions();
  } catch (error) {
    if (error instanceof DatabaseError) return reportFailure(ctx, error);
    throw error;
  }
  if (!options) {
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('No database connection: add a .env or a named connection.'), vscode.l10n.t('Configure Connection'));
    if (choice) await vscode.commands.executeCommand(CommandId.configureConnection);
    return;
  }
  const where = describeConnection(publicConnection(options));
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing {0}…', where) }, async () => {
    // A fresh scope: testing must not reuse a connection opened with an older password.
    ctx.connections.reset();
    try {
      const db = (await ctx.connections.database())!;
      const [version] = await db.query<{ version: string }>('SELECT VERSION() AS version');
      const table = options.tablePrefix + options.migrationsTable;
      const rows = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${quoteIdentifier(table)}`).catch((error: { errno?: number }) => {
        if (error?.errno === 1146) return undefined;
        throw error;
      });
      ctx.log.info(`test connection ${where}: ${visibleName(String(version?.version))}`);
      if (rows === undefined) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Connected to {0} ({1}), but the migration table {2} was not found. Run php artisan migrate once, or check the migrations table and prefix.', where, visibleName(version?.version ?? '?'), visibleName(table)));
      } else {
        const recorded = Number(rows[0]?.n ?? 0);
        void vscode.window.showInformationMessage(recorded === 1
          ? vscode.l10n.t('Connected to {0} ({1}): 1 migration recorded.', where, visibleName(version?.version ?? '?'))
          : vscode.l10n.t('Connected to {0} ({1}): {2} migrations recorded.', where, visibleName(version?.version ?? '?'), recorded));
      }
      ctx.connections.setConnected(true);
    } catch (error) {
      ctx.connections.reset();
      const classified = classifyDatabaseError(error, options);
      if (!classified) throw error;
      await reportFailure(ctx, classified);
    }
  });
  void ctx.status.refresh();
}

async function reportFailure(ctx: Ctx, error: DatabaseError): Promise<void> {
  ctx.log.warn(`connection failed: ${visibleName(error.message)}`);
  const setPassword = vscode.l10n.t('Set Password');
  const configure = vscode.l10n.t('Configure Connection');
  const active = await ctx.connections.activeCandidate();
  const actions = error.kind === 'access-denied' && active?.kind === 'settings' ? [setPassword, configure] : [configure];
  const choice = await vscode.window.showErrorMessage(sayError(error), ...actions);
  if (choice === setPassword) await vscode.commands.executeCommand(CommandId.setPassword);
  else if (choice === configure) await vscode.commands.executeCommand(CommandId.configureConnection);
}

async function setPassword(ctx: Ctx, name?: unknown): Promise<void> {
  const named = (await ctx.connections.candidates()).filter((c) => c.kind === 'settings');
  if (named.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Passwords are stored for named connections only; the .env connection uses DB_PASSWORD from the .env file.'),
      vscode.l10n.t('Configure Connection'),
    );
    if (choice) await vscode.commands.executeCommand(CommandId.configureConnection);
    return;
  }
  const active = await ctx.connections.activeCandidate();
  let target = typeof name === 'string' ? named.find((c) => c.name === name) : undefined;
  if (!target && named.length === 1) target = named[0];
  if (!target) {
    const picked = await vscode.window.showQuickPick(
      named.map((c) => ({ label: labelText(c.name), description: c.id === active?.id ? vscode.l10n.t('active') : undefined, c })),
      { title: vscode.l10n.t('Set the password of which connection?') },
    );
    target = picked?.c;
  }
  if (!target) return;
  const password = await vscode.window.showInputBox({
    title: vscode.l10n.t('Password of {0}', visibleName(target.name)),
    prompt: vscode.l10n.t('Kept in the system\'s secret storage, never in the settings.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) return;
  await ctx.connections.setPassword(target.name, password);
  void vscode.window.showInformationMessage(vscode.l10n.t('Password of {0} saved.', visibleName(target.name)));
}

async function configureConnection(ctx: Ctx): Promise<void> {
  // The active connection's folder (in a multi-root workspace the first folder may be another app).
  const folder = (await ctx.connections.activeCandidate())?.folder ?? vscode.workspace.workspaceFolders?.[0];
  const env = folder ? vscode.Uri.joinPath(folder.uri, '.env') : undefined;
  const envExists = env ? await vscode.workspace.fs.stat(env).then(() => true, () => false) : false;
  const example = folder ? vscode.Uri.joinPath(folder.uri, '.env.example') : undefined;
  const exampleExists = example ? await vscode.workspace.fs.stat(example).then(() => true, () => false) : false;
  type Item = vscode.QuickPickItem & { action: 'env' | 'create-env' | 'settings' | 'password' };
  const items: Item[] = [];
  if (envExists) items.push({ label: `$(file) ${vscode.l10n.t('Edit the workspace\'s .env')}`, detail: vscode.l10n.t('DB_CONNECTION, DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME, DB_PASSWORD'), action: 'env' });
  else if (folder) items.push({ label: `$(new-file) ${vscode.l10n.t('Create the .env')}`, detail: exampleExists ? vscode.l10n.t('From .env.example') : undefined, action: 'create-env' });
  items.push({ label: `$(settings-gear) ${vscode.l10n.t('Add a named connection in the settings')}`, detail: vscode.l10n.t('migrationDoctor.connections: name, host, port, database, username, production…'), action: 'settings' });
  if (new Config(folder).connections.length > 0) items.push({ label: `$(key) ${vscode.l10n.t('Set a connection\'s password')}`, action: 'password' });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Configure the database connection') });
  if (!picked) return;
  switch (picked.action) {
    case 'env':
      await vscode.window.showTextDocument(env!);
      break;
    case 'create-env': {
      const content = exampleExists
        ? await vscode.workspace.fs.readFile(example!)
        : new TextEncoder().encode('DB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=3306\nDB_DATABASE=\nDB_USERNAME=root\nDB_PASSWORD=\n');
      await vscode.workspace.fs.writeFile(env!, content);
      await vscode.window.showTextDocument(env!);
      ctx.connections.invalidate('.env created');
      break;
    }
    case 'settings':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'migrationDoctor.connections');
      break;
    case 'password':
      await vscode.commands.executeCommand(CommandId.setPassword);
      break;
  }
}

export const connectionCommands: Partial<Record<CommandId, CommandFactory>> = {
  [CommandId.selectConnection]: (ctx) => () => selectConnection(ctx),
  [CommandId.testConnection]: (ctx) => () => testConnection(ctx),
  [CommandId.setPassword]: (ctx) => (name?: unknown) => setPassword(ctx, name),
  [CommandId.configureConnection]: (ctx) => () => configureConnection(ctx),
};
