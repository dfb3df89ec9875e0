// Inside real VS Code in French (scripts/test-vscode.mjs --french installs a language pack of
// our own and starts code-server with --locale fr): the incident database (made by the real
// artisan), a named connection, then what a French user reads on the way to a repair: the
// tree, the status bar, the steps, the SQL preview, the questions, the preview once applied.
// The modal and quick picks are answered through the flow's prompts (a test cannot click a modal).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import { catalog } from '../../../src/core/messages/catalog';
import type { InterruptedRun, RunOutcome } from '../../../src/core/repair/run';
import { tooltipOf } from '../../../src/editor/migrationsTree';
import { vscodePrompts, type RepairPrompts } from '../../../src/editor/repair';
import { createTestDatabase, testServer, withServer, type TestDatabase } from '../../support/database';
import { bringTo, migrationNames, requireOracle } from '../../support/laravel';
import { activeCtx, namedConnection, until, type SuiteConnection } from '../support/extension';

const connectionName = 'md-french-test';

/**
 * The English a French user must not read: every sentence of the catalog and of the editor's
 * l10n calls (the bundle's keys) that has a French translation of its own, as the runs of
 * three words or more between its placeholders.
 */
function englishFragments(bundle: Record<string, string>): string[] {
  const templates = new Set([...Object.values(catalog), ...Object.keys(bundle)]);
  return [...templates]
    .filter((english) => bundle[english] !== undefined && bundle[english] !== english)
    .flatMap((english) => english.split(/\{\d+\}/))
    .map((fragment) => fragment.trim())
    .filter((fragment) => fragment.split(/\s+/).length >= 3 && fragment.length >= 15);
}

function assertNoEnglish(where: string, text: string, fragments: readonly string[]): void {
  const found = fragments.filter((fragment) => text.includes(fragment));
  assert.deepEqual(found, [], `${where} has English:\n${text}`);
}

