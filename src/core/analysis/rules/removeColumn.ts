// remove-column-drops-nothing: Blueprint::removeColumn() only takes a column out of the
// Blueprint's own list (one it adds or changes); it sends no SQL, so written where dropColumn()
// was meant, the column stays in the table and neither up() nor a rollback says so.
import type { BlueprintStatement, MethodAnalysis, MigrationFile } from '../types';
import type { Rule, RuleFinding } from './rule';

/**
 * Blueprint methods that add no column definition to the Blueprint (lower case: PHP methods are
 * case-insensitive). A statement calling anything else before the removeColumn() may have added
 * the column it names (`timestamps()` adds `created_at`, `morphs('x')` adds `x_id`), and then
 * the removeColumn() does something: no claim.
 */
const addsNoColumn = new Set([
  'dropcolumn', 'removecolumn', 'renamecolumn', 'dropforeign', 'dropindex', 'dropunique', 'dropprimary',
  'dropfulltext', 'dropspatialindex', 'droptimestamps', 'droptimestampstz', 'dropsoftdeletes', 'dropsoftdeletestz',
  'dropremembertoken', 'dropmorphs', 'dropconstrainedforeignid', 'dropforeignidfor', 'dropconstrainedforeignidfor',
  'index', 'unique', 'primary', 'fulltext', 'spatialindex', 'rawindex', 'foreign', 'renameindex',
  'engine', 'charset', 'collation', 'comment', 'temporary', 'drop', 'dropifexists', 'rename',
]);

export const removeColumnDropsNothing: Rule = {
  id: 'remove-column-drops-nothing',
  defaultSeverity: 'warning',
  description: 'removeColumn() of a column the Blueprint does not add: it sends no SQL, the column stays.',
  checkFile(file) {
    if (file.parseProblems.length > 0) return [];
    return [...inMethod(file, file.up), ...inMethod(file, file.down)];
  },
};

function inMethod(file: MigrationFile, method: MethodAnalysis): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const op of method.operations) {
    // A statement not read may be the one that adds the column: no claim about that closure.
    if (!op.blueprint || op.blueprintUnknown !== undefined) continue;
    for (const statement of op.blueprint) {
      const column = removedColumn(statement);
      if (column !== undefined) {
        findings.push({
          file: file.path,
          template: "removeColumn() drops nothing: it only takes back a column this Blueprint adds, so column '{0}' stays in '{1}'. Use dropColumn() to drop it.",
          args: [column, op.table.name], range: statement.range,
        });
      } else if (!addsNothing(statement)) break;
    }
  }
  return findings;
}

/** The column of a lone `$table->removeColumn('c')`, when the name is a literal. */
function removedColumn(statement: BlueprintStatement): string | undefined {
  const [call] = statement.chain;
  if (!call || call.method.toLowerCase() !== 'removecolumn' || call.namedArgs) return undefined;
  const [name] = call.args;
  return typeof name === 'string' ? name : undefined;
}

const addsNothing = (statement: BlueprintStatement): boolean =>
  statement.chain.length > 0 && addsNoColumn.has(statement.chain[0]!.method.toLowerCase());
