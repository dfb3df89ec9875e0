// schema-mismatch translates every migration once some migration touches a table a Drizzle
// definition names; most saves touch none. Whether each file's up() names one of those tables is
// kept per file between analyses, so the rule is skipped (its answer is then none) without a pass
// over every file's operations.
import { getTableConfig } from 'drizzle-orm/mysql-core';
import type { DrizzleTableDefinition } from '../../structure/expected';
import { schemaMismatch } from '../../translate/schemaMismatch';
import { perFileValues } from './perFile';
import type { Rule } from './rule';

/** Every definition's table name: the rule checks a subset of them (the applicable ones). */
const namesOf = new WeakMap<readonly DrizzleTableDefinition[], ReadonlySet<string>>();
let touching: { names: ReadonlySet<string>; of: ReturnType<typeof perFileValues<boolean>> } | undefined;

export const gatedSchemaMismatch: Rule = {
  ...schemaMismatch,
  checkProject(context) {
    const definitions = context.drizzle ?? [];
    if (definitions.length === 0 || !context.laravel) return [];
    let names = namesOf.get(definitions);
    if (!names) namesOf.set(definitions, (names = new Set(definitions.map((d) => getTableConfig(d.drizzle).name))));
    if (touching?.names !== names) {
      const set = names;
      touching = { names, of: perFileValues((m) => m.up.operations.some((op) => set.has(op.table.name) || (op.renamedTo !== undefined && set.has(op.renamedTo.name)))) };
    }
    if (!touching.of(context.migrations).includes(true)) return [];
    return schemaMismatch.checkProject!(context);
  },
};
