// exceeds-server-limit: a name or a column length the server refuses whatever the tables hold, so
// migrate fails there: an index or foreign key name Laravel builds from the table, the columns and
// the type (over 64 characters: 1059), a VARCHAR too long for its character set on a strict
// connection (1074), a CHAR over 255, a row of CHAR and VARCHAR columns over 65,535 bytes (1118).
// The migrations are replayed as the project's Laravel builds them and each command is checked by the function preflight uses (translate/serverLimits.ts).
// The connection's prefix, where config/database.php proves it, is part of the table names and
// (with `prefix_indexes`) of the derived index names; not known, it is left out: it only lengthens
// names, so those checked without it are the shortest the server can get.
import { translateToStates, type BlueprintObserver } from '../../translate';
import { grammarOf } from '../../translate/laravelTarget';
import { limitRefusal, maxIdentifierLength, tooLongTable, type LimitRefusal, type ServerLimitsContext } from '../../translate/serverLimits';
import type { MigrationFile, PhpValue, ReplayedMigration, SchemaOperation, SourceRange } from '../types';
import { perFileValues } from './perFile';
import type { Rule, RuleFinding } from './rule';

/** The part of a VARCHAR or CHAR length that no character set allows past 255. */
const shortestRefused = 256;

/**
 * Whether a file's up() can hold something this rule finds: a table name, a renamed table's name
 * or any literal over 64 characters (an explicit name), a name Laravel derives from the table and
 * the literals of a statement's first call (twice them, for morphs()' two columns, and the longest
 * type word) over 64, the prefix counted in the table's, a number over 255 (a length), or foreignIdFor() (its column comes from the
 * model). Most files have none: the timeline is then not replayed for them.
 */
function mayExceed(file: MigrationFile, prefix: number): boolean {
  return file.up.operations.some((op) => {
    const table = prefix + op.table.name.length;
    if (table > maxIdentifierLength || (op.renamedTo && prefix + op.renamedTo.name.length > maxIdentifierLength)) return true;
    return (op.blueprint ?? []).some((statement) => {
      let literals = 0;
      let exceeds = false;
      const visit = (value: PhpValue | undefined, counted: boolean): void => {
        if (typeof value === 'string') {
          if (counted) literals += value.length + 1;
          exceeds ||= value.length > maxIdentifierLength;
        } else if (typeof value === 'number') exceeds ||= value >= shortestRefused;
        else if (Array.isArray(value)) for (const v of value) visit(v, counted);
        else if (value && typeof value === 'object' && !('unknown' in value)) for (const v of Object.values(value)) visit(v, counted);
      };
      for (const [i, call] of statement.chain.entries()) {
        if (call.method.toLowerCase() === 'foreignidfor') return true;
        for (const arg of call.args) visit(arg, i === 0);
        for (const arg of Object.values(call.namedArgs ?? {})) visit(arg, i === 0);
      }
      return exceeds || table + 2 * literals + derivedSuffix > maxIdentifierLength;
    });
  });
}

/** What a derived name adds to the table and its columns: `_` separators, morphs()' `_type`/`_id`, `_fulltext`. */
const derivedSuffix = 24;

const templates: Readonly<Record<LimitRefusal['kind'], string>> = {
  table: "Table name '{0}' is {1} characters long: MySQL and MariaDB refuse names over 64 characters, so this migration fails.",
  column: "Column name '{0}' is {1} characters long: MySQL and MariaDB refuse names over 64 characters, so this migration fails.",
  index: "Index name '{0}' is {1} characters long: MySQL and MariaDB refuse names over 64 characters, so this migration fails. Give the index a shorter name.",
  foreign: "Foreign key name '{0}' is {1} characters long: MySQL and MariaDB refuse names over 64 characters, so this migration fails. Give the foreign key a shorter name.",
  charLength: "Column '{0}' is char({1}): MySQL and MariaDB refuse a CHAR longer than 255, so this migration fails. Use string() or text().",
  varcharLength: "Column '{0}' is varchar({1}) in {2}, which holds at most {3} characters: the connection is strict, so the server refuses it and this migration fails. Use text() or a shorter length.",
  rowSize: "Table '{0}' would have CHAR and VARCHAR columns of at least {1} bytes in a row: MySQL and MariaDB refuse a row over 65,535 bytes (TEXT and BLOB not counted), so this migration fails. Make some of them text().",
};

