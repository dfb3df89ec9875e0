// schema-mismatch: a table the migrations create has a Drizzle definition, and the
// structure the migrations give it differs from that definition. Both sides are table
// models compared by compareTables, as status compares a live table (the translation is
// exact for the calls it knows; what it cannot know is never reported). Never imports 'vscode'.
import type { RelatedLocation } from '../analysis/types';
import type { Rule, RuleContext, RuleFinding } from '../analysis/rules/rule';
import { compareTables } from '../structure/compare';
import { laravelDefaults } from '../structure/defaults';
import { drizzleTablesFor, type ExpectedTable } from '../structure/expected';
import type { ColumnModel } from '../structure/model';
import { translateToStates } from './index';
import type { TableState } from './tableState';
import { tableStateToModel } from './toModel';

const describe = (column: ColumnModel): string => `${column.type}${column.nullable ? ' null' : ' not null'}`;

function moduleOf(table: ExpectedTable): string {
  return table.origin.kind === 'drizzle' ? table.origin.module : 'the migrations';
}

/** Findings for one table: its translated final structure against its Drizzle definition. */
export function schemaMismatches(state: TableState, definition: ExpectedTable): RuleFinding[] {
  const translated = tableStateToModel(state, laravelDefaults);
  // drizzle-orm's mysql-core cannot declare a FULLTEXT index (codegen leaves them out): a definition
  // can never agree with one, so a difference about it would be a claim nobody can act on.
  const fulltext = new Set(translated.indexes.filter((index) => index.fulltext).map((index) => index.name.toLowerCase()));
  const differences = compareTables(definition.model, translated)
    .filter((d) => !d.kind.includes('index') || !fulltext.has(d.subject.toLowerCase()));
  const where = moduleOf(definition);
  const created = state.createdAt;
  const related: RelatedLocation[] | undefined = created
    ? [{ file: created.file, range: created.range, message: `Schema::create('${state.name}')` }]
    : undefined;
  const declared = (subject: string) => state.columns.find((c) => c.name.toLowerCase() === subject.toLowerCase())?.declaredAt;
  const modelled = (columns: readonly ColumnModel[], subject: string) => columns.find((c) => c.name.toLowerCase() === subject.toLowerCase())!;
  const findings: RuleFinding[] = [];
  const typeReported = new Set<string>();
  for (const difference of differences) {
    const subject = difference.subject;
    switch (difference.kind) {
      case 'missing-column':
        if (created) {
          findings.push({
            file: created.file, range: created.range,
            template: "The Drizzle definition of '{0}' ({1}) has a column '{2}' ({3}) that the migrations never create.",
            args: [state.name, where, subject, describe(modelled(definition.model.columns, subject))],
          });
        }
        break;
      case 'extra-column': {
        const at = declared(subject);
        if (at) findings.push({ file: at.file, range: at.range, template: "Column '{0}' of '{1}' is not in its Drizzle definition ({2}).", args: [subject, state.name, where], related });
        break;
      }
      case 'column-type': case 'column-nullability': {
        const at = declared(subject);
        if (!at || typeReported.has(subject)) break;
        typeReported.add(subject);
        findings.push({
          file: at.file, range: at.range,
          template: "Column '{0}' of '{1}' is {2} here, but {3} in its Drizzle definition ({4}).",
          args: [subject, state.name, describe(modelled(translated.columns, subject)), describe(modelled(definition.model.columns, subject)), where],
          related,
        });
        break;
      }
      default: {
        // NOT NULL against nullable already says that one has no default and the other NULL.
        const nullability = differences.some((d) => d.kind === 'column-nullability' && d.subject === subject);
        if (difference.kind === 'column-default' && nullability) break;
        // A column's other attributes where the column is declared; an index, key or option at the Schema::create.
        const at = (difference.kind.startsWith('column-') ? declared(subject) : undefined) ?? created;
        if (at) {
          findings.push({
            file: at.file, range: at.range,
            template: "'{0}' differs from its Drizzle definition ({1}): here, {2}.",
            args: [state.name, where, difference.explanation],
            related: at === created ? undefined : related,
          });
        }
      }
    }
  }
  return findings;
}

/** The rule over the Drizzle definitions the adapter passes in the context (none: no finding). */
export const schemaMismatch: Rule = {
  id: 'schema-mismatch',
  defaultSeverity: 'warning',
  description: 'The structure the migrations give a table differs from its Drizzle definition.',
  checkProject(context: RuleContext): RuleFinding[] {
    const definitions = context.drizzle ?? [];
    // Without the project's Laravel version the translated structure cannot be known.
    if (definitions.length === 0 || !context.laravel) return [];
    const defined = new Map(drizzleTablesFor(definitions, context.migrations, { tablePrefix: '' }).map((d) => [d.name, d]));
    // Cheap exit: most projects' migrations touch none of the defined tables.
    const touches = context.migrations.some((m) => m.up.operations.some((op) => defined.has(op.table.name) || (op.renamedTo && defined.has(op.renamedTo.name))));
    if (!touches) return [];
    const { tables } = translateToStates(context.migrations, { tablePrefix: '', laravel: context.laravel });
    return [...defined.values()].flatMap((definition) => {
      const state = tables.get(definition.name);
      return state ? schemaMismatches(state, definition) : [];
    });
  },
};
