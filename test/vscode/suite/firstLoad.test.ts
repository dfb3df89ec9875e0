// Inside real VS Code: a migration saved while the analysis is still loading its folder (its
// files read, their parse under way) is read again once the load is done, not left as it was read
// until its next save. The load is the one a change of migrationPaths starts, as at activation.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import { activeCtx, until } from '../support/extension';

/** What the test reads of the analysis while it loads: the files it has parsed so far. */
interface LoadingAnalysis { readonly folders: string[]; readonly project: { migrations(): unknown[] } }

const migration = (table: string) => `<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n    public function up(): void\n    {\n        Schema::create('${table}', function (Blueprint $table) {\n            $table->id();\n        });\n    }\n\n    public function down(): void\n    {\n        Schema::dropIfExists('${table}');\n    }\n};\n`;

suite('First load: a migration saved while the analysis loads', function () {
  this.timeout(120_000);
  let ctx: Ctx;
  let folder: string;
  const config = () => vscode.workspace.getConfiguration('migrationDoctor');
  // Enough files that the parse, which yields every 25, is still going when the test writes.
  const count = 1500;

  suiteSetup(async () => {
    ctx = await activeCtx();
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    folder = path.join(root, `.md-first-load-${process.pid}`);
    fs.mkdirSync(folder);
    for (let i = 0; i < count; i++) fs.writeFileSync(path.join(folder, `2020_01_01_${String(i).padStart(6, '0')}_create_t${i}_table.php`), migration(`t${i}`));
    fs.writeFileSync(path.join(folder, '2099_01_01_000000_create_target_table.php'), migration('target'));
  });

  suiteTeardown(async () => {
    await config().update('migrationPaths', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('is analysed as saved once the load is done', async () => {
    const target = path.join(folder, '2099_01_01_000000_create_target_table.php');
    const analyses = (ctx.diagnostics as unknown as { folders: Map<string, LoadingAnalysis> }).folders;
    const loading = () => [...analyses.values()].find((a) => a.folders.includes(folder));
    await config().update('migrationPaths', [path.basename(folder)], vscode.ConfigurationTarget.Global);
    // The files are read before the parse begins: once one is parsed, the target's text is in memory.
    assert.ok(await until(() => (loading()?.project.migrations().length ?? 0) > 0, 30_000, 5), 'the load of the folder never started');
    fs.writeFileSync(target, migration('wrong_target'));
    const parsedWhenSaved = loading()!.project.migrations().length;
    assert.ok(parsedWhenSaved <= count, `the load was over when the file was saved (${parsedWhenSaved} parsed)`);

    const mismatch = () => vscode.languages.getDiagnostics(vscode.Uri.file(target)).filter((d) => d.code === 'name-table-mismatch');
    assert.ok(await until(() => mismatch().length === 1, 20_000), `the saved text was not analysed: ${vscode.languages.getDiagnostics(vscode.Uri.file(target)).map((d) => d.message).join(' | ')}`);
    assert.match(mismatch()[0]!.message, /wrong_target/);
  });
});