/** A table's name on the server with the connection's prefix, said as such: the migration writes it without. */
const prefixedTable = "Table name '{0}' (with the connection's prefix '{2}') is {1} characters long: MySQL and MariaDB refuse names over 64 characters, so this migration fails.";

function findingOf(refusal: LimitRefusal, file: string, range: SourceRange, prefix: string): RuleFinding {
  if (refusal.kind === 'table' && prefix) return { file, template: prefixedTable, args: [refusal.subject, String(refusal.length), prefix], range };
  const args = refusal.kind === 'varcharLength' ? [refusal.subject, String(refusal.length), refusal.charset!, String(refusal.max)]
    : [refusal.subject, String(refusal.length)];
  return { file, template: templates[refusal.kind], args, range };
}

/** An operation that surely runs on the default connection, whose failure is not caught. */
const surelyRuns = (op: SchemaOperation): boolean =>
  op.conditional === undefined && op.guards.length === 0 && op.connection === undefined && !op.failureSwallowed && !op.fromSql && !op.inBlueprint;

/** One per prefix length seen (a project has one): the values are kept per file. */
const mayExceedOf = new Map<number, ReturnType<typeof perFileValues<boolean>>>();
const mayExceedWith = (prefix: number) => {
  let of = mayExceedOf.get(prefix);
  if (!of) mayExceedOf.set(prefix, (of = perFileValues((file) => mayExceed(file, prefix))));
  return of;
};

export const exceedsServerLimit: Rule = {
  id: 'exceeds-server-limit',
  defaultSeverity: 'error',
  description: 'A name over 64 characters, a CHAR/VARCHAR longer than its character set allows, or a row of them over 65,535 bytes: the server refuses the migration.',
  checkProject(context) {
    const laravel = context.laravel;
    // Only where the migrations are known to run on MySQL or MariaDB: PostgreSQL shortens a long name, SQLite has no limit.
    const prefix = laravel?.connectionPrefix ?? { table: '', indexes: false };
    if (!laravel || laravel.mysqlFamily !== true || !mayExceedWith(prefix.table.length)(context.migrations).includes(true)) return [];
    const grammar = grammarOf(laravel);
    if ('unknown' in grammar) return [];
    const limits: ServerLimitsContext = {
      server: laravel.driver === 'mariadb' && !laravel.driverAssumed ? 'mariadb' : undefined,
      strict: laravel.strict, charset: laravel.charset, tablePrefix: prefix.table, grammar,
    };
    const findings: RuleFinding[] = [];
    const observe: BlueprintObserver = (migration: ReplayedMigration, op, name) => {
      if (!surelyRuns(op)) return undefined;
      return {
        before(step, table) {
          const refusal = limitRefusal(step, table, name, limits);
          // Not known to be strict: a non-strict connection makes the VARCHAR a TEXT.
          if (!refusal || refusal.ifStrict) return;
          const column = refusal.column === undefined ? undefined : step.columns?.find((c) => c.name === refusal.column)?.declaredAt?.range;
          const range = refusal.kind === 'table' ? op.table.range : column ?? step.range ?? op.range;
          findings.push(findingOf(refusal, migration.path, range, prefix.table));
        },
        after() {},
      };
    };
    translateToStates(context.migrations, { tablePrefix: prefix.table, prefixIndexes: prefix.indexes, laravel }, observe);
    for (const migration of context.migrations) {
      for (const op of migration.up.operations) {
        if (op.kind !== 'rename' || !op.renamedTo || !surelyRuns(op)) continue;
        const refusal = tooLongTable(prefix.table + op.renamedTo.name, limits.server);
        if (refusal) findings.push(findingOf(refusal, migration.path, op.renamedTo.range, prefix.table));
      }
    }
    return findings;
  },
};
