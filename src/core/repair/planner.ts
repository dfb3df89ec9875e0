// The repair planner: from a status snapshot and the expected structures, the ordered
// steps that bring every selected migration back to `ran` with no drift, the least
// destructive first. Pure: the SQL for structures comes from the structure tools it is
// given; no database is touched. Never imports 'vscode'.
import type { ExpectedCatalog, ExpectedTable } from '../structure/expected';
import type { TableModel } from '../structure/model';
import { isRecordedState, type MigrationStatus, type StatusSnapshot } from '../status/types';
import { dropTableStatement } from '../structure/ddl';
import { quoteIdentifier, quoteLiteral } from '../structure/normalise';
import type { PendingChoice, PlanChoice, PlanNote, PlanOptions, RepairPlan, RepairStep } from './types';

/** Why the renderer cannot write a structure's SQL (one sentence); the table becomes a note. */
export interface DdlRefusal {
  readonly refused: string;
}

const isRefusal = (value: unknown): value is DdlRefusal => typeof value === 'object' && value !== null && 'refused' in value;

/** The structure SQL the planner needs (rendered from the expected models in session.ts). */
export interface StructureSql {
  createTable(table: ExpectedTable): Promise<readonly string[] | DdlRefusal>;
  /** Statements bringing `live` to `expected`; empty when they match. */
  reconcile(table: ExpectedTable, live: TableModel): Promise<readonly { readonly sql: string; readonly lossy: boolean }[] | DdlRefusal>;
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

const timestampOf = (name: string): string | undefined => /^\d{4}_\d{2}_\d{2}_\d{6}/.exec(name)?.[0];

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
    this.renames = findRenames(this.snapshot, this.options.renames, this.notes);
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
    switch (status.state) {
      case 'ran-table-missing':
        await this.createMissing(status, `'{table}' does not exist although the migration is recorded as ran: create it from the structure the migration creates; the row is kept.`);
        return;
      case 'schema-drift': {
        const drifted = status.problems.filter((p) => p.kind === 'structure-differs' && p.table).map((p) => p.table!);
        const fix = await this.reconcileExisting(status, drifted);
        if (fix) this.alters.push(...fix.lossless, ...fix.lossy);
        return;
      }
      case 'pending-table-exists':
        if (!this.renamedTo.has(status.name)) await this.existingPending(status);
        return;
      case 'orphan-record':
        if (renameTarget) await this.rename(status.name, this.byName.get(renameTarget)!);
        // The status offers no deletion when the row may belong to migrations it cannot see.
        else if (status.problems.some((p) => p.repairs.includes('delete-record'))) this.deleteRecord(status.name);
        else this.notes.push(...status.problems.map((p) => ({ migration: status.name, message: `${p.message} ${p.repairHint}` })));
        return;
      default:
        return;
    }
  }

  private selected(name: string): boolean {
    const only = this.options.only;
    return !only?.length || only.some((o) => name === o || name.startsWith(o) || name === o.replace(/\.php$/, ''));
  }

  private catalogOf(migration: string): ExpectedCatalog {
    const catalog = this.input.catalog;
    return typeof catalog === 'function' ? catalog(migration) : catalog;
  }

  private record(migration: string, reason: string): void {
    this.claimed.add(migration);
    this.records.push(step({
      id: `record-as-ran:${migration}`, migration, action: 'record-as-ran',
      sql: [insertRecord(this.migrationsTable, migration, this.batch)],
      reason, lossy: false, backupMigrationRows: [migration],
    }));
  }

  private deleteRecord(migration: string): void {
    this.deletes.push(step({
      id: `delete-record:${migration}`, migration, action: 'delete-record',
      sql: [`DELETE FROM ${this.migrationsTable} WHERE \`migration\` = ${quoteLiteral(migration)}`],
      reason: `No file ${migration}.php exists: delete its row (kept in the backup), or restore the file (or rename it back) instead of repairing.`,
      lossy: false, backupMigrationRows: [migration],
    }));
  }

  /** The expected structure of `table`, or a note saying what is missing. */
  private known(table: string, migration: string): ExpectedTable | undefined {
    const catalog = this.catalogOf(migration);
    const expected = catalog.tables.get(table);
    if (expected) return expected;
    const unknown = catalog.unknown.get(table);
    this.notes.push({
      migration, table,
      message: `The expected structure of '${table}' is unknown${unknown ? ` (${unknown.reason})` : ''}: nothing is guessed; describe it in a Drizzle schema or make the migration's Blueprint literal.`,
    });
    return undefined;
  }

  /** Creates the missing tables of `status`; false when one cannot be created (then nothing is recorded). */
  private async createMissing(status: MigrationStatus, why: string): Promise<boolean> {
    let complete = true;
    for (const table of status.tables.filter((t) => !this.snapshot.liveTables.has(t))) {
      const create = await this.createStep(status.name, table, why.replace('{table}', table));
      if (create) this.creates.push(create);
      else complete = false;
    }
    return complete;
  }

  /** The step creating `table`, or undefined once a note says why there is none. */
  private async createStep(migration: string, table: string, reason: string): Promise<RepairStep | undefined> {
    const expected = this.known(table, migration);
    if (!expected) return undefined;
    const refusal = this.cannotCreate(expected);
    if (refusal) return this.note(migration, table, refusal);
    const sql = await this.structure.createTable(expected);
    if (isRefusal(sql)) return this.note(migration, table, `Table '${table}' cannot be created: ${sql.refused}`);
    return step({
      id: `create-table:${migration}:${table}`, migration, action: 'create-table', table, sql, reason, lossy: false, backupTables: [table],
    });
  }

  private note(migration: string, table: string, message: string): undefined {
    this.notes.push({ migration, table, message });
    return undefined;
  }

  /** Why the plan must not create `expected`, or undefined when it may. */
  private cannotCreate(expected: ExpectedTable): string | undefined {
    const table = expected.name;
    if (!expected.owned) return `Table '${table}' is owned outside these migrations: the repair never creates it.`;
    const missingTargets = (this.structure.references?.(expected) ?? [])
      .filter((r) => r !== table && !this.snapshot.liveTables.has(r) && !this.creates.some((c) => c.table === r));
    // The CREATE would fail half-way (1824) once the table exists without its keys.
    if (missingTargets.length > 0) {
      return `Table '${table}' cannot be created: its foreign keys reference ${missingTargets.map((r) => `'${r}'`).join(', ')}, which does not exist and is not created by this plan; create or restore it first.`;
    }
    return undefined;
  }

  /** ALTER steps for the existing tables of `status` that differ; undefined when a structure is unknown or cannot be written. */
  private async reconcileExisting(status: MigrationStatus, tables: readonly string[]): Promise<TableFixes | undefined> {
    const fixes: TableFixes = { lossless: [], lossy: [] };
    let complete = true;
    for (const table of tables.filter((t) => this.snapshot.liveTables.has(t))) {
      const expected = this.known(table, status.name);
      const live = this.snapshot.liveStructures.get(table);
      const statements = expected && live ? await this.structure.reconcile(expected, live) : undefined;
      if (!statements || isRefusal(statements)) {
        if (statements) this.note(status.name, table, `Table '${table}' cannot be altered: ${statements.refused}`);
        complete = false;
        continue;
      }
      const safe = statements.filter((s) => !s.lossy).map((s) => s.sql);
      const losing = statements.filter((s) => s.lossy).map((s) => s.sql);
      if (safe.length) fixes.lossless.push(step({
        id: `alter-table:${status.name}:${table}`, migration: status.name, action: 'alter-table', table, sql: safe,
        reason: `Bring '${table}' to the structure its migration creates; no data is lost.`, lossy: false, backupTables: [table],
      }));
      if (losing.length) fixes.lossy.push(step({
        id: `alter-table:${status.name}:${table}:lossy`, migration: status.name, action: 'alter-table', table, sql: losing,
        reason: `Finish bringing '${table}' to its expected structure; these statements can lose data (dropped columns or narrowed types).`,
        lossy: true, backupTables: [table],
      }));
    }
    return complete ? fixes : undefined;
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
    const tables = existing.map((t) => `'${t}'`).join(', ');
    // Another migration already stands for this table: recording this one too would hide a duplicate.
    const owner = this.ownerOf(status, existing);
    if (owner) {
      this.notes.push({
        migration: status.name,
        table: existing.find((t) => owner.tables.includes(t)),
        message: `${owner.name} already creates ${existing.filter((t) => owner.tables.includes(t)).map((t) => `'${t}'`).join(', ')}: this migration would fail with 1050; fix or remove one of the two instead of recording both.`,
      });
      return;
    }
    const chosen = this.options.choices?.get(status.name);
    const fix = await this.reconcileExisting(status, existing);
    if (fix && fix.lossless.length === 0 && fix.lossy.length === 0) {
      if (await this.createMissing(status, `'{table}' is created by this migration too and does not exist yet.`)) {
        this.record(status.name, `${tables} already exists exactly as this migration creates it: record the migration as ran (batch ${this.batch}); no data is touched.`);
      }
      return;
    }
    if (!fix && !chosen) {
      // Unknown structure: saying "it matches" would be a guess, so nothing is planned.
      this.notes.push({ migration: status.name, message: `Whether the existing table matches cannot be known; choose "record-as-ran" (keep it as it is) or "drop-table" explicitly.` });
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
    if (await this.createMissing(status, `'{table}' is created by this migration too and does not exist yet.`)) {
      this.record(status.name, choice === 'alter-table'
        ? `Once its table${existing.length > 1 ? 's match' : ' matches'} the migration, record it as ran (batch ${this.batch}).`
        : `Record the migration as ran (batch ${this.batch}) and keep ${tables} as it is (it differs from what the migration creates).`);
    }
  }

  private dropExisting(status: MigrationStatus, existing: readonly string[]): void {
    for (const table of existing) {
      if (this.catalogOf(status.name).tables.get(table)?.owned === false) {
        this.note(status.name, table, `Table '${table}' is owned outside these migrations: the repair never drops it.`);
        continue;
      }
      this.drops.push(step({
        id: `drop-table:${status.name}:${table}`, migration: status.name, action: 'drop-table', table,
        sql: [dropTableStatement(table)],
        reason: `Drop '${table}' so that the migration can run and create it: its rows are lost (they stay in the backup).`,
        lossy: true, backupTables: [table],
      }));
    }
  }

  private async rename(from: string, to: MigrationStatus): Promise<void> {
    const fix = await this.reconcileExisting(to, to.tables);
    if (fix) this.alters.push(...fix.lossless, ...fix.lossy);
    const complete = await this.createMissing(to, `'{table}' is created by the renamed migration and does not exist.`);
    if (!complete || !fix) {
      this.notes.push({ migration: from, message: `The row of '${from}' was not renamed to '${to.name}' because a table it creates cannot be repaired.` });
      return;
    }
    this.records.push(step({
      id: `rename-record:${from}`, migration: to.name, action: 'rename-record',
      sql: [`UPDATE ${this.migrationsTable} SET \`migration\` = ${quoteLiteral(to.name)} WHERE \`migration\` = ${quoteLiteral(from)}`],
      reason: `The file of '${from}' was renamed to ${to.name}.php: update its row; its batch is kept.`,
      lossy: false, backupMigrationRows: [from, to.name],
    }));
  }
}