suite('French: the repair flow as a French user reads it', function () {
  this.timeout(180_000);
  let ctx: Ctx;
  let database: TestDatabase | undefined;
  let connection: SuiteConnection | undefined;
  let fragments: string[];

  suiteSetup(async function () {
    await requireOracle();
    ctx = await activeCtx();
    const bundle = JSON.parse(fs.readFileSync(path.join(ctx.extension.extensionPath, 'l10n', 'bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;
    fragments = englishFragments(bundle);
    assert.ok(fragments.length > 100, `only ${fragments.length} English fragments: the scan is broken`);
    database = await createTestDatabase('md_fr_repair_vscode');
    await bringTo(database.name, 'incident-with-rows');
    connection = await namedConnection(ctx, { name: connectionName, database: database.name, target: vscode.ConfigurationTarget.WorkspaceFolder, backupsPrefix: 'md-vscode-fr-backups-' });
  });

  suiteTeardown(async () => {
    if (ctx) ctx.repair.flow.prompts = vscodePrompts;
    await connection?.remove();
    await database?.drop();
  });

  test('VS Code runs in French and has loaded the extension\'s French bundle', () => {
    assert.equal(vscode.env.language, 'fr');
    assert.ok(vscode.l10n.bundle, 'no l10n bundle was loaded');
  });

  test('the tree and the status bar say the incident in French', async () => {
    await ctx.status.refresh();
    assert.ok(await until(() => ctx.status.view.kind === 'ready' && ctx.status.view.snapshot.connection.database === database!.name, 30_000), ctx.status.view.kind);
    // Preflight's predictions join the status bar and the tree once it has run (120134 will fail with 1050).
    assert.ok(await until(() => ctx.preflight.failures === 1, 30_000), 'no preflight prediction');
    const status = ctx.statusBar.item.text;
    // Counted in French (preflight's predicted failures may join it later).
    assert.match(status, /^\$\(database\) md-french-test · \d+ en erreur\b/, status);
    const groups = ctx.migrationsTree.getChildren().map((node) => ctx.migrationsTree.getTreeItem(node));
    const groupTexts = groups.map((item) => `${String(item.label)} · ${String(item.description)}`);
    assert.ok(groupTexts.some((text) => /^Problèmes · 2 migrations$/.test(text)), groupTexts.join(' | '));
    assert.ok(groupTexts.some((text) => /^Lot 1 · \d+ migrations$/.test(text)), groupTexts.join(' | '));
    const problems = ctx.migrationsTree.getChildren(ctx.migrationsTree.getChildren()[0]);
    const items = problems.map((node) => ctx.migrationsTree.getTreeItem(node));
    const lines = items.map((item) => `${String(item.label)}: ${String(item.description)}`);
    assert.ok(lines.includes(`${migrationNames.notificationsTracking}: exécutée, table absente · lot 1`), lines.join('\n'));
    assert.ok(lines.includes(`${migrationNames.transactionsTracking}: en attente, table existante · échouera : 1050 Table 'eklektik_transactions_tracking' already exists`), lines.join('\n'));
    assert.match(status, / · 1 échec prévu$/, status);
    // Markdown, its escapes removed.
    const tooltips = problems.map((node) => (node.kind === 'migration' ? tooltipOf(node.status).value : '')).join('\n').replace(/\\(.)/g, '$1');
    assert.match(tooltips, /Enregistrée comme exécutée \(lot 1\)/);
    // The status's own sentences (the CLI's, in English), said in French: the table, then the repair.
    assert.match(tooltips, /Non enregistrée, mais la table `eklektik_transactions_tracking` que crée son up\(\) existe déjà : le prochain `php artisan migrate` échouera avec l'erreur 1050\./);
    assert.match(tooltips, /La réparation crée `eklektik_notifications_tracking` d'après sa structure attendue et conserve la ligne de la migration\./);
    for (const [where, text] of [['status bar', status], ['groups', groupTexts.join('\n')], ['items', lines.join('\n')], ['tooltips', tooltips]] as const) {
      assertNoEnglish(where, text, fragments);
    }
  });

  test('Repair Migrations…: steps, SQL preview, questions and the applied preview are French', async () => {
    const said: string[] = [];
    let preview = '';
    const prompts: RepairPrompts = {
      review: async (message, actions) => {
        said.push(message, ...actions);
        preview = vscode.window.activeTextEditor?.document.getText() ?? '';
        return actions[0];
      },
      confirm: async (message, detail, action) => { said.push(message, detail, action); return true; },
      typeDatabaseName: async () => undefined,
      pickChoice: async (items) => items[0],
      pickSteps: async (items, title) => {
        said.push(title, ...items.map((i) => `${(i as vscode.QuickPickItem).detail ?? ''}`));
        return items.filter((i) => i.picked);
      },
    };
    ctx.repair.flow.prompts = prompts;
    const outcome = (await vscode.commands.executeCommand('migrationDoctor.repair')) as RunOutcome | undefined;
    assert.ok(outcome?.kind === 'applied' && outcome.ok, `${outcome?.kind === 'applied' ? outcome.report : String(outcome?.kind)}\n${said.join('\n')}`);

    const asked = said.join('\n');
    assert.match(asked, /^Étapes à appliquer sur /m);
    assert.match(asked, /^Lisez le plan de réparation de .* \(2 étapes\) dans l'éditeur, puis appliquez-le\.$/m);
    assert.match(asked, /^Appliquer…$/m);
    assert.match(asked, /^Appliquer 2 étapes de réparation à .* \?$/m);
    assert.match(asked, /Une sauvegarde de ce que touchent les étapes est d'abord écrite dans .* puis vérifiée\./);
    assert.match(asked, /La sauvegarde contiendra les lignes de la table des migrations que changent les étapes/);
    assert.match(asked, /^Sauvegarder et réparer$/m);
    assertNoEnglish('the questions', asked, fragments);

    assert.match(preview, /^-- Plan de réparation de Migration Doctor pour /m);
    assert.match(preview, /^-- Rien n'a encore été exécuté\./m);
    assert.match(preview, /^-- Étape 1 : create-table 2025_09_23_011532/m);
    assertNoEnglish('the SQL preview', preview.split('\n').filter((line) => line.startsWith('--')).join('\n'), fragments);

    const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'migration-doctor-plan');
    assert.ok(document, 'the preview is gone');
    assert.ok(await until(() => /^-- Ce plan a été appliqué à .* et vérifié\./.test(document.getText()), 10_000), document.getText());
    // What was applied, counted without an agreement that would be wrong for one step.
    assert.match(document.getText(), /Étapes appliquées : 2 sur 2, soit create-table:/);
    assertNoEnglish('the applied preview', document.getText(), fragments);
  });

  test('Cancel on the progress notification: the preview says in French where the repair stopped', async () => {
    const cancelled = await createTestDatabase('md_fr_repair_cancel');
    const other = await namedConnection(ctx, { name: 'md-french-cancel', database: cancelled.name, target: vscode.ConfigurationTarget.WorkspaceFolder, backupsPrefix: 'md-vscode-fr-cancel-' });
    const blocker = await mysql.createConnection({ ...testServer(), database: cancelled.name });
    try {
      await bringTo(cancelled.name, 'incident');
      await withServer((c) => c.query(`INSERT INTO \`${cancelled.name}\`.migrations (migration, batch) VALUES ('2025_01_01_000000_create_gone_table', 1)`));
      ctx.repair.flow.prompts = { ...vscodePrompts, review: async (_m, actions) => actions[0], confirm: async () => true, pickSteps: async (items) => items.filter((i) => i.picked) };
      // The record step's INSERT waits for this session: Cancel is then the only way out.
      await blocker.query('LOCK TABLES migrations READ');
      await vscode.commands.executeCommand('notifications.clearAll');
      let outcome: RunOutcome | InterruptedRun | undefined;
      let settled = false;
      const running = Promise.resolve(vscode.commands.executeCommand<RunOutcome | InterruptedRun | undefined>('migrationDoctor.repair')).then((o) => { outcome = o; }).finally(() => { settled = true; });
      assert.ok(await until(async () => settled || ((await withServer((c) => c.query("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND STATE LIKE 'Waiting for table metadata lock'", [cancelled.name])))[0] as unknown[]).length > 0, 60_000));
      assert.equal(settled, false, 'the repair ended before waiting on the lock');
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      assert.ok(await until(() => settled, 20_000), 'Cancel did not stop the repair');
      await running;
      assert.equal(outcome?.kind, 'interrupted');
      // The preview reloads its new text from the read-only file system.
      const cancelledPreview = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'migration-doctor-plan' && /^-- Ce plan a été annulé sur /.test(d.getText()));
      assert.ok(await until(() => cancelledPreview() !== undefined, 10_000), vscode.workspace.textDocuments.map((d) => d.getText().split('\n')[0]).join('\n'));
      const document = cancelledPreview()!;
      assert.match(document.getText(), /^-- La réparation a été interrompue avant la fin \(appliquées : create-table:\S+ ; non appliquées : [^)]+\) ; la sauvegarde prise avant toute modification est \S+\. .*migration-doctor restore \S+$/m);
      assertNoEnglish('the cancelled preview', document.getText(), fragments);
    } finally {
      await blocker.end().catch(() => blocker.destroy());
      await other.remove();
      await cancelled.drop();
    }
  });
});
