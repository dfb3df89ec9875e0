// What a CLI command needs from the outside world, so commands are testable in-process.
import { visibleText } from '../core/messages/visible';

export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Reads all of standard input (for --password-stdin). */
  readStdin(): Promise<string>;
}

export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;

/**
 * Exit codes shared by every command. A database error shares 2 with bad usage (nothing was
 * checked); an internal error (a bug) is 70, EX_SOFTWARE in sysexits.h, so CI tells it apart.
 */
export const ExitCode = { ok: 0, findings: 1, usage: 2, database: 2, internal: 70 } as const;

export class UsageError extends Error {}

/** Everything a command prints goes through `visibleText`: a name not passed through `visibleName` still acts on nothing. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => process.stdout.write(visibleText(text)),
    err: (text) => process.stderr.write(visibleText(text)),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
