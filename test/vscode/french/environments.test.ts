// Inside real VS Code in French: the side-by-side view's predicted failure as a French user reads
// it (the count in the environment's summary, the failure under it), from the same bundle and
// catalog as the active connection's tree. A database made by the real artisan of Laravel 8.83
// whose rows make the next migrate's unique index fail (1062).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { migratePeople, migrationFile, uniqueEmailUp } from '../../support/duplicateEmails';

const connectionName = 'md-french-env';
const createPeople = '2030_05_01_000001_create_md_fr_people_table';
const uniqueEmail = '2030_05_01_000002_add_unique_email_to_md_fr_people_table';

suite('French: every connection side by side, with its predicted failures', function () {
  this.timeout(300_000);
  let ctx: Ctx;
  let database: TestDatabase | undefined;
  let extra: string | undefined;
  const folder = () => vscode.workspace.workspaceFolders![0]!;
  const config = () => vscode.workspace.getConfiguration('migrationDoctor', folder());

  suiteSetup(async function () {
    await requireOracle();
    ctx = await vscode.extensions.getExtension<Ctx>('migration-doctor.migration-doctor')!.activate();
    database = await createTestDatabase('md_fr_env');
    extra = fs.mkdtempSync(path.join(folder().uri.fsPath, 'storage', 'md-fr-env-'));
    await migratePeople(database.name, extra, { table: 'md_fr_people', createName: createPeople }, ['a@b.c', 'a@b.c', 'd@e.f']);
    fs.writeFileSync(path.join(extra, `${uniqueEmail}.php`), migrationFile(uniqueEmailUp('md_fr_people')));
    const server = testServer();
    await config().update('migrationPaths', ['database/migrations', path.relative(folder().uri.fsPath, extra)], vscode.ConfigurationTarget.Global);
    await config().update('connections', [{ name: connectionName, host: server.host, port: server.port, username: server.user, database: database.name, production: true }], vscode.ConfigurationTarget.Global);
    if (server.password) await ctx.connections.setPassword(connectionName, server.password);
    await config().update('showAllConnections', true, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    if (ctx) {
      await config().update('showAllConnections', undefined, vscode.ConfigurationTarget.Global);
      await config().update('connections', undefined, vscode.ConfigurationTarget.Global);
      await config().update('migrationPaths', undefined, vscode.ConfigurationTarget.Global);
      await ctx.extension.secrets.delete(`migrationDoctor.password.${connectionName}`);
    }
    if (extra) fs.rmSync(extra, { recursive: true, force: true });
    await database?.drop();
  });

  test('the environment says "1 échec prévu" and the failure under it reads "en attente · échouera : 1062 …"', async () => {
    await ctx.environments.refresh();
    await ctx.environments.settled();
    const node = ctx.migrationsTree.getChildren().find((n) => n.kind === 'environment' && n.label === connectionName);
    assert.ok(node && node.kind === 'environment', ctx.migrationsTree.getChildren().map((n) => n.kind).join(', '));
    assert.match(String(ctx.migrationsTree.getTreeItem(node).description), /^production · \d+ exécutées · 0 en erreur · 1 en attente · 1 échec prévu$/);
    assert.deepEqual(node.children.map((c) => c.label), [uniqueEmail]);
    assert.equal(ctx.migrationsTree.getTreeItem(node.children[0]!).description, "en attente · échouera : 1062 valeur en double 'a@b.c' pour md_fr_people_email_unique (2 doublons)");
  });
});
