// How a command that failed ends: a usage error, a database error (one sentence and the next step),
// or anything else, which is a bug of ours and must never pass for a database problem or a finding.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatabaseError } from '../core/db/errors';
import { visibleName } from '../core/messages/visible';
import { CliIo, ExitCode, UsageError } from './io';

export function reportFailure(command: string, error: unknown, io: CliIo, context: { argv: readonly string[]; version: string }): number {
  const who = command ? `migration-doctor ${command}` : 'migration-doctor';
  if (error instanceof UsageError) {
    io.err(`${who}: ${error.message}\n`);
    return ExitCode.usage;
  }
  if (error instanceof DatabaseError) {
    io.err(`${who}: ${error.sentence}\n${error.nextStep}\n`);
    return ExitCode.database;
  }
  if (isFileSystemError(error)) {
    io.err(`${who}: ${error.message}.\nCheck that the path exists and can be read, then run the command again.\n`);
    return ExitCode.usage;
  }
  const summary = visibleName(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  const log = writeInternalErrorLog(io.cwd, error, context);
  const bug = `${who}: internal error (${summary}). This is a bug in Migration Doctor, not a problem with your migrations or database`;
  // No folder could hold the log: the stack goes to stderr instead.
  io.err(log ? `${bug}: the details are in ${log}; please report it with that file.\n` : `${bug}; please report it with these details:\n${causes(error).join('\n')}\n`);
  return ExitCode.internal;
}

/** The stack (and its causes) in .migration-doctor/logs under the current folder, else the OS temp folder. */
function writeInternalErrorLog(cwd: string, error: unknown, context: { argv: readonly string[]; version: string }): string | undefined {
  const text = [
    `migration-doctor ${context.version}, Node ${process.version}, ${process.platform} ${process.arch}`,
    `arguments: ${JSON.stringify(context.argv)}`,
    '',
    ...causes(error),
    '',
  ].join('\n');
  const name = `internal-error-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`;
  for (const folder of [path.join(cwd, '.migration-doctor', 'logs'), os.tmpdir()]) {
    try {
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, name);
      writeFileSync(file, text, { mode: 0o600 });
      return file;
    } catch {
      // A read-only project folder: try the next place.
    }
  }
  return undefined;
}

function causes(error: unknown): string[] {
  const lines: string[] = [];
  for (let e = error, depth = 0; e !== undefined && depth < 5; e = (e as { cause?: unknown })?.cause, depth++) {
    lines.push(`${depth === 0 ? '' : 'caused by: '}${e instanceof Error ? stackOf(e) : visibleName(String(e))}`);
  }
  return lines;
}

/**
 * The error's first line on one line (its message may hold a table or file name with a line
 * break, which would forge a line of the log), then the stack's frames as they are.
 */
function stackOf(e: Error): string {
  const head = `${e.name}: ${e.message}`;
  const frames = e.stack?.startsWith(head) ? e.stack.slice(head.length) : e.stack === undefined ? '' : `\n${e.stack}`;
  return `${visibleName(head)}${frames}`;
}

/** Node's own error for a file that cannot be read or written (EACCES, ENOENT...): the environment's doing. */
function isFileSystemError(error: unknown): error is Error & { code: string; path: string } {
  const e = error as { code?: unknown; syscall?: unknown; path?: unknown };
  return error instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string' && typeof e.path === 'string';
}
