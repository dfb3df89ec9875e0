// The repair planner: from a status snapshot and the expected structures, the ordered
// steps that bring every selected migration back to `ran` with no drift, the least
// destructive first. Pure: the SQL for structures comes from the structure tools it is
// given; no database is touched. Never imports 'vscode'.
import { laravelMigrationName } from '../analysis/naming';
import { english, message, said, tableList, type Message } from '../messages/catalog';
import type { ExpectedCatalog, ExpectedTable } from '../structure/expected';
import type { StructureDifference, TableModel } from '../structure/model';
import { isProblemState, isRecordedState, type MigrationStatus, type StatusSnapshot } from '../status/types';
import { dropTableStatement } from '../structure/ddl';
import { quoteIdentifier } from '../structure/normalise';
import { deleteRecord, findRenames, insertRecord, renameRecord } from './migrationRows';
import { alterTableAtOnce } from './sqlText';
import type { PendingChoice, PlanChoice, PlanNote, PlanOptions, RepairPlan, RepairStep } from './types';

/** Why the renderer cannot write a structure's SQL (one sentence); the table becomes a note. */
export interface DdlRefusal {
  readonly refused: Message;
}

export interface ReconcileSql {
  readonly sql: string;
  readonly lossy: boolean;
  readonly differences?: readonly StructureDifference[];
}

const isRefusal = (value: unknown): value is DdlRefusal => typeof value === 'object' && value !== null && 'refused' in value;

/** The structure SQL the planner needs (rendered from the expected models in session.ts). */
export interface StructureSql {
  createTable(table: ExpectedTable): Promise<readonly string[] | DdlRefusal>;
  /**
   * Statements bringing `live` to `expected`; empty when they match. `differences`: those each
   * statement fixes (a foreign key lifted around a column change fixes the column's). `server`:
   * the snapshot's, when known (the statements one server refuses differ).
   */
  reconcile(table: ExpectedTable, live: TableModel, server?: 'mariadb' | 'mysql'): Promise<readonly ReconcileSql[] | DdlRefusal>;
  /** Tables the expected table's foreign keys reference. */
  references?(table: ExpectedTable): readonly string[];
}

export interface PlanInput {
  readonly snapshot: StatusSnapshot;
  /**
   * The expected structures; a function gives each migration its own (status compares recorded
   * migrations with what they built, a pending one with what it would build).
   */
  readonly catalog: ExpectedCatalog | ((migration: string) => ExpectedCatalog);
  readonly structure: StructureSql;
  readonly options?: PlanOptions;
}

export async function planRepair(input: PlanInput): Promise<RepairPlan> {
  const planner = new Planner(input);
  for (const status of input.snapshot.migrations) await planner.repair(status);
  return planner.plan();
}

interface TableFixes {
  readonly lossless: RepairStep[];
  readonly lossy: RepairStep[];
}

/** One plan being built: the steps in buckets (in the order that keeps the database consistent after every step), notes and choices. */
class Planner {
  private readonly snapshot: StatusSnapshot;
  private readonly structure: StructureSql;
  private readonly options: PlanOptions;
  private readonly batch: number;
  private readonly migrationsTable: string;
  private readonly notes: PlanNote[] = [];
  private readonly choices: PlanChoice[] = [];
  private readonly creates: RepairStep[] = [];
  private readonly alters: RepairStep[] = [];
  private readonly records: RepairStep[] = [];
  private readonly drops: RepairStep[] = [];
  private readonly deletes: RepairStep[] = [];
  /** Migrations this plan records. */
  private readonly claimed = new Set<string>();
  private readonly byName: Map<string, MigrationStatus>;
  /**
   * Migrations with a file by the tables they create, in snapshot order: the owner of a table is
   * looked up per pending migration, and a lost migrations table makes thousands of those.
   */
  private readonly creatorsOf = new Map<string, { index: number; status: MigrationStatus }[]>();
  private readonly renames: Map<string, string>;
  private readonly renamedTo: Set<string>;

