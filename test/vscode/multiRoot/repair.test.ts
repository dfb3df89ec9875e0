// Inside real VS Code with a real two-folder workspace (scripts/test-vscode.mjs --multi-root):
// folders a and b are copies of the fixture app, each with its own .env, database and one
// migration the other does not have. Repair on b's connection must read b's migrations only.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import type { RunOutcome } from '../../../src/core/repair/run';
import { vscodePrompts } from '../../../src/editor/repair';
import { createTestDatabase, migrationRows, testServer, withServer, type TestDatabase } from '../../support/database';
import { bringTo, requireOracle } from '../../support/laravel';
import { activeCtx, until } from '../support/extension';

const only = { a: '2030_01_01_000001_create_md_folder_a_only_table', b: '2030_01_01_000002_create_md_folder_b_only_table' };

const migration = (table: string) => `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;
return new class extends Migration {
    public function up() { Schema::create('${table}', function (Blueprint $table) { $table->id(); }); }
    public function down() { Schema::dropIfExists('${table}'); }
};
`;

suite('Multi-root workspace: each folder repaired from its own migrations', function () {
  this.timeout(240_000);
  let ctx: Ctx;
  const databases: Partial<Record<'a' | 'b', TestDatabase>> = {};
  const folders: Partial<Record<'a' | 'b', vscode.WorkspaceFolder>> = {};

  suiteSetup(async function () {
    await requireOracle();
    ctx = await activeCtx();
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['a', 'b'], 'the launcher opens a workspace of folders a and b');
    const server = testServer();
    for (const name of ['a', 'b'] as const) {
      const folder = vscode.workspace.workspaceFolders!.find((f) => f.name === name)!;
      folders[name] = folder;
      const database = await createTestDatabase(`md_g_multiroot_${name}`);
      databases[name] = database;
      await bringTo(database.name, 'incident-with-rows');
      fs.writeFileSync(path.join(folder.uri.fsPath, 'database', 'migrations', `${only[name]}.php`), migration(`md_folder_${name}_only`));
      fs.writeFileSync(path.join(folder.uri.fsPath, '.env'), [
        `APP_NAME=folder-${name}`, 'DB_CONNECTION=mysql', `DB_HOST=${server.host}`, `DB_PORT=${server.port}`,
        `DB_DATABASE=${database.name}`, `DB_USERNAME=${server.user}`, `DB_PASSWORD=${server.password}`, '',
      ].join('\n'));
    }
    // b's own migration ran in b's database. a's table exists there too: read with a's
    // migrations, b's plan would record a's migration and delete b's row as an orphan.
    await withServer(async (c) => {
      const b = databases.b!.name;
      for (const table of ['md_folder_b_only', 'md_folder_a_only']) await c.query(`CREATE TABLE \`${b}\`.\`${table}\` (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY)`);
      await c.query(`INSERT INTO \`${b}\`.migrations (migration, batch) VALUES (?, 1)`, [only.b]);
    });
  });

  suiteTeardown(async () => {
    if (ctx) {
      ctx.repair.flow.prompts = vscodePrompts;
      await ctx.connections.select('');
    }
    for (const database of Object.values(databases)) await database?.drop();
  });

  test('Repair on folder b\'s connection keeps b\'s own row and never reads a\'s migrations', async () => {
    await ctx.connections.select(`env:${folders.b!.uri.toString()}`);
    assert.equal((await ctx.connections.active())?.folder.name, 'b');
    assert.equal((await ctx.connections.activeOptions())?.database, databases.b!.name);

    const listed: string[] = [];
    const previews: string[] = [];
    ctx.repair.flow.prompts = {
      review: async (_message, actions) => {
        previews.push(vscode.window.activeTextEditor?.document.getText() ?? '');
        return actions[0];
      },
      confirm: async () => true,
      typeDatabaseName: async () => undefined,
      pickChoice: async (items) => items[0],
      pickSteps: async (items) => {
        listed.push(...items.map((i) => `${i.label} ${(i as vscode.QuickPickItem).description ?? ''}`));
        return items.filter((i) => i.picked);
      },
    };
    const outcome = (await vscode.commands.executeCommand('migrationDoctor.repair')) as RunOutcome | undefined;
    assert.ok(outcome?.kind === 'applied' && outcome.ok, outcome?.kind === 'applied' ? outcome.report : String(outcome?.kind));
    const planned = [...listed, ...previews, ...outcome.applied.map((s) => s.id)].join('\n');
    assert.doesNotMatch(planned, /delete-record/, 'b\'s own row was planned for deletion');
    assert.ok(!planned.includes(only.a), `a's migration was read for b:\n${planned}`);
    const rows = (await migrationRows(databases.b!.name)).map((r) => r.migration);
    assert.ok(rows.includes(only.b), 'b\'s own row was deleted');
    assert.ok(!rows.includes(only.a), 'a\'s migration was recorded in b\'s database');
    // The incident itself was repaired in b, and a's database was not touched.
    assert.equal(outcome.applied.length > 0, true);
    assert.ok(!(await migrationRows(databases.a!.name)).some((r) => r.migration === only.a || r.migration === only.b));

    // The view follows b too: b's migration ran, nothing broken once repaired.
    assert.ok(await until(async () => {
      const view = ctx.status.view;
      return view.kind === 'ready' && view.snapshot.connection.database === databases.b!.name
        && view.snapshot.migrations.some((m) => m.name === only.b && m.state === 'ran') && view.snapshot.counts.broken === 0;
    }, 20_000), JSON.stringify(ctx.status.view.kind === 'ready' ? ctx.status.view.snapshot.migrations.map((m) => [m.name, m.state]) : ctx.status.view.kind));
  });
});