function insertRecord(migrationsTable: string, migration: string, batch: number): string {
  return `INSERT INTO ${migrationsTable} (\`migration\`, \`batch\`) VALUES (${quoteLiteral(migration)}, ${batch})`;
}

/** Renames: explicit ones, and an orphan row with exactly one unrecorded file of the same timestamp. */
function findRenames(snapshot: StatusSnapshot, explicit: ReadonlyMap<string, string> | undefined, notes: PlanNote[]): Map<string, string> {
  const renames = new Map<string, string>();
  const unrecorded = snapshot.migrations.filter((s) => (s.state === 'pending' || s.state === 'pending-table-exists') && s.file);
  for (const [from, to] of explicit ?? []) {
    const orphan = snapshot.migrations.find((s) => s.name === from && s.state === 'orphan-record');
    const target = unrecorded.find((s) => s.name === to.replace(/\.php$/, ''));
    if (orphan && target) renames.set(from, target.name);
    else notes.push({ migration: from, message: `Cannot rename '${from}' to '${to}': the first must be a row without a file and the second an unrecorded migration file.` });
  }
  // Indexed once: a squashed or mass-renamed project has thousands of orphans and files.
  const byStamp = new Map<string, MigrationStatus[]>();
  for (const file of unrecorded) {
    const stamp = timestampOf(file.name);
    if (stamp) byStamp.set(stamp, [...(byStamp.get(stamp) ?? []), file]);
  }
  const taken = new Set(renames.values());
  for (const orphan of snapshot.migrations.filter((s) => s.state === 'orphan-record' && !renames.has(s.name))) {
    const stamp = timestampOf(orphan.name);
    const candidates = stamp ? (byStamp.get(stamp) ?? []).filter((s) => !taken.has(s.name)) : [];
    if (candidates.length === 1) {
      renames.set(orphan.name, candidates[0].name);
      taken.add(candidates[0].name);
    }
  }
  return renames;
}