  constructor(private readonly input: PlanInput) {
    this.snapshot = input.snapshot;
    this.structure = input.structure;
    this.options = input.options ?? {};
    this.batch = this.options.batch ?? this.snapshot.maxBatch + 1;
    this.migrationsTable = quoteIdentifier(this.snapshot.migrationsTable);
    this.byName = new Map(this.snapshot.migrations.map((s) => [s.name, s]));
    this.snapshot.migrations.forEach((status, index) => {
      if (!status.file) return;
      for (const table of new Set(status.tables)) {
        const creators = this.creatorsOf.get(table);
        if (creators) creators.push({ index, status });
        else this.creatorsOf.set(table, [{ index, status }]);
      }
    });
    const { renames, refused } = findRenames(this.snapshot, this.options.renames);
    this.renames = renames;
    for (const [from, to] of refused) this.notes.push(note(from, undefined, message('note.renameRefused', from, to)));
    this.renamedTo = new Set(this.renames.values());
  }

  plan(): RepairPlan {
    const byMigration = (a: RepairStep, b: RepairStep): number => (a.migration < b.migration ? -1 : a.migration > b.migration ? 1 : 0);
    return {
      database: this.snapshot.connection.database,
      migrationsTable: this.snapshot.migrationsTable,
      batch: this.batch,
      // Laravel's order within a bucket: a referenced table is created by an earlier migration.
      steps: [...this.creates.sort(byMigration), ...this.alters, ...this.records.sort(byMigration), ...this.drops, ...this.deletes],
      notes: this.notes,
      choices: this.choices,
    };
  }

  async repair(status: MigrationStatus): Promise<void> {
    const renameTarget = this.renames.get(status.name);
    if (!this.selected(status.name) && !(renameTarget && this.selected(renameTarget))) return;
    // A table it names with what cannot be read is never acted on; said when the migration is asked
    // for by name or has a problem the plan works on.
    const unnamed = (status.unchecked ?? []).filter((u) => u.table === undefined && u.said);
    if (unnamed.length > 0 && (this.options.only?.length || isProblemState(status.state))) {
      for (const u of unnamed) this.notes.push(note(status.name, undefined, u.said!));
    }
    switch (status.state) {
      case 'ran-table-missing':
        await this.createMissing(status, 'repair.createMissing');
        return;
      case 'schema-drift': {
        const drifted = status.problems.filter((p) => p.kind === 'structure-differs' && p.table).map((p) => p.table!);
        const fix = await this.reconcileExisting(status, drifted);
        if (fix) this.alters.push(...fix.lossless, ...fix.lossy);
        return;
      }
      case 'pending-table-exists':
        // Recorded as ran, it would stand for a table whose name is not known and which may not exist (noted above).
        if (!this.renamedTo.has(status.name) && unnamed.length === 0) await this.existingPending(status);
        return;
      case 'orphan-record':
        if (renameTarget) await this.rename(status.name, this.byName.get(renameTarget)!);
        // The status offers no deletion when the row may belong to migrations it cannot see.
        else if (status.problems.some((p) => p.repairs.includes('delete-record'))) this.deleteRecord(status.name);
        else this.notes.push(...status.problems.map((p) => note(status.name, undefined, message('list.sentences', p.said.message, p.said.repairHint))));
        return;
      default:
        return;
    }
  }

  private selected(name: string): boolean {
    const only = this.options.only;
    return !only?.length || only.some((o) => name === o || name.startsWith(o) || name === laravelMigrationName(o));
  }

  private catalogOf(migration: string): ExpectedCatalog {
    const catalog = this.input.catalog;
    return typeof catalog === 'function' ? catalog(migration) : catalog;
  }

  private record(migration: string, said: Message): void {
    this.claimed.add(migration);
    this.records.push(step({
      id: `record-as-ran:${migration}`, migration, action: 'record-as-ran',
      sql: [insertRecord(this.migrationsTable, migration, this.batch)],
      said, lossy: false, backupMigrationRows: [migration],
    }));
  }

  private deleteRecord(migration: string): void {
    this.deletes.push(step({
      id: `delete-record:${migration}`, migration, action: 'delete-record',
      sql: [deleteRecord(this.migrationsTable, migration)],
      said: message('repair.deleteRecord', migration),
      lossy: false, backupMigrationRows: [migration],
    }));
  }

  /** The expected structure of `table`, or a note saying what is missing. */
  private known(table: string, migration: string): ExpectedTable | undefined {
    const catalog = this.catalogOf(migration);
    const expected = catalog.tables.get(table);
    if (expected) return expected;
    const unknown = catalog.unknown.get(table);
    this.note(migration, table, unknown ? message('note.unknownStructureBecause', table, unknown.said) : message('note.unknownStructure', table));
    return undefined;
  }

