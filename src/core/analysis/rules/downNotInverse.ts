// down-not-inverse: rolling back must undo up(): drop what it created, undo its renames, and
// never drop a table up() did not create.
import type { Fix, MigrationFile, SchemaOperation, SourceRange } from '../types';
import type { Rule, RuleFinding } from './rule';

const drops = (op: SchemaOperation) => op.kind === 'drop' || op.kind === 'dropIfExists';

/** A table as the two methods move it around: one that was there before up(), or one up() or down() makes. */
interface Table {
  /** Its name before up(), for a table that was there. */
  readonly before?: string;
  /** The create that made it (undefined for raw SQL), for one made by up(). */
  readonly createdByUp?: SchemaOperation | undefined;
  readonly madeBy: 'before' | 'up' | 'down';
}

/**
 * The tables by name as up() then down() leave them. Names are followed, not operations: a
 * migration that rebuilds a table (rename it aside, create the new shape, drop the old) and whose
 * down() does the same back undoes itself, though no single operation of down() mirrors one of up().
 */
class Tables {
  private readonly byName = new Map<string, Table>();
  /** Names known to hold no table at this point (dropped here), so a drop of one destroys nothing. */
  private readonly absent = new Set<string>();

  at(name: string): Table | undefined {
    const table = this.byName.get(name);
    if (table || this.absent.has(name)) return table;
    const before: Table = { before: name, madeBy: 'before' };
    this.byName.set(name, before);
    return before;
  }

  make(name: string, table: Table): void {
    this.byName.set(name, table);
    this.absent.delete(name);
  }

  drop(name: string): Table | undefined {
    const table = this.at(name);
    this.byName.delete(name);
    this.absent.add(name);
    return table;
  }

  rename(from: string, to: string): Table | undefined {
    const table = this.drop(from);
    if (table) this.make(to, table);
    return table;
  }

  nameOf(table: Table): string | undefined {
    for (const [name, t] of this.byName) if (t === table) return name;
    return undefined;
  }

  living(): IterableIterator<[string, Table]> {
    return this.byName.entries();
  }
}

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
    const tables = new Tables();
    /** The tables there before up() that it renamed, with the rename that moved each first. */
    const renamed = new Map<Table, SchemaOperation>();
    // A name up() drops before it creates it may have held a table of an earlier migration (a
    // rebuild): whether down() must drop the new one depends on migrations this rule does not see.
    const created = new Set<string>();
    const droppedFirst = new Set<string>();
    for (const op of up.operations) {
      if (op.kind === 'create') {
        tables.make(op.table.name, { createdByUp: op, madeBy: 'up' });
        created.add(op.table.name);
      } else if (drops(op)) {
        tables.drop(op.table.name);
        if (!created.has(op.table.name)) droppedFirst.add(op.table.name);
      }
      else if (op.kind === 'rename') {
        const table = tables.rename(op.table.name, op.renamedTo!.name);
        if (table?.madeBy === 'before' && !renamed.has(table)) renamed.set(table, op);
      }
    }
    for (const u of up.unknown) for (const t of u.sqlCreates ?? []) tables.make(t, { createdByUp: undefined, madeBy: 'up' });
    const afterUp = new Map([...tables.living()].map(([name, table]) => [table, name]));
    const upTouched = new Set(up.operations.flatMap((o) => (o.renamedTo ? [o.table.name, o.renamedTo.name] : [o.table.name])));
    const anchor: SourceRange = down.nameRange ?? down.range!;
    const fix = inverseFix(file);
    const withFix = fix ? { fixes: [fix] } : {};
    const wrongDrops: RuleFinding[] = [];
    // A statement of a down() Blueprint closure that was not read runs as the closure does, and may
    // drop the table itself (kanka's `Schema::table('t', function () { Schema::dropIfExists('t'); })`).
    const downUnread = down.operations.some((o) => o.blueprintUnknown !== undefined);
    for (const op of down.operations) {
      if (op.kind === 'create') tables.make(op.table.name, { madeBy: 'down' });
      else if (op.kind === 'rename') tables.rename(op.table.name, op.renamedTo!.name);
      else if (drops(op)) {
        const table = tables.drop(op.table.name);
        if (table?.madeBy !== 'before') continue;
        // Dropping a table that up() only altered destroys data on rollback.
        const template = upTouched.has(op.table.name)
          ? "down() drops '{0}', which up() only changes: rolling back would destroy it."
          : "down() drops '{0}', which up() does not create.";
        wrongDrops.push({ file: file.path, template, args: [op.table.name], range: op.table.range, ...withFix });
      }
    }
    const findings: RuleFinding[] = [];
    for (const [table, name] of afterUp) {
      const op = table.createdByUp;
      if (table.madeBy !== 'up' || !op || op.conditional || downUnread || tables.nameOf(table) === undefined || droppedFirst.has(name)) continue;
      findings.push({ file: file.path, template: "down() does not drop '{0}', which up() creates.", args: [name], range: anchor,
        related: [{ file: file.path, range: op.table.range, message: 'created here' }], ...withFix });
    }
    findings.push(...wrongDrops);
    for (const [table, op] of renamed) {
      // A table up() renamed and then dropped is gone: down() can only make it again, which it may.
      const renamedTo = afterUp.get(table);
      if (renamedTo === undefined || tables.nameOf(table) === table.before) continue;
      findings.push({ file: file.path, template: "down() does not rename '{0}' back to '{1}'.", args: [renamedTo, table.before!], range: anchor,
        related: [{ file: file.path, range: op.range, message: 'renamed here' }], ...withFix });
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
