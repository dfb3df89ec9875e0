// The command table: id -> factory over the context. Registered in one place.
import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { Ctx } from './ctx';
import { lazyCore } from './editor/lazy';
import { showInternalError } from './editor/internalError';
import { generateSchema } from './commands/generateSchema';
import { connectionCommands } from './commands/connection';
import { statusCommands } from './commands/status';
import { repairCommands } from './commands/repair';
import { sayError } from './editor/messages';
import { setSshPassphrase } from './editor/ssh';

export type CommandFactory = (ctx: Ctx) => (...args: any[]) => unknown;

const commands: Partial<Record<CommandId, CommandFactory>> = {
  [CommandId.showLog]: (ctx) => () => ctx.log.show(),
  [CommandId.generateSchema]: generateSchema,
  [CommandId.toggleAllConnections]: (ctx) => () => ctx.environments.toggle(),
  [CommandId.setSshPassphrase]: (ctx) => () => setSshPassphrase(ctx.connections),
  ...statusCommands,
  ...connectionCommands,
  ...repairCommands,
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(commands)) {
    const handler = factory!(ctx);
    ctx.own(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          // The core is bundled apart: its own DatabaseError class is the one thrown.
          const { DatabaseError } = await lazyCore();
          if (error instanceof DatabaseError) {
            ctx.log.error(`${id} failed`, error);
            void vscode.window.showErrorMessage(sayError(error));
          } else {
            void showInternalError(error, ctx.log, id);
          }
          return undefined;
        }
      }),
    );
  }
}
