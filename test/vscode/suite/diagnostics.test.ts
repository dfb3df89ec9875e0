// Runs inside real VS Code with a copy of test/fixtures/laravel-app open: the incident file lights up
// while it is in the editor, and the preferred quick fix makes the diagnostic go away.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeCtx, outputChannelLog } from '../support/extension';

async function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ours = (uri: vscode.Uri, code: string) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'migration-doctor' && d.code === code);

suite('Diagnostics', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  // The incident's file, under a timestamp of its own so the fixture's migrations stay untouched.
  // A fresh timestamp per test: a file deleted by one test's teardown never races the next test's.
  let stamp = '';
  let sequence = Date.now() % 100_000;
  const incidentFile = () => {
    stamp = `2099_12_31_${String(++sequence).padStart(6, '0')}`;
    return path.join(migrations, `${stamp}_create_eklektik_notifications_tracking_table.php`);
  };
  // A migrations folder of this suite only (a user-level setting, in this run's user data):
  // the other suites never see these files.
  let migrations = '';
  const incidentSource = () => fs.readFileSync(path.join(folder(), 'incident/2025_09_23_011532_create_eklektik_notifications_tracking_table.php'), 'utf8');
  const created: string[] = [];
  // A fresh file under this run's folder, named after its timestamp and slug (the incident's by default), opened in an editor.
  const openMigration = async (slug = 'create_eklektik_notifications_tracking_table', source = incidentSource()) => {
    const file = incidentFile().replace('create_eklektik_notifications_tracking_table', slug);
    fs.writeFileSync(file, source);
    created.push(file);
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    return { file, uri, doc, editor: await vscode.window.showTextDocument(doc) };
  };

  suiteSetup(async () => {
    await activeCtx();
    const relative = `.md-diagnostics-${process.pid}-${Date.now() % 100_000}`;
    migrations = path.join(folder(), relative);
    fs.mkdirSync(migrations);
    await vscode.workspace.getConfiguration('migrationDoctor').update('migrationPaths', ['database/migrations', relative], vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('migrationDoctor').update('migrationPaths', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(migrations, { recursive: true, force: true });
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of created.splice(0)) fs.rmSync(f, { force: true });
  });

  test('the incident file gets name-table-mismatch on the wrong literal and table-already-exists with related information', async () => {
    const { uri, doc } = await openMigration();
    const [mismatch] = await until(() => { const d = ours(uri, 'name-table-mismatch'); return d.length ? d : undefined; }, 20_000, 'name-table-mismatch');
    const line = doc.lineAt(10).text;
    const start = line.indexOf("'eklektik_transactions_tracking'") + 1;
    assert.deepEqual([mismatch.range.start.line, mismatch.range.start.character, mismatch.range.end.line, mismatch.range.end.character],
      [10, start, 10, start + 'eklektik_transactions_tracking'.length]);
    assert.equal(doc.getText(mismatch.range), 'eklektik_transactions_tracking');
    assert.equal(mismatch.severity, vscode.DiagnosticSeverity.Error);
    assert.match(mismatch.message, /eklektik_notifications_tracking/);
    const [exists] = await until(() => { const d = ours(uri, 'table-already-exists'); return d.length ? d : undefined; }, 5_000, 'table-already-exists');
    assert.match(exists.relatedInformation![0].location.uri.fsPath, /2025_09_23_120134_create_eklektik_transactions_tracking_table\.php$/);
  });

  test('the preferred quick fix sets the table to the file name\'s, and the diagnostic goes away while unsaved', async () => {
    const { uri, doc } = await openMigration();
    const [mismatch] = await until(() => { const d = ours(uri, 'name-table-mismatch'); return d.length ? d : undefined; }, 20_000, 'name-table-mismatch');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, mismatch.range, vscode.CodeActionKind.QuickFix.value);
    // executeCodeActionProvider does not carry the actions' diagnostics back: recognise ours by title.
    const ourActions = actions.filter((a) => /eklektik_(notifications|transactions)_tracking/.test(a.title));
    const titles = actions.map((a) => `${a.title} [${a.diagnostics?.map((d) => d.code).join()}]`).join(' | ');
    assert.ok(ourActions.some((a) => a.title.includes(`${stamp}_create_eklektik_transactions_tracking_table.php`)), `a rename-the-file fix is offered: ${titles}`);
    const preferred = ourActions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, `no preferred fix among ${ourActions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.equal(doc.isDirty, true);
    assert.match(doc.lineAt(10).text, /Schema::create\('eklektik_notifications_tracking'/);
    assert.match(doc.getText(), /dropIfExists\('eklektik_notifications_tracking'\)/);
    await until(() => ours(uri, 'name-table-mismatch').length === 0 || undefined, 10_000, 'the diagnostic to go away');
  });

  test('renaming the file to match the table (quick fix) clears the mismatch, and the timeline follows the rename', async () => {
    const { file, uri } = await openMigration();
    const renamed = path.join(path.dirname(file), `${stamp}_create_eklektik_transactions_tracking_table.php`);
    created.push(renamed);
    const [mismatch] = await until(() => { const d = ours(uri, 'name-table-mismatch'); return d.length ? d : undefined; }, 20_000, 'name-table-mismatch');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, mismatch.range, vscode.CodeActionKind.QuickFix.value);
    const rename = actions.find((a) => a.title.includes(path.basename(renamed)));
    assert.ok(rename?.edit && !rename.isPreferred, 'the rename fix exists and is not the preferred one');
    assert.match(rename.title, /pending/);
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.ok(fs.existsSync(renamed) && !fs.existsSync(file));
    const renamedUri = vscode.Uri.file(renamed);
    // The new name matches its table; it still collides with the fixture's earlier create of it.
    await until(() => ours(renamedUri, 'table-already-exists').length === 1 || undefined, 10_000, 'the renamed file to be analysed');
    assert.deepEqual(ours(renamedUri, 'name-table-mismatch'), []);
    await until(() => vscode.languages.getDiagnostics(uri).length === 0 || undefined, 10_000, 'the old path to be cleared');
  });

  test('a rule set to "off" in the settings disappears, and comes back', async () => {
    const { uri } = await openMigration();
    await until(() => ours(uri, 'name-table-mismatch').length === 1 || undefined, 20_000, 'name-table-mismatch');
    // User-level settings: each launcher run has its own user data folder.
    const config = vscode.workspace.getConfiguration('migrationDoctor', vscode.workspace.workspaceFolders![0].uri);
    try {
      await config.update('rules', { 'name-table-mismatch': 'off', 'table-already-exists': 'warning' }, vscode.ConfigurationTarget.Global);
      const [exists] = await until(() => {
        const found = ours(uri, 'table-already-exists');
        return ours(uri, 'name-table-mismatch').length === 0 && found.length ? found : undefined;
      }, 15_000, 'the rule to be off');
      assert.equal(exists.severity, vscode.DiagnosticSeverity.Warning);
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(() => ours(uri, 'name-table-mismatch').length === 1 || undefined, 15_000, 'the rule to come back');
  });

  const quickFix = async (uri: vscode.Uri, range: vscode.Range, title: string) => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    const action = actions.find((a) => a.title === title);
    assert.ok(action?.edit, `no '${title}' among ${actions.map((a) => a.title).join(' | ')}`);
    return action;
  };
  const span = (r: vscode.Range) => [r.start.line, r.start.character, r.end.line, r.end.character];
  const header = '<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\n';

  test('down() dropping another table than up() creates gets down-not-inverse, and "Make down() undo what up() does" clears it', async () => {
    const { uri, doc } = await openMigration('create_x_table', `${header}return new class extends Migration {
    public function up()
    {
        Schema::create('x', function (Blueprint $table) {
            $table->id();
        });
    }

    public function down()
    {
        Schema::dropIfExists('y');
    }
};
`);
    const found = await until(() => { const d = ours(uri, 'down-not-inverse'); return d.length === 2 ? d : undefined; }, 20_000, 'down-not-inverse');
    // One finding on down()'s name (x is never dropped), one on the 'y' literal (dropped, never created).
    const notDropped = found.find((d) => /'x'/.test(d.message))!;
    const strayDrop = found.find((d) => /'y'/.test(d.message))!;
    const downLine = doc.lineAt(14).text;
    assert.deepEqual(span(notDropped.range), [14, downLine.indexOf('down'), 14, downLine.indexOf('down') + 'down'.length]);
    const y = doc.lineAt(16).text.indexOf("'y'") + 1;
    assert.deepEqual(span(strayDrop.range), [16, y, 16, y + 1]);
    assert.equal(notDropped.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(notDropped.relatedInformation?.[0].location.range.start.line, 9);
    const fix = await quickFix(uri, strayDrop.range, 'Make down() undo what up() does');
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(doc.getText(), /public function down\(\)\n    \{\n        Schema::dropIfExists\('x'\);\n    \}/);
    assert.doesNotMatch(doc.getText(), /'y'/);
    await until(() => ours(uri, 'down-not-inverse').length === 0 || undefined, 10_000, 'down-not-inverse to go away');
  });

  test('in a file indented with tabs, "Make down() undo what up() does" writes tabs', async () => {
    const { uri, doc } = await openMigration('create_tabbed_table', `${header}return new class extends Migration\n{\n\tpublic function up()\n\t{\n\t\tSchema::create('tabbed', function (Blueprint $table) {\n\t\t\t$table->id();\n\t\t});\n\t}\n\n\tpublic function down()\n\t{\n\t\tSchema::dropIfExists('other');\n\t}\n};\n`);
    const [stray] = await until(() => { const d = ours(uri, 'down-not-inverse').filter((f) => /'other'/.test(f.message)); return d.length ? d : undefined; }, 20_000, 'down-not-inverse');
    const fix = await quickFix(uri, stray.range, 'Make down() undo what up() does');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(doc.getText(), /\tpublic function down\(\)\n\t\{\n\t\tSchema::dropIfExists\('tabbed'\);\n\t\}\n\};/);
    await until(() => ours(uri, 'down-not-inverse').length === 0 || undefined, 10_000, 'down-not-inverse to go away');
  });

  const namedClass = (name: string) => `${header}class ${name} extends Migration
{
    public function up()
    {
        Schema::create('bars', function (Blueprint $table) {
            $table->id();
        });
    }

    public function down()
    {
        Schema::dropIfExists('bars');
    }
}
`;

  test('a named class that is not its file name\'s gets class-name-mismatch on the name, and renaming the class clears it', async () => {
    const { uri, doc } = await openMigration('create_bars_table', namedClass('CreateFooTable'));
    const [mismatch] = await until(() => { const d = ours(uri, 'class-name-mismatch'); return d.length ? d : undefined; }, 20_000, 'class-name-mismatch');
    const start = doc.lineAt(6).text.indexOf('CreateFooTable');
    assert.deepEqual(span(mismatch.range), [6, start, 6, start + 'CreateFooTable'.length]);
    assert.match(mismatch.message, /CreateBarsTable/);
    const fix = await quickFix(uri, mismatch.range, "Rename the class to 'CreateBarsTable'");
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(doc.lineAt(6).text, 'class CreateBarsTable extends Migration');
    await until(() => ours(uri, 'class-name-mismatch').length === 0 || undefined, 10_000, 'class-name-mismatch to go away');
  });

  test('a class name differing from the file name\'s only in case gets no class-name-mismatch (PHP ignores case)', async () => {
    const { uri, doc, editor } = await openMigration('create_bars_table', namedClass('CreateFooTable'));
    const [mismatch] = await until(() => { const d = ours(uri, 'class-name-mismatch'); return d.length ? d : undefined; }, 20_000, 'class-name-mismatch');
    // Typed over the wrong name: had the rule compared case-sensitively, a new finding would
    // replace the old one in the same publish and this wait would time out.
    await editor.edit((b) => b.replace(mismatch.range, 'createBARSTable'));
    assert.equal(doc.lineAt(6).text, 'class createBARSTable extends Migration');
    await until(() => ours(uri, 'class-name-mismatch').length === 0 || undefined, 10_000, 'class-name-mismatch to go away');
  });

  test('typing a wrong table lights up, and deleting the file clears its diagnostics', async () => {
    const { file, uri, editor } = await openMigration('create_md_diag_things_table', "<?php\n\nreturn new class extends Illuminate\\Database\\Migrations\\Migration {\n    public function up()\n    {\n        Schema::create('md_diag_things', function ($table) {\n            $table->id();\n        });\n    }\n};\n");
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(ours(uri, 'name-table-mismatch'), []);
    await editor.edit((b) => b.insert(new vscode.Position(5, 38), 's'));
    const [d] = await until(() => { const x = ours(uri, 'name-table-mismatch'); return x.length ? x : undefined; }, 10_000, 'the typed mismatch');
    assert.match(d.message, /md_diag_thingss/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    fs.rmSync(file);
    await until(() => vscode.languages.getDiagnostics(uri).length === 0 || undefined, 10_000, 'diagnostics of the deleted file to clear');
  });

  test('a migration file created on disk with a line break in its name is read (Laravel runs it)', async () => {
    const creates = (table: string) => `<?php\n\nreturn new class extends Illuminate\\Database\\Migrations\\Migration {\n    public function up()\n    {\n        Schema::create('${table}', function ($table) {\n            $table->id();\n        });\n    }\n};\n`;
    const first = incidentFile().replace('create_eklektik_notifications_tracking_table', 'create_md_watch\nfirst_table');
    const second = incidentFile().replace('create_eklektik_notifications_tracking_table', 'create_md_watch_second_table');
    created.push(first, second);
    fs.writeFileSync(first, creates('md_watch_twice'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    fs.writeFileSync(second, creates('md_watch_twice'));
    // The second file creates the table the first one, seen through the watcher, already created.
    const [twice] = await until(() => { const d = ours(vscode.Uri.file(second), 'table-already-exists'); return d.length ? d : undefined; }, 10_000, 'table-already-exists after the file with a line break');
    assert.match(twice.message, /md_watch_twice/);
    const [named] = await until(() => { const d = ours(vscode.Uri.file(first), 'name-table-mismatch'); return d.length ? d : undefined; }, 10_000, 'the name-table-mismatch of the file with a line break');
    assert.match(named.message, /'md_watch\\u000afirst'/);
  });

  test('a file named with a line break that cannot be read is logged on one line', async () => {
    const file = incidentFile().replace('create_eklektik_notifications_tracking_table', 'create_md_log\nFAKE_table');
    created.push(file);
    // UTF-16: Laravel cannot run it, and the analysis logs that it cannot read it, naming it.
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?php\n', 'utf16le')]));
    const ctx = await activeCtx();
    const logged = await until(() => /create_md_log\\u000aFAKE_table\.php cannot be read/.test(outputChannelLog(ctx)) || undefined, 10_000, 'the log line');
    assert.ok(logged);
    assert.doesNotMatch(outputChannelLog(ctx), /^FAKE/m);
  });
});
