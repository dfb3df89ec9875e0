// The configured migration folders that are not there. No 'vscode' import: tested in plain Node.
import { stat } from 'node:fs/promises';

/**
 * The folders of `folders` that are not folders (missing, a file, a dangling link). Without them
 * every row of the migrations table would look like a row without a file, and be offered for
 * deletion: the status treats each as a folder whose migrations cannot be told (the CLI refuses
 * to start instead).
 */
export async function missingFolders(folders: readonly string[]): Promise<string[]> {
  const checked = await Promise.all(folders.map((folder) => stat(folder).then((s) => s.isDirectory(), () => false)));
  return folders.filter((_, i) => !checked[i]);
}

/** `input` told that `missing` folders cannot be read: no row that may be theirs is offered for deletion. */
export function withMissingFolders<I extends { readonly unknownFolders?: readonly unknown[] }>(input: I, missing: readonly string[]): I {
  return missing.length === 0 ? input : { ...input, unknownFolders: [...(input.unknownFolders ?? []), ...missing] };
}
