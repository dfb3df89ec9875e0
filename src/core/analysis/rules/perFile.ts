// A per-file value over the whole ordered list, kept between analyses: a save replaces one file
// object, so only that file's value is computed again; every other place is compared by identity.
import type { MigrationFile } from '../types';

/**
 * `compute` must depend on the file alone. The array returned is reused (and updated in place)
 * by the next call: read it before analysing again.
 */
export function perFileValues<T>(compute: (file: MigrationFile) => T): (migrations: readonly MigrationFile[]) => readonly T[] {
  let last: { files: MigrationFile[]; values: T[] } | undefined;
  return (migrations) => {
    if (!last || last.files.length !== migrations.length) {
      last = { files: migrations.slice(), values: migrations.map(compute) };
      return last.values;
    }
    const { files, values } = last;
    for (let i = 0; i < migrations.length; i++) {
      if (files[i] === migrations[i]) continue;
      files[i] = migrations[i];
      values[i] = compute(migrations[i]);
    }
    return values;
  };
}