function step(s: Omit<RepairStep, 'requiresBackup' | 'backupTables' | 'backupMigrationRows'> & Partial<RepairStep>): RepairStep {
  const backupTables = s.backupTables ?? [];
  const backupMigrationRows = s.backupMigrationRows ?? [];
  return { ...s, backupTables, backupMigrationRows, requiresBackup: backupTables.length > 0 || backupMigrationRows.length > 0 };
}

/** "Mark as Ran": record an unrecorded migration as it is, by the user's explicit choice. */
export function markAsRanStep(snapshot: StatusSnapshot, name: string, batch = snapshot.maxBatch + 1): { ok: true; step: RepairStep } | { ok: false; message: string } {
  const status = snapshot.migrations.find((s) => s.name === name);
  if (!status) return { ok: false, message: `No migration '${name}' in the status of '${snapshot.connection.database}'.` };
  if (status.state !== 'pending' && status.state !== 'pending-table-exists') {
    return { ok: false, message: `'${name}' is already recorded (${status.state}); only a migration that is not recorded can be marked as ran.` };
  }
  const missing = status.tables.filter((t) => !snapshot.liveTables.has(t));
  return {
    ok: true,
    step: step({
      id: `record-as-ran:${name}`, migration: name, action: 'record-as-ran',
      sql: [insertRecord(quoteIdentifier(snapshot.migrationsTable), name, batch)],
      reason: missing.length
        ? `Marked as ran by hand although ${missing.map((t) => `'${t}'`).join(', ')} does not exist: status will show it as ran-table-missing.`
        : `Marked as ran by hand (batch ${batch}); the tables are kept as they are.`,
      lossy: false, backupMigrationRows: [name],
    }),
  };
}