  /** Creates the missing tables of `status`; false when one cannot be created (then nothing is recorded). */
  private async createMissing(status: MigrationStatus, why: 'repair.createMissing' | 'repair.createWithPending' | 'repair.createForRename', gone: readonly string[] = []): Promise<boolean> {
    let complete = true;
    for (const table of status.tables.filter((t) => !this.snapshot.liveTables.has(t) && !gone.includes(t))) {
      const create = await this.createStep(status.name, table, message(why, table));
      if (create) this.creates.push(create);
      else complete = false;
    }
    return complete;
  }

  /** The step creating `table`, or undefined once a note says why there is none. */
  private async createStep(migration: string, table: string, said: Message): Promise<RepairStep | undefined> {
    const expected = this.known(table, migration);
    if (!expected) return undefined;
    const refusal = this.cannotCreate(expected);
    if (refusal) return this.note(migration, table, refusal);
    const sql = await this.structure.createTable(expected);
    if (isRefusal(sql)) return this.note(migration, table, message('note.cannotCreate', table, sql.refused));
    return step({
      id: `create-table:${migration}:${table}`, migration, action: 'create-table', table, sql, said, lossy: false, backupTables: [table],
    });
  }

  private note(migration: string, table: string, said: Message): undefined {
    this.notes.push(note(migration, table, said));
    return undefined;
  }

  /** Why the plan must not create `expected`, or undefined when it may. */
  private cannotCreate(expected: ExpectedTable): Message | undefined {
    const table = expected.name;
    if (!expected.owned) return message('note.notOwnedCreate', table);
    const missingTargets = (this.structure.references?.(expected) ?? [])
      .filter((r) => r !== table && !this.snapshot.liveTables.has(r) && !this.creates.some((c) => c.table === r));
    // The CREATE would fail (1824): its foreign keys are part of it.
    if (missingTargets.length > 0) {
      return message('note.missingTargets', table, tableList(missingTargets));
    }
    return undefined;
  }

  /** ALTER steps for the existing tables of `status` that differ; undefined when a structure is unknown or cannot be written. */
  private async reconcileExisting(status: MigrationStatus, tables: readonly string[]): Promise<TableFixes | undefined> {
    const fixes: TableFixes = { lossless: [], lossy: [] };
    let complete = true;
    for (const table of tables.filter((t) => this.snapshot.liveTables.has(t))) {
      const statements = await this.reconcileTable(status.name, table);
      if (!statements) {
        complete = false;
        continue;
      }
      const lifted = liftedForLossy(statements, this.snapshot.liveStructures.get(table)!, this.catalogOf(status.name).tables.get(table)!.model);
      const withLossy = statements.filter((s) => s.lossy || lifted(s));
      const lossless = this.alterStep(status.name, table, statements.filter((s) => !withLossy.includes(s)).map((s) => s.sql), false);
      const lossy = this.alterStep(status.name, table, withLossy.map((s) => s.sql), true);
      if (lossless) fixes.lossless.push(lossless);
      if (lossy) fixes.lossy.push(lossy);
    }
    return complete ? fixes : undefined;
  }

  /** The statements bringing `table` to what `migration` expects; undefined when its structure is unknown or cannot be written (a note says which). */
  private async reconcileTable(migration: string, table: string): Promise<readonly ReconcileSql[] | undefined> {
    const expected = this.known(table, migration);
    const live = this.snapshot.liveStructures.get(table);
    if (!expected || !live) return undefined;
    const statements = await this.structure.reconcile(expected, live, this.snapshot.server);
    if (isRefusal(statements)) return this.note(migration, table, message('note.cannotAlter', table, statements.refused));
    const held = this.heldByOtherTable(table, statements);
    return held ? this.note(migration, table, message('note.cannotAlter', table, held)) : statements;
  }

  /**
   * Why a column of `table` cannot change, when another table's foreign key references one whose
   * type or character set the statements change: the server refuses it while that key stands
   * (errno 1833, whether the column is narrowed or widened), and a step changes one table only.
   */
  private heldByOtherTable(table: string, statements: readonly ReconcileSql[]): Message | undefined {
    const retyped = new Set(statements.flatMap((s) => s.differences ?? [])
      .filter((d) => d.kind === 'column-type' || d.kind === 'column-charset').map((d) => d.subject.toLowerCase()));
    if (retyped.size === 0) return undefined;
    for (const [other, model] of this.snapshot.liveStructures) {
      if (other === table) continue;
      for (const key of model.foreignKeys ?? []) {
        if (key.referencedTable !== table) continue;
        const column = key.referencedColumns.find((c) => retyped.has(c.toLowerCase()));
        if (column !== undefined) return message('note.referencedColumn', column, key.name, other);
      }
    }
    return undefined;
  }

