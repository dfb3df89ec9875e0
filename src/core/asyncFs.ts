// The file system's promise functions without node:fs/promises: loading that module (with the
// readline and watcher modules it brings) cost every CLI command about 4 M instructions at start,
// for a few reads. The callback functions, promisified: the same results and the same errors.
// Never imports 'vscode'.
import * as fs from 'node:fs';
import { promisify } from 'node:util';

export const readFile = promisify(fs.readFile);
export const readdir = promisify(fs.readdir);
export const stat = promisify(fs.stat);
export const mkdir = promisify(fs.mkdir);
export const appendFile = promisify(fs.appendFile);
