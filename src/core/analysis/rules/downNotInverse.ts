// down-not-inverse: rolling back must undo up(): drop what it created, undo its renames, and
// never drop a table up() did not create.
import type { Fix, MigrationFile, SchemaOperation, SourceRange } from '../types';
import type { Rule, RuleFinding } from './rule';

const drops = (op: SchemaOperation) => op.kind === 'drop' || op.kind === 'dropIfExists';

export const downNotInverse: Rule = {
  id: 'down-not-inverse',
  defaultSeverity: 'warning',
  description: 'down() does not undo what up() did.',
  checkFile(file) {
    const { up, down } = file;
    // No down(), or an empty one, is a deliberate choice (irreversible migrations); a broken file proves nothing.
    if (!down.declared || down.empty || file.parseProblems.length > 0) return [];
    if (up.unknown.some((u) => u.reason !== 'raw SQL' || u.sqlTables === undefined)) return [];
    if (down.unknown.length > 0 || down.operations.some((o) => o.conditional)) return [];
    const created = new Map<string, SchemaOperation | undefined>();
    const renames: SchemaOperation[] = [];
    const upDropped = new Set<string>();
    for (const op of up.operations) {
      if (op.kind === 'create') created.set(op.table.name, op);
      else if (drops(op)) { created.delete(op.table.name); upDropped.add(op.table.name); }
      else if (op.kind === 'rename') {
        renames.push(op);
        if (created.has(op.table.name)) { created.set(op.renamedTo!.name, created.get(op.table.name)); created.delete(op.table.name); }
      }
    }
    for (const u of up.unknown) for (const t of u.sqlCreates ?? []) created.set(t, undefined);
    const findings: RuleFinding[] = [];
    const downDropped = new Set(down.operations.filter(drops).map((o) => o.table.name));
    const anchor: SourceRange = down.nameRange ?? down.range!;
    const fix = inverseFix(file);
    for (const [table, op] of created) {
      if (downDropped.has(table) || !op || op.conditional) continue;
      findings.push({ file: file.path, template: "down() does not drop '{0}', which up() creates.", args: [table], range: anchor,
        related: [{ file: file.path, range: op.table.range, message: 'created here' }], ...(fix ? { fixes: [fix] } : {}) });
    }
    const upTouched = new Set(up.operations.flatMap((o) => (o.renamedTo ? [o.table.name, o.renamedTo.name] : [o.table.name])));
    for (const op of down.operations) {
      if (!drops(op) || created.has(op.table.name) || upDropped.has(op.table.name)) continue;
      // Dropping a table that up() only altered destroys data on rollback.
      const template = upTouched.has(op.table.name)
        ? "down() drops '{0}', which up() only changes: rolling back would destroy it."
        : "down() drops '{0}', which up() does not create.";
      findings.push({ file: file.path, template, args: [op.table.name], range: op.table.range, ...(fix ? { fixes: [fix] } : {}) });
    }
    for (const op of renames) {
      const undone = down.operations.some((o) => o.kind === 'rename' && o.table.name === op.renamedTo!.name && o.renamedTo!.name === op.table.name);
      if (undone || created.has(op.renamedTo!.name)) continue;
      findings.push({ file: file.path, template: "down() does not rename '{0}' back to '{1}'.", args: [op.renamedTo!.name, op.table.name], range: anchor,
        related: [{ file: file.path, range: op.range, message: 'renamed here' }], ...(fix ? { fixes: [fix] } : {}) });
    }
    return findings;
  },
};

/** A PHP single-quoted literal of `text`: inside one, only a backslash and a quote are special. */
function phpString(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

/** Rewrites down() as the inverse of up(), when up() only creates, renames and drops-before-create. */
function inverseFix(file: MigrationFile): Fix | undefined {
  const { up, down } = file;
  if (!down.bodyRange || up.unknown.length > 0 || up.operations.some((o) => o.kind === 'table' || o.kind === 'drop' || o.conditional)) return undefined;
  const lines: string[] = [];
  for (const op of [...up.operations].reverse()) {
    const conn = op.connection !== undefined ? `connection(${phpString(op.connection)})->` : '';
    if (op.kind === 'create') lines.push(`Schema::${conn}dropIfExists(${phpString(op.table.name)});`);
    else if (op.kind === 'rename') lines.push(`Schema::${conn}rename(${phpString(op.renamedTo!.name)}, ${phpString(op.table.name)});`);
    else if (op.kind === 'dropIfExists' && up.operations.some((o) => o.kind === 'create' && o.table.name === op.table.name)) continue;
    else return undefined;
  }
  if (lines.length === 0) return undefined;
  const indent = ' '.repeat(down.range?.start.column ?? 4);
  const body = `{\n${lines.map((l) => `${indent}    ${l}`).join('\n')}\n${indent}}`;
  return {
    kind: 'makeDownInverse', title: 'Make down() undo what up() does', args: [], isPreferred: true,
    edits: [{ file: file.path, range: down.bodyRange, newText: body }],
  };
}