  /**
   * One step of a table's statements (those that can lose data apart: they wait for the user's
   * consent), as one ALTER TABLE where the server allows: a step that fails then changed nothing.
   */
  private alterStep(migration: string, table: string, statements: readonly string[], lossy: boolean): RepairStep | undefined {
    if (statements.length === 0) return undefined;
    return step({
      id: `alter-table:${migration}:${table}${lossy ? ':lossy' : ''}`, migration, action: 'alter-table', table,
      sql: alterTableAtOnce(table, statements),
      said: message(lossy ? 'repair.alterLossy' : 'repair.alter', table), lossy, backupTables: [table],
    });
  }

  /** Another migration that already stands for one of these tables (recorded, or recorded by this plan). */
  private ownerOf(status: MigrationStatus, existing: readonly string[]): MigrationStatus | undefined {
    let owner: MigrationStatus | undefined;
    let ownerIndex = Infinity;
    for (const table of existing) {
      for (const { index, status: m } of this.creatorsOf.get(table) ?? []) {
        if (index >= ownerIndex) break;
        if (m.name !== status.name && (isRecordedState(m.state) || this.claimed.has(m.name))) {
          owner = m;
          ownerIndex = index;
          break;
        }
      }
    }
    return owner;
  }

  private async existingPending(status: MigrationStatus): Promise<void> {
    const existing = status.tables.filter((t) => this.snapshot.liveTables.has(t));
    if (this.notedAsDuplicate(status, existing)) return;
    const chosen = this.options.choices?.get(status.name);
    const fix = await this.reconcileExisting(status, existing);
    if (fix && fix.lossless.length === 0 && fix.lossy.length === 0) {
      await this.createThenRecord(status, message('repair.recordMatching', tableList(existing), this.batch));
      return;
    }
    if (!fix && !chosen) {
      // Unknown structure: saying "it matches" would be a guess, so nothing is planned.
      this.notes.push(note(status.name, undefined, message('note.matchUnknown')));
      this.choices.push({ migration: status.name, chosen: 'record-as-ran', alternatives: ['record-as-ran', 'drop-table'] });
      return;
    }
    const choice: PendingChoice = chosen ?? 'alter-table';
    this.choices.push({ migration: status.name, chosen: choice, alternatives: fix ? ['alter-table', 'record-as-ran', 'drop-table'] : ['record-as-ran', 'drop-table'] });
    if (choice === 'drop-table') {
      this.dropExisting(status, existing);
      return;
    }
    if (choice === 'alter-table' && fix) this.alters.push(...fix.lossless, ...fix.lossy);
    await this.createThenRecord(status, choice === 'alter-table'
      ? message(existing.length > 1 ? 'repair.recordAfterAlterTables' : 'repair.recordAfterAlter', this.batch)
      : message('repair.recordKeep', this.batch, tableList(existing)));
  }

  /** Whether another migration already stands for one of `existing` (said in a note): recording this one too would hide a duplicate. */
  private notedAsDuplicate(status: MigrationStatus, existing: readonly string[]): boolean {
    const owner = this.ownerOf(status, existing);
    if (!owner) return false;
    const duplicated = existing.filter((t) => owner.tables.includes(t));
    this.notes.push(note(status.name, duplicated[0], message('note.duplicate', owner.name, tableList(duplicated))));
    return true;
  }

  /** Records `status` once the tables it creates that do not exist yet are planned; nothing when one cannot be. */
  private async createThenRecord(status: MigrationStatus, said: Message): Promise<void> {
    if (await this.createMissing(status, 'repair.createWithPending')) this.record(status.name, said);
  }

  private dropExisting(status: MigrationStatus, existing: readonly string[]): void {
    for (const table of existing) {
      if (this.catalogOf(status.name).tables.get(table)?.owned === false) {
        this.note(status.name, table, message('note.notOwnedDrop', table));
        continue;
      }
      this.drops.push(step({
        id: `drop-table:${status.name}:${table}`, migration: status.name, action: 'drop-table', table,
        sql: [dropTableStatement(table)],
        said: message('repair.drop', table),
        lossy: true, backupTables: [table],
      }));
    }
  }

