import * as vscode from 'vscode';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Ctx> {
  ctx = await Ctx.create(context);
  return ctx;
}

export function deactivate(): void {
  ctx = undefined;
}
