// How the project's readers see its files. The plain one reads them; the recording one also
// notes what each answer depended on (a file's stamp, its absence, a folder's names, a variable), so that the
// answer can be kept and trusted while every one of those observations still holds.
// Never imports 'vscode'.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as fs from '../asyncFs';
import { sameStamp, stampOf, writeAtomically, type FileStamp } from '../analysis/cache';
import { readTextFile } from '../analysis/readSource';

export interface ProjectFiles {
  /** The file's text; rejects as fs.readFile does (ENOENT when it is missing). */
  readText(file: string): Promise<string>;
  exists(file: string): boolean;
  /** The folder's entry names; rejects as fs.readdir does. */
  list(dir: string): Promise<string[]>;
}

export const plainFiles: ProjectFiles = {
  readText: (file) => readTextFile(file),
  exists: (file) => existsSync(file),
  list: (dir) => fs.readdir(dir),
};

/** One thing an answer depended on, as it was when read. */
export type Observation =
  | { readonly read: string; readonly stamp: FileStamp | null }
  | { readonly exists: string; readonly present: boolean }
  | { readonly list: string; readonly names: readonly string[] | null }
  | { readonly variable: string; readonly value: string | null };

// A variable's value is kept as a digest: the cache file never holds what a variable says.
const digest = (value: string | undefined): string | null => (value === undefined ? null : createHash('sha256').update(value).digest('hex'));

/** An environment variable as the project's readers see it (the environment over the .env); undefined when not set. */
export type Variables = (name: string) => string | undefined;


/** Plain files (and `variables`) that also note every observation, in the order made. */
export function recordingFiles(variables: Variables = () => undefined): { files: ProjectFiles; variable: Variables; observations: Observation[] } {
  const observations: Observation[] = [];
  const variable: Variables = (name) => {
    const value = variables(name);
    observations.push({ variable: name, value: digest(value) });
    return value;
  };
  const files: ProjectFiles = {
    readText: (file) => {
      // Stamped before reading: a write in between makes the next run read it again, never trust stale text.
      observations.push({ read: file, stamp: stampOf(file) ?? null });
      return plainFiles.readText(file);
    },
    exists: (file) => {
      const present = plainFiles.exists(file);
      observations.push({ exists: file, present });
      return present;
    },
    list: async (dir) => {
      try {
        const names = await plainFiles.list(dir);
        observations.push({ list: dir, names: [...names].sort() });
        return names;
      } catch (error) {
        observations.push({ list: dir, names: null });
        throw error;
      }
    },
  };
  return { files, variable, observations };
}

/** Whether every observation still holds (a malformed one does not), `variables` as they are now. */
export function stillHolds(observations: readonly Observation[], variables: Variables = () => undefined): boolean {
  return observations.every((o) => {
    if (typeof o !== 'object' || o === null) return false;
    if ('read' in o && typeof o.read === 'string') {
      const now = stampOf(o.read);
      const then = o.stamp;
      return now === undefined || then === null || typeof then !== 'object'
        ? now === undefined && then === null
        : sameStamp(then, now);
    }
    if ('variable' in o && typeof o.variable === 'string') return digest(variables(o.variable)) === o.value;
    if ('exists' in o && typeof o.exists === 'string') return plainFiles.exists(o.exists) === o.present;
    if ('list' in o && typeof o.list === 'string') {
      let names: string[] | null;
      try {
        names = readdirSync(o.list).sort();
      } catch {
        names = null;
      }
      return names === null || !Array.isArray(o.names) ? names === null && o.names === null : names.length === o.names.length && names.every((n, i) => n === o.names![i]);
    }
    return false;
  });
}

/** Where an answer is kept, and the identity of the code that computed it (its version and build). */
export interface KeptAnswers {
  readonly file: string;
  readonly analyser: string;
}

/**
 * The answer `compute` gave last time for the same analyser and `parameters`, while everything it
 * read still holds; else computed through recording files and kept. A missing, damaged or
 * implausible file is computed again; one that cannot be written only costs the next run.
 */
export async function keptAnswer<T>(
  store: KeptAnswers, parameters: string, plausible: (value: unknown) => value is T, compute: (files: ProjectFiles, variable: Variables) => Promise<T>, variables?: Variables,
): Promise<T> {
  try {
    const kept = JSON.parse(readFileSync(store.file, 'utf8')) as { analyser?: unknown; parameters?: unknown; observations?: unknown; value?: unknown };
    if (kept.analyser === store.analyser && kept.parameters === parameters && Array.isArray(kept.observations)
      && plausible(kept.value) && stillHolds(kept.observations as Observation[], variables)) return kept.value;
  } catch {
    // Missing, unreadable or damaged: computed again and rewritten.
  }
  const { files, variable, observations } = recordingFiles(variables);
  const value = await compute(files, variable);
  writeAtomically(store.file, JSON.stringify({ analyser: store.analyser, parameters, observations, value }));
  return value;
}