  private async rename(from: string, to: MigrationStatus): Promise<void> {
    const fix = await this.reconcileExisting(to, to.tables);
    if (fix) this.alters.push(...fix.lossless, ...fix.lossy);
    // A table a later recorded migration renamed or dropped is not missing: replayed, the
    // migrations leave no such table, neither known nor unknown.
    const catalog = this.catalogOf(to.name);
    const gone = to.tables.filter((t) => !this.snapshot.liveTables.has(t) && !catalog.tables.has(t) && !catalog.unknown.has(t));
    const complete = await this.createMissing(to, 'repair.createForRename', gone);
    if (!complete || !fix) {
      this.notes.push(note(from, undefined, message('note.renameIncomplete', from, to.name)));
      return;
    }
    this.records.push(step({
      id: `rename-record:${from}`, migration: to.name, action: 'rename-record',
      sql: [renameRecord(this.migrationsTable, from, to.name)],
      said: message('repair.renameRecord', from, to.name),
      lossy: false, backupMigrationRows: [from, to.name],
    }));
  }
}

/**
 * Whether a statement that loses nothing belongs with the lossy ones of its table: a foreign key
 * dropped or added on a column whose type or character set a lossy statement changes. The server
 * refuses to change such a column while a key uses it (errno 1832), so the key's drop and re-add
 * must surround that change in its step; in the step before it, the key would stand again when
 * the lossy step runs, which then fails. What the lossy statements fix is read once per table.
 */
function liftedForLossy(statements: readonly ReconcileSql[], live: TableModel, expected: TableModel): (statement: ReconcileSql) => boolean {
  const lossyFixes = new Set(statements.filter((s) => s.lossy).flatMap((s) => s.differences ?? []));
  const retyped = new Set([...lossyFixes].filter((d) => d.kind === 'column-type' || d.kind === 'column-charset').map((d) => d.subject.toLowerCase()));
  const keyOf = (name: string) => [...expected.foreignKeys, ...live.foreignKeys].filter((k) => k.name.toLowerCase() === name.toLowerCase());
  return (statement) => {
    if (statement.lossy || !statement.differences) return false;
    // A key lifted around the column change fixes the column's own difference.
    if (statement.differences.some((d) => lossyFixes.has(d))) return true;
    // A key changed under its name (dropped and added again) or missing (added) on such a column.
    return statement.differences.some((d) => (d.kind === 'foreign-key-definition' || d.kind === 'missing-foreign-key')
      && keyOf(d.subject).some((k) => k.columns.some((c) => retyped.has(c.toLowerCase()))));
  };
}

function step(s: Omit<RepairStep, 'reason' | 'requiresBackup' | 'backupTables' | 'backupMigrationRows'> & Partial<RepairStep>): RepairStep {
  const backupTables = s.backupTables ?? [];
  const backupMigrationRows = s.backupMigrationRows ?? [];
  return { ...s, reason: english(s.said), backupTables, backupMigrationRows, requiresBackup: backupTables.length > 0 || backupMigrationRows.length > 0 };
}

function note(migration: string, table: string | undefined, said: Message): PlanNote {
  return { migration, ...(table !== undefined ? { table } : {}), message: english(said), said };
}

/** "Mark as Ran": record an unrecorded migration as it is, by the user's explicit choice. */
export function markAsRanStep(
  snapshot: StatusSnapshot, name: string, batch = snapshot.maxBatch + 1,
): { ok: true; step: RepairStep } | { ok: false; message: string; said: Message } {
  const status = snapshot.migrations.find((s) => s.name === name);
  if (!status) return { ok: false, ...said(message('markAsRan.unknown', name, snapshot.connection.database)) };
  if (status.state !== 'pending' && status.state !== 'pending-table-exists') {
    return { ok: false, ...said(message('markAsRan.recorded', name, status.state)) };
  }
  const missing = status.tables.filter((t) => !snapshot.liveTables.has(t));
  return {
    ok: true,
    step: step({
      id: `record-as-ran:${name}`, migration: name, action: 'record-as-ran',
      sql: [insertRecord(quoteIdentifier(snapshot.migrationsTable), name, batch)],
      said: missing.length ? message('repair.markedMissing', tableList(missing)) : message('repair.marked', batch),
      lossy: false, backupMigrationRows: [name],
    }),
  };
}
