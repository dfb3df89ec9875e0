// What a CLI command needs from the outside world, so commands are testable in-process.
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

/**
 * `text` with the characters a terminal or a log viewer acts on written as `\uXXXX`: the C0
 * controls but tab and line feed, DEL, the C1 controls, the line and paragraph separators and the
 * bidirectional overrides and isolates. Names and values read from a database or a file reach
 * the output, and one holding ESC could retitle, clear or rewrite the user's terminal, a carriage
 * return hide what precedes it, a bidi override show a name other than the one acted on. In JSON
 * and SARIF such a character only appears inside a string, where the escape is the same value.
 */
export function printable(text: string): string {
  return text.replace(/[\0-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => process.stdout.write(printable(text)),
    err: (text) => process.stderr.write(printable(text)),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
