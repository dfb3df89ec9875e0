// The files a piece of code opens, as node:fs's openSync sees them (every project file the core
// reads goes through readRegularFile's openSync): what a run read, and how many times.
import fs = require('node:fs');
import * as path from 'node:path';

export async function openedFiles<T>(run: () => Promise<T>): Promise<{ result: T; opened: string[] }> {
  const opened: string[] = [];
  const original = fs.openSync;
  (fs as { openSync: typeof fs.openSync }).openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
    opened.push(path.resolve(String(file)));
    return (original as (...args: unknown[]) => number)(file, ...rest);
  }) as typeof fs.openSync;
  try {
    return { result: await run(), opened };
  } finally {
    (fs as { openSync: typeof fs.openSync }).openSync = original;
  }
}

/** How many times `file` was opened. */
export const timesOpened = (opened: readonly string[], file: string): number => opened.filter((f) => f === path.resolve(file)).length;
