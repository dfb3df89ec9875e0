// Typed getters over the `migrationDoctor` settings, read on demand per resource (never cached).
import * as vscode from 'vscode';

export const configSection = 'migrationDoctor';

export class Config {
  constructor(private readonly scope?: vscode.ConfigurationScope) {}

  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(configSection, this.scope);
  }

  get migrationPaths(): string[] {
    return this.raw.get<string[]>('migrationPaths', ['database/migrations']);
  }
}
