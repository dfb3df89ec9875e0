import type { TableOptions } from './model';

/** What Laravel's default `mysql` connection creates tables with (config/database.php). */
export const laravelDefaults: TableOptions = { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' };

/** A charset's name is its collations' prefix: utf8mb4_unicode_ci -> utf8mb4, binary -> binary. */
export function charsetOfCollation(collation: string): string {
  const underscore = collation.indexOf('_');
  return (underscore < 0 ? collation : collation.slice(0, underscore)).toLowerCase();
}

/** Fills what `options` leaves undefined from `defaults`; a collation alone implies its charset. */
export function resolveTableOptions(options: TableOptions, defaults: TableOptions): TableOptions {
  const collation = options.collation ?? (options.charset && options.charset !== defaults.charset ? undefined : defaults.collation);
  const charset = options.charset ?? (collation ? charsetOfCollation(collation) : defaults.charset);
  return { engine: options.engine ?? defaults.engine, charset, collation };
}
