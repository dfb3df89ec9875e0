// Repair commands: whole plan, one migration (tree, quick fix), its SQL, mark as ran, restore.
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import type { CommandFactory } from '../commands';
import { migrationNameOf } from '../editor/repair';

/** The migration the command is about: its argument (tree node, name, URI), else the active editor's file. */
function targetMigration(arg: unknown): string | undefined {
  const name = migrationNameOf(arg) ?? migrationNameOf(vscode.window.activeTextEditor?.document.uri);
  if (!name) void vscode.window.showWarningMessage(vscode.l10n.t('Choose a migration in the Migrations view or open its file first.'));
  return name;
}

export const repairCommands: Partial<Record<CommandId, CommandFactory>> = {
  [CommandId.repair]: (ctx) => () => ctx.repair.flow.repair({ kind: 'all' }),
  [CommandId.repairMigration]: (ctx) => async (arg?: unknown) => {
    const name = targetMigration(arg);
    return name ? ctx.repair.flow.repair({ kind: 'migration', name }) : undefined;
  },
  [CommandId.showRepairSql]: (ctx) => async (arg?: unknown) => {
    const name = targetMigration(arg);
    return name ? ctx.repair.flow.preview(name) : undefined;
  },
  // The preview's title bar: the same review as its notification.
  [CommandId.applyRepairPlan]: (ctx) => (preview?: unknown) => ctx.repair.flow.answerReview('apply', preview),
  [CommandId.rehearseRepairPlan]: (ctx) => (preview?: unknown) => ctx.repair.flow.answerReview('rehearse', preview),
  [CommandId.markAsRan]: (ctx) => async (arg?: unknown) => {
    const name = targetMigration(arg);
    return name ? ctx.repair.flow.repair({ kind: 'mark-as-ran', name }) : undefined;
  },
  [CommandId.restoreBackup]: (ctx) => (file?: unknown) => ctx.repair.flow.restore(typeof file === 'string' ? file : undefined),
};
