// Runs inside real VS Code with a copy of test/fixtures/laravel-app open: the extension must
// activate by itself in a Laravel workspace, register every contributed command and
// contribute its view.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { laravelAppDir, repoRoot } from '../../support/laravel';
import { extensionId, until } from '../support/extension';


interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    viewsContainers: { activitybar: { id: string }[] };
    views: Record<string, { id: string }[]>;
  };
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(extensionId);
  assert.ok(found, `extension ${extensionId} is not installed in this VS Code`);
  return found;
}

suite('Extension', () => {
  test('opens a Laravel workspace (the fixture app)', async () => {
    const artisan = await vscode.workspace.findFiles('artisan', null, 1);
    assert.equal(artisan.length, 1, `no artisan file in ${vscode.workspace.workspaceFolders?.map((f) => f.uri.toString())}`);
  });

  test('the workspace is this run\'s copy of the fixture app, and artisan runs in it: the committed fixture is never written to', () => {
    const opened = path.resolve(vscode.workspace.workspaceFolders![0]!.uri.fsPath);
    assert.notEqual(opened, path.join(repoRoot, 'test', 'fixtures', 'laravel-app'), 'concurrent runs would edit and save the same files');
    assert.equal(laravelAppDir, opened, 'artisan would read other migrations than the workspace holds');
  });

  test('activates by itself in a Laravel workspace, through workspaceContains only', async () => {
    const manifest = extension().packageJSON as Manifest;
    assert.ok(!manifest.activationEvents.includes('*'), 'activation must never be "*"');
    assert.ok(manifest.activationEvents.includes('workspaceContains:artisan'));
    // Nothing in the suite has touched the extension yet: activation comes from the workspace.
    assert.ok(await until(() => extension().isActive, 20_000, 50), 'the extension did not activate within 20 s');
    // VS Code also marks an extension whose activate() threw as active, without exports; asking
    // it to activate again hands back that failure, which Ctx.create reports and rethrows.
    const failure = await extension().activate().then(() => undefined, (error: unknown) => error);
    assert.equal(failure, undefined, `activation failed: ${failure instanceof Error ? failure.stack : String(failure)}`);
    assert.ok(extension().exports, 'activate() failed: the extension has no exports');
  });

  test('activate() resolves and the extension is active', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
    assert.ok(ext.exports, 'activate() returned nothing');
  });

  test('registers every command declared in package.json', async () => {
    await extension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = (extension().packageJSON as Manifest).contributes.commands.map((c) => c.command);
    assert.ok(declared.length > 0);
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands declared but not registered: ${missing.join(', ')}`);
  });

  test('contributes the Migrations view in its own activity bar container', async () => {
    const manifest = extension().packageJSON as Manifest;
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === 'migrationDoctor'));
    assert.ok(manifest.contributes.views.migrationDoctor.some((v) => v.id === 'migrationDoctor.migrations'));

    // The workbench creates these commands only for a container and a view it knows.
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('workbench.view.extension.migrationDoctor'), 'the view container is not contributed');
    assert.ok(registered.has('migrationDoctor.migrations.focus'), 'the view is not contributed');
    await vscode.commands.executeCommand('workbench.view.extension.migrationDoctor');
    await vscode.commands.executeCommand('migrationDoctor.migrations.focus');
  });

  test('Show Log runs', async () => {
    await vscode.commands.executeCommand('migrationDoctor.showLog');
  });
});
