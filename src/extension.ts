import * as vscode from 'vscode';
import { Ctx } from './ctx';

// Set by the bundle's first statement (scripts/build.mjs banner), so that the log says what
// activation cost (it must stay under 50 ms); absent when this file runs from tsc's output.
declare const __activationClock: { time: number } | undefined;
const evaluated = performance.now();

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Ctx> {
  const called = performance.now();
  const pending = Ctx.create(context);
  const returned = performance.now();
  ctx = await pending;
  logActivationCost(ctx, called, returned);
  return ctx;
}

export function deactivate(): void {
  ctx = undefined;
}

function logActivationCost(ctx: Ctx, called: number, returned: number): void {
  const ms = (value: number) => value.toFixed(1);
  const parts = [`activate() returned after ${ms(returned - called)} ms, resolved after ${ms(performance.now() - called)} ms`];
  if (typeof __activationClock !== 'undefined') parts.unshift(`module evaluation ${ms(evaluated - __activationClock.time)} ms`);
  ctx.log.info(`activation cost: ${parts.join(', ')}`);
}
