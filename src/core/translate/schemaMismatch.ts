// schema-mismatch (issues 4 and 7): a table the migrations create has a Drizzle definition,
// and the columns the migrations give it disagree with that definition: a column missing
// or extra, or a different type or nullability (the translation is exact for the calls
// it knows; what it cannot know is never reported). Never imports 'vscode'.
import { getTableConfig, type MySqlColumn } from 'drizzle-orm/mysql-core';
import type { RelatedLocation } from '../analysis/types';
import type { Rule, RuleContext, RuleFinding } from '../analysis/rules/rule';
import type { ExpectedTable } from '../structure/expected';
import { normaliseType } from '../structure/normalise';
import { expectedTables } from '../../schema';
import { translateToStates } from './index';
import { splitColumnSqlType } from './toDrizzle';
import type { ColumnState, TableState } from './tableState';

function describeDrizzle(column: MySqlColumn): string {
  const serial = column.getSQLType().trim().toLowerCase() === 'serial';
  const nullable = !(column.notNull || column.primary || serial);
  return `${normaliseType(splitColumnSqlType(column.getSQLType()).type)}${nullable ? ' null' : ' not null'}`;
}

function describeTranslated(column: ColumnState): string {
  return `${normaliseType(column.sqlType)}${column.nullable && !column.autoIncrement ? ' null' : ' not null'}`;
}

function moduleOf(table: ExpectedTable): string {
  return table.origin.kind === 'drizzle' ? table.origin.module : 'the migrations';
}

/** Findings for one table: its translated final structure against its Drizzle definition. */
export function schemaMismatches(state: TableState, definition: ExpectedTable): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const drizzleColumns = getTableConfig(definition.drizzle).columns;
  const where = moduleOf(definition);
  const created = state.createdAt;
  const related: RelatedLocation[] | undefined = created
    ? [{ file: created.file, range: created.range, message: `Schema::create('${state.name}')` }]
    : undefined;
  for (const column of drizzleColumns) {
    const translated = state.columns.find((c) => c.name === column.name);
    if (!translated) {
      if (!created) continue;
      findings.push({
        file: created.file,
        range: created.range,
        template: "The Drizzle definition of '{0}' ({1}) has a column '{2}' ({3}) that the migrations never create.",
        args: [state.name, where, column.name, describeDrizzle(column)],
      });
      continue;
    }
    const expected = describeDrizzle(column);
    const actual = describeTranslated(translated);
    if (expected !== actual && translated.declaredAt) {
      findings.push({
        file: translated.declaredAt.file,
        range: translated.declaredAt.range,
        template: "Column '{0}' of '{1}' is {2} here, but {3} in its Drizzle definition ({4}).",
        args: [translated.name, state.name, actual, expected, where],
        related,
      });
    }
  }
  // A definition that does not own its table declares only part of it (what a foreign key needs).
  if (definition.owned) {
    for (const column of state.columns) {
      if (drizzleColumns.some((c) => c.name === column.name) || !column.declaredAt) continue;
      findings.push({
        file: column.declaredAt.file,
        range: column.declaredAt.range,
        template: "Column '{0}' of '{1}' is not in its Drizzle definition ({2}).",
        args: [column.name, state.name, where],
        related,
      });
    }
  }
  return findings;
}

/** The rule over a set of Drizzle definitions (the built-in ones by default). */
export function schemaMismatchRule(definitions: () => readonly ExpectedTable[] = () => expectedTables): Rule {
  return {
    id: 'schema-mismatch',
    defaultSeverity: 'warning',
    description: 'The columns the migrations give a table disagree with its Drizzle definition.',
    checkProject(context: RuleContext): RuleFinding[] {
      const defined = new Map(definitions().map((d) => [d.name, d]));
      // Cheap exit: most projects' migrations touch none of the defined tables.
      const touches = context.migrations.some((m) => m.up.operations.some((op) => defined.has(op.table.name) || (op.renamedTo && defined.has(op.renamedTo.name))));
      if (!touches) return [];
      const { tables } = translateToStates(context.migrations, { tablePrefix: '' });
      return [...defined.values()].flatMap((definition) => {
        const state = tables.get(definition.name);
        return state ? schemaMismatches(state, definition) : [];
      });
    },
  };
}

export const schemaMismatch: Rule = schemaMismatchRule();
