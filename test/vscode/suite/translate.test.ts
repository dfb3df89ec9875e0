// "Generate Drizzle Schema from Migrations" inside real VS Code, on the fixture app.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

suite('Generate Drizzle Schema', () => {
  test('writes one file per table of the workspace migrations and opens index.ts', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'md-vscode-schema-'));
    try {
      await vscode.commands.executeCommand('migrationDoctor.generateSchema', vscode.Uri.file(folder));
      assert.deepEqual(fs.readdirSync(folder).sort(), [
        'eklektikNotificationsTracking.ts', 'eklektikTransactionsTracking.ts', 'failedJobs.ts', 'index.ts', 'transactionsHistory.ts', 'users.ts',
      ]);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(folder, 'index.ts'));
      assert.match(fs.readFileSync(path.join(folder, 'users.ts'), 'utf8'), /export const users = mysqlTable\(\n  'users',/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
