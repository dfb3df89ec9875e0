// Inside real VS Code: the diagnostics in a workspace as people really have them. A migrations
// folder configured outside the workspace folder (`../shared`), a burst of files created and
// deleted at once (a checkout of another branch), a migration saved in UTF-16 (PHP cannot run
// it), settings of the wrong type written by hand, and the end of a connection scope.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import { Connections } from '../../../src/editor/connections';
import { activeCtx, namedConnection, until } from '../support/extension';

const ours = (uri: vscode.Uri, code?: string) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'migration-doctor' && (code === undefined || d.code === code));

/** A migration creating `table`, in the house's usual layout (line 5 holds the Schema::create). */
/** Where to type at the end of the table literal on line 5 of `creating`'s text. */
const literalEnd = (document: vscode.TextDocument) => new vscode.Position(5, document.lineAt(5).text.indexOf("', function"));
const creating = (table: string) =>
  `<?php\n\nreturn new class extends Illuminate\\Database\\Migrations\\Migration {\n    public function up()\n    {\n        Schema::create('${table}', function ($table) {\n            $table->id();\n        });\n    }\n};\n`;

suite('Messy workspaces: diagnostics and connections', function () {
  this.timeout(120_000);
  let ctx: Ctx;
  const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  // One folder inside the workspace and one beside it (reached as `../…`), both of this suite only.
  let inside = '';
  let beside = '';
  let sequence = Date.now() % 100_000;
  const stamp = () => `2099_11_30_${String(++sequence).padStart(6, '0')}`;

  suiteSetup(async () => {
    ctx = await activeCtx();
    const tag = `${process.pid}-${Date.now() % 100_000}`;
    inside = path.join(root(), `.md-messy-${tag}`);
    beside = path.join(path.dirname(root()), `md-messy-beside-${tag}`);
    fs.mkdirSync(inside);
    fs.mkdirSync(beside);
    const analyzed = new Promise<void>((resolve) => { const once = ctx.diagnostics!.onDidAnalyze(() => { once.dispose(); resolve(); }); });
    await vscode.workspace.getConfiguration('migrationDoctor').update('migrationPaths', ['database/migrations', path.basename(inside), `../${path.basename(beside)}`], vscode.ConfigurationTarget.Global);
    await analyzed;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('migrationDoctor').update('migrationPaths', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(inside, { recursive: true, force: true });
    fs.rmSync(beside, { recursive: true, force: true });
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a migrations folder beside the workspace (`../shared`): typing there is analysed, and its quick fix applies', async () => {
    const file = path.join(beside, `${stamp()}_create_md_beside_things_table.php`);
    fs.writeFileSync(file, creating('md_beside_things'));
    const uri = vscode.Uri.file(file);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const end = literalEnd(editor.document);
    await editor.edit((b) => b.replace(new vscode.Range(end.translate(0, -'things'.length), end), 'gadgets'));
    assert.equal(editor.document.lineAt(5).text.trim(), "Schema::create('md_beside_gadgets', function ($table) {");
    assert.ok(await until(() => ours(uri, 'name-table-mismatch').length === 1, 10_000), 'the typed mismatch outside the workspace folder was never reported');
    const [diagnostic] = ours(uri, 'name-table-mismatch');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range);
    // The fix that sets the literal to the file name's table (the other one renames the file).
    const literal = actions.find((a) => (a.edit?.get(uri).length ?? 0) > 0);
    assert.ok(literal, `no quick fix editing the literal: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(literal.edit!));
    assert.equal(editor.document.getText(), creating('md_beside_things'));
    assert.ok(await until(() => ours(uri, 'name-table-mismatch').length === 0, 10_000), 'the fixed mismatch stayed');
  });

  test('a migration saved in UTF-16 is not analysed as code when opened (PHP reads it as text, Laravel cannot run it)', async () => {
    const name = `${stamp()}_create_md_utf16_things_table.php`;
    const file = path.join(inside, name);
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(creating('md_utf16_other'), 'utf16le')]));
    const uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.encoding, 'utf16le', 'VS Code did not read the file as UTF-16: the test checks nothing');
    await vscode.window.showTextDocument(document);
    // A file analysed after the UTF-16 one was opened: once its finding is out, the other's would be too.
    const witness = path.join(inside, `${stamp()}_create_md_utf16_witness_table.php`);
    fs.writeFileSync(witness, creating('md_utf16_witnesz'));
    const witnessUri = vscode.Uri.file(witness);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(witnessUri));
    await editor.edit((b) => b.insert(literalEnd(editor.document), 'z'));
    assert.ok(await until(() => ours(witnessUri, 'name-table-mismatch').some((d) => /md_utf16_witneszz/.test(d.message)), 10_000), 'the witness was never analysed');
    assert.deepEqual(ours(uri).map((d) => d.message), []);
  });

  test('a migration too large to read (a dump saved as one) is not analysed, on disk or opened and typed in, and a later one on its table raises no alarm', async () => {
    // Its up() creates another table than its name says: analysed, it would get a name-table-mismatch.
    const huge = path.join(inside, `${stamp()}_create_md_huge_things_table.php`);
    fs.writeFileSync(huge, `${creating('md_huge_other')}/*${' '.repeat(6 * 1024 * 1024)}*/\n`);
    const later = path.join(inside, `${stamp()}_add_title_to_md_huge_other.php`);
    fs.writeFileSync(later, creating('md_huge_other').replace('Schema::create', 'Schema::table'));
    const hugeUri = vscode.Uri.file(huge);
    const laterUri = vscode.Uri.file(later);
    // A file analysed after both: once its finding is out, theirs would be too.
    const witness = path.join(inside, `${stamp()}_create_md_huge_witness_table.php`);
    const witnessUri = vscode.Uri.file(witness);
    try {
      fs.writeFileSync(witness, creating('md_huge_witnesz'));
      assert.ok(await until(() => ours(witnessUri, 'name-table-mismatch').length === 1, 20_000), 'the witness was never analysed');
      assert.deepEqual(ours(hugeUri).map((d) => d.message), [], 'the file too large to read was analysed from the disk');
      assert.deepEqual(ours(laterUri).map((d) => d.message), [], 'a migration on the table of the unread one got an alarm');
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(hugeUri));
      await editor.edit((b) => b.insert(new vscode.Position(0, 5), ' '));
      const witnessEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(witnessUri));
      await witnessEditor.edit((b) => b.insert(literalEnd(witnessEditor.document), 'z'));
      assert.ok(await until(() => ours(witnessUri, 'name-table-mismatch').some((d) => /md_huge_witneszz/.test(d.message)), 20_000), 'the witness was never analysed again');
      assert.deepEqual(ours(hugeUri).map((d) => d.message), [], 'the buffer too large to read was analysed');
      assert.deepEqual(ours(laterUri).map((d) => d.message), []);
    } finally {
      // Both buffers typed in: reverted before their files go (the witness is active, then the large one).
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      for (const file of [huge, later, witness]) fs.rmSync(file, { force: true });
    }
  });

  test('a migration file named with a line break: a diagnostic naming it and its quick fix titles stay on one line', async () => {
    const named = path.join(inside, `${stamp()}_create_md_nl_things\nfake_table.php`);
    fs.writeFileSync(named, creating('md_nl_things'));
    // Creates the same table again: its diagnostic names the first migration.
    const again = path.join(inside, `${stamp()}_create_md_nl_things_table.php`);
    fs.writeFileSync(again, creating('md_nl_thingz'));
    const uri = vscode.Uri.file(again);
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await editor.edit((b) => b.replace(new vscode.Range(literalEnd(editor.document).translate(0, -1), literalEnd(editor.document)), 's'));
      assert.ok(await until(() => ours(uri, 'table-already-exists').length === 1, 20_000), 'the second creation was never reported');
      const [diagnostic] = ours(uri, 'table-already-exists');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range);
      for (const text of [diagnostic!.message, ...actions.map((a) => a.title)]) assert.doesNotMatch(text, /[\n\r\u2028\u2029]/, text);
      assert.match(diagnostic!.message, /md_nl_things\\u000afake/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      for (const file of [named, again]) fs.rmSync(file, { force: true });
    }
  });

  test('a burst of 200 migrations created, then deleted, at once (a branch checkout) is analysed in a few passes, not one per file', async () => {
    const burst = Array.from({ length: 200 }, (_, i) => path.join(inside, `${stamp()}_create_md_burst_${i}_table.php`));
    let analyses = 0;
    const counting = ctx.diagnostics!.onDidAnalyze(() => analyses++);
    try {
      for (const [i, file] of burst.entries()) fs.writeFileSync(file, creating(`md_burst_${i}_x`));
      const all = (reported: boolean) => burst.every((file) => (ours(vscode.Uri.file(file), 'name-table-mismatch').length === 1) === reported);
      assert.ok(await until(() => all(true), 60_000), 'not every file of the burst got its finding');
      const created = analyses;
      analyses = 0;
      for (const file of burst) fs.rmSync(file);
      assert.ok(await until(() => all(false), 60_000), 'the findings of the deleted files stayed');
      const deleted = analyses;
      assert.ok(created <= 20 && deleted <= 20, `${created} analyses for 200 files created, ${deleted} for 200 deleted`);
    } finally {
      counting.dispose();
      for (const file of burst) fs.rmSync(file, { force: true });
    }
  });

  test('settings of the wrong type written by hand ("laravelVersion": 11, a null among the paths) keep the analysis going', async () => {
    const config = vscode.workspace.getConfiguration('migrationDoctor');
    const paths = config.get<string[]>('migrationPaths')!;
    try {
      const reloaded = new Promise<void>((resolve) => { const once = ctx.diagnostics!.onDidAnalyze(() => { once.dispose(); resolve(); }); });
      await config.update('laravelVersion', 11, vscode.ConfigurationTarget.Global);
      await config.update('migrationPaths', [null, ...paths], vscode.ConfigurationTarget.Global);
      await Promise.race([reloaded, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      const file = path.join(inside, `${stamp()}_create_md_typed_things_table.php`);
      fs.writeFileSync(file, creating('md_typed_thingz'));
      try {
        assert.ok(await until(() => ours(vscode.Uri.file(file), 'name-table-mismatch').length === 1, 10_000), 'no analysis once the settings held a number and a null');
      } finally {
        fs.rmSync(file, { force: true });
      }
    } finally {
      await config.update('laravelVersion', undefined, vscode.ConfigurationTarget.Global);
      await config.update('migrationPaths', paths, vscode.ConfigurationTarget.Global);
    }
  });

  test('nothing selected: a .env appearing beside a named connection becomes the active connection, as after a reload', async () => {
    const env = path.join(root(), '.env');
    const text = fs.readFileSync(env, 'utf8');
    const connection = await namedConnection(ctx, { name: 'md-messy-fallback', database: 'information_schema', target: vscode.ConfigurationTarget.Global, select: false });
    try {
      await ctx.connections.select('');
      fs.rmSync(env);
      const activeName = async () => {
        await ctx.connections.active().catch(() => undefined);
        return ctx.connections.activeName();
      };
      assert.ok(await until(async () => (await activeName()) === 'md-messy-fallback', 20_000), 'the named connection never became active without the .env');
      fs.writeFileSync(env, text);
      // What a reload would pick (the .env, nothing being selected), the running extension must pick too.
      assert.equal((await ctx.connections.activeCandidate())?.kind, 'env');
      assert.ok(await until(async () => (await activeName()) !== 'md-messy-fallback', 20_000), `still on ${ctx.connections.activeName()} after the .env came back`);
    } finally {
      if (!fs.existsSync(env)) fs.writeFileSync(env, text);
      await connection.remove();
    }
  });

  test('a connection asked for, then disposed before it resolved, opens no database (nothing left open after deactivation)', async () => {
    const connection = await namedConnection(ctx, { name: 'md-messy-dispose', database: 'information_schema', target: vscode.ConfigurationTarget.Global });
    try {
      const connections = new Connections(ctx.extension, ctx.log);
      const asked = connections.database();
      connections.dispose();
      const db = await asked.catch(() => undefined);
      await db?.close();
      assert.equal(db, undefined, 'a database was opened for a disposed connection scope, and never closed');
      assert.equal(await connections.database().catch(() => undefined), undefined, 'a disposed Connections opened a database');
    } finally {
      await connection.remove();
    }
  });
});
