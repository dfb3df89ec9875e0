// Quick fixes for the analysis findings: the core describes the edits, this adapter turns
// them into WorkspaceEdits with translated titles.
import * as vscode from 'vscode';
import { diagnosticSource } from '../commandIds';
import type { Fix } from '../core/analysis/types';
import { localise } from './messages';
import { type MigrationDiagnostics, toRange } from './diagnostics';
import { indentedAsFile } from './indentation';

export class MigrationCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: MigrationDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const findings = this.diagnostics.findingsAt(document.uri);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== diagnosticSource) continue;
      const finding = findings.find((f) => f.rule === diagnostic.code && toRange(f.range).isEqual(diagnostic.range));
      for (const fix of finding?.fixes ?? []) actions.push(toAction(document, fix, diagnostic));
    }
    return actions;
  }
}

function toAction(document: vscode.TextDocument, fix: Fix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(localise(fix.title, fix.args), vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = fix.isPreferred;
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    const range = toRange(e.range);
    // A new body (down()) is indented as the file is: tabs, or its own width of spaces.
    const newText = e.file === document.uri.fsPath ? indentedAsFile(e.newText, document.getText(), range.start.line) : e.newText;
    edit.replace(vscode.Uri.file(e.file), range, newText);
  }
  if (fix.renameTo) {
    // The recorded migration name is the file name: where it already ran, the repair
    // command (or a manual UPDATE of the migrations row) must follow the rename.
    edit.renameFile(document.uri, vscode.Uri.file(fix.renameTo), { overwrite: false });
  }
  action.edit = edit;
  return action;
}

export function registerMigrationCodeActions(diagnostics: MigrationDiagnostics): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    { scheme: 'file', pattern: '**/*.php' },
    new MigrationCodeActions(diagnostics),
    { providedCodeActionKinds: MigrationCodeActions.providedCodeActionKinds },
  );
}
