// The repair planner: from a status snapshot and the expected structures, the ordered
// steps that bring every selected migration back to `ran` with no drift, the least
// destructive first. Pure: the SQL for structures comes from the structure tools it is
// given; no database is touched. Never imports 'vscode'.
import type { ExpectedCatalog, ExpectedTable } from '../structure/expected';
import type { TableModel } from '../structure/model';
import { isRecordedState, type MigrationStatus, type StatusSnapshot } from '../status/types';
import { quoteIdentifier, sqlLiteral } from './sqlText';
import type { PendingChoice, PlanChoice, PlanNote, PlanOptions, RepairPlan, RepairStep } from './types';

/** The structure SQL the planner needs (issue 4's generator, adapted in structureSql.ts). */
export interface StructureSql {
  createTable(table: ExpectedTable): Promise<readonly string[]>;
  /** Statements bringing `live` to `expected`; empty when they match. */
  reconcile(table: ExpectedTable, live: TableModel): Promise<readonly { readonly sql: string; readonly lossy: boolean }[]>;
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

export async function planRepair({ snapshot, catalog: catalogInput, structure, options = {} }: PlanInput): Promise<RepairPlan> {
  const catalogOf = (migration: string): ExpectedCatalog => (typeof catalogInput === 'function' ? catalogInput(migration) : catalogInput);
  const batch = options.batch ?? snapshot.maxBatch + 1;
  const m = quoteIdentifier(snapshot.migrationsTable);
  const notes: PlanNote[] = [];
  const choices: PlanChoice[] = [];
  // Buckets in the order that keeps the database consistent after every step.
  const creates: RepairStep[] = [];
  const alters: RepairStep[] = [];
  const records: RepairStep[] = [];
  const drops: RepairStep[] = [];
  const deletes: RepairStep[] = [];

  const byName = new Map(snapshot.migrations.map((s) => [s.name, s]));
  // Migrations with a file by the tables they create, in snapshot order: the owner of a table is
  // looked up per pending migration, and a lost migrations table makes thousands of those.
  const creatorsOf = new Map<string, { index: number; status: MigrationStatus }[]>();
  snapshot.migrations.forEach((status, index) => {
    if (!status.file) return;
    for (const table of new Set(status.tables)) {
      const creators = creatorsOf.get(table);
      if (creators) creators.push({ index, status });
      else creatorsOf.set(table, [{ index, status }]);
    }
  });
  const renames = findRenames(snapshot, options.renames, notes);
  const renamedTo = new Set(renames.values());
  const selected = (name: string): boolean =>
    !options.only?.length || options.only.some((o) => name === o || name.startsWith(o) || name === o.replace(/\.php$/, ''));

  /** Migrations this plan records. */
  const claimed = new Set<string>();
  const record = (migration: string, reason: string): void => {
    claimed.add(migration);
    records.push(step({
      id: `record-as-ran:${migration}`, migration, action: 'record-as-ran',
      sql: [`INSERT INTO ${m} (\`migration\`, \`batch\`) VALUES (${sqlLiteral(migration)}, ${batch})`],
      reason, lossy: false, backupMigrationRows: [migration],
    }));
  };

  /** Creates the missing tables of `status`; false when one cannot be created (then nothing is recorded). */
  const createMissing = async (status: MigrationStatus, why: string): Promise<boolean> => {
    let complete = true;
    for (const table of status.tables.filter((t) => !snapshot.liveTables.has(t))) {
      const expected = known(table, status.name);
      if (!expected) { complete = false; continue; }
      if (!expected.owned) {
        notes.push({ migration: status.name, table, message: `Table '${table}' is owned outside these migrations: the repair never creates it.` });
        complete = false;
        continue;
      }
      const missingTargets = (structure.references?.(expected) ?? [])
        .filter((r) => r !== table && !snapshot.liveTables.has(r) && !creates.some((c) => c.table === r));
      if (missingTargets.length > 0) {
        // The CREATE would fail half-way (1824) once the table exists without its keys.
        notes.push({ migration: status.name, table, message: `Table '${table}' cannot be created: its foreign keys reference ${missingTargets.map((r) => `'${r}'`).join(', ')}, which does not exist and is not created by this plan; create or restore it first.` });
        complete = false;
        continue;
      }
      creates.push(step({
        id: `create-table:${status.name}:${table}`, migration: status.name, action: 'create-table', table,
        sql: await structure.createTable(expected), reason: why.replace('{table}', table), lossy: false, backupTables: [table],
      }));
    }
    return complete;
  };

  /** The expected structure of `table`, or a note saying what is missing. */
  const known = (table: string, migration: string): ExpectedTable | undefined => {
    const catalog = catalogOf(migration);
    const expected = catalog.tables.get(table);
    if (expected) return expected;
    const unknown = catalog.unknown.get(table);
    notes.push({
      migration, table,
      message: `The expected structure of '${table}' is unknown${unknown ? ` (${unknown.reason})` : ''}: nothing is guessed; describe it in a Drizzle schema or make the migration's Blueprint literal.`,
    });
    return undefined;
  };

  /** ALTER steps for the existing tables of `status` that differ; undefined when a structure is unknown. */
  const reconcileExisting = async (status: MigrationStatus, tables: readonly string[]): Promise<{ lossless: RepairStep[]; lossy: RepairStep[] } | undefined> => {
    const lossless: RepairStep[] = [];
    const lossy: RepairStep[] = [];
    let unknown = false;
    for (const table of tables.filter((t) => snapshot.liveTables.has(t))) {
      const expected = known(table, status.name);
      const live = snapshot.liveStructures.get(table);
      if (!expected || !live) { unknown = true; continue; }
      const statements = await structure.reconcile(expected, live);
      const safe = statements.filter((s) => !s.lossy).map((s) => s.sql);
      const losing = statements.filter((s) => s.lossy).map((s) => s.sql);
      if (safe.length) lossless.push(step({
        id: `alter-table:${status.name}:${table}`, migration: status.name, action: 'alter-table', table, sql: safe,
        reason: `Bring '${table}' to the structure its migration creates; no data is lost.`, lossy: false, backupTables: [table],
      }));
      if (losing.length) lossy.push(step({
        id: `alter-table:${status.name}:${table}:lossy`, migration: status.name, action: 'alter-table', table, sql: losing,
        reason: `Finish bringing '${table}' to its expected structure; these statements can lose data (dropped columns or narrowed types).`,
        lossy: true, backupTables: [table],
      }));
    }
    return unknown ? undefined : { lossless, lossy };
  };

  for (const status of snapshot.migrations) {
    const renameTarget = renames.get(status.name);
    if (!selected(status.name) && !(renameTarget && selected(renameTarget))) continue;
    switch (status.state) {
      case 'ran-table-missing':
        await createMissing(status, `'{table}' does not exist although the migration is recorded as ran: create it from the structure the migration creates; the row is kept.`);
        break;
      case 'schema-drift': {
        const drifted = status.problems.filter((p) => p.kind === 'structure-differs' && p.table).map((p) => p.table!);
        const fix = await reconcileExisting(status, drifted);
        if (fix) alters.push(...fix.lossless, ...fix.lossy);
        break;
      }
      case 'pending-table-exists':
        if (!renamedTo.has(status.name)) await planExistingPending(status);
        break;
      case 'orphan-record':
        if (renameTarget) await planRename(status.name, byName.get(renameTarget)!);
        else {
          deletes.push(step({
            id: `delete-record:${status.name}`, migration: status.name, action: 'delete-record',
            sql: [`DELETE FROM ${m} WHERE \`migration\` = ${sqlLiteral(status.name)}`],
            reason: `No file ${status.name}.php exists: delete its row (kept in the backup), or restore the file (or rename it back) instead of repairing.`,
            lossy: false, backupMigrationRows: [status.name],
          }));
        }
        break;
      default:
        break;
    }
  }

  async function planExistingPending(status: MigrationStatus): Promise<void> {
    const existing = status.tables.filter((t) => snapshot.liveTables.has(t));
    // Another migration already stands for this table: recording this one too would hide a duplicate.
    let owner: MigrationStatus | undefined;
    let ownerIndex = Infinity;
    for (const table of existing) {
      for (const { index, status: m } of creatorsOf.get(table) ?? []) {
        if (index >= ownerIndex) break;
        if (m.name !== status.name && (isRecordedState(m.state) || claimed.has(m.name))) {
          owner = m;
          ownerIndex = index;
          break;
        }
      }
    }
    if (owner) {
      notes.push({
        migration: status.name,
        table: existing.find((t) => owner.tables.includes(t)),
        message: `${owner.name} already creates ${existing.filter((t) => owner.tables.includes(t)).map((t) => `'${t}'`).join(', ')}: this migration would fail with 1050; fix or remove one of the two instead of recording both.`,
      });
      return;
    }
    const chosen = options.choices?.get(status.name);
    const fix = await reconcileExisting(status, existing);
    const matches = fix !== undefined && fix.lossless.length === 0 && fix.lossy.length === 0;
    if (matches) {
      if (await createMissing(status, `'{table}' is created by this migration too and does not exist yet.`)) {
        record(status.name, `${existing.map((t) => `'${t}'`).join(', ')} already exists exactly as this migration creates it: record the migration as ran (batch ${batch}); no data is touched.`);
      }
      return;
    }
    const choice: PendingChoice = chosen ?? (fix ? 'alter-table' : 'record-as-ran');
    if (!fix && !chosen) {
      // Unknown structure: saying "it matches" would be a guess, so nothing is planned.
      notes.push({ migration: status.name, message: `Whether the existing table matches cannot be known; choose "record-as-ran" (keep it as it is) or "drop-table" explicitly.` });
      choices.push({ migration: status.name, chosen: 'record-as-ran', alternatives: ['record-as-ran', 'drop-table'] });
      return;
    }
    choices.push({ migration: status.name, chosen: choice, alternatives: fix ? ['alter-table', 'record-as-ran', 'drop-table'] : ['record-as-ran', 'drop-table'] });
    if (choice === 'drop-table') {
      for (const table of existing) {
        if (catalogOf(status.name).tables.get(table)?.owned === false) {
          notes.push({ migration: status.name, table, message: `Table '${table}' is owned outside these migrations: the repair never drops it.` });
          continue;
        }
        drops.push(step({
          id: `drop-table:${status.name}:${table}`, migration: status.name, action: 'drop-table', table,
          sql: [`DROP TABLE ${quoteIdentifier(table)}`],
          reason: `Drop '${table}' so that the migration can run and create it: its rows are lost (they stay in the backup).`,
          lossy: true, backupTables: [table],
        }));
      }
      return;
    }
    if (choice === 'alter-table' && fix) alters.push(...fix.lossless, ...fix.lossy);
    if (await createMissing(status, `'{table}' is created by this migration too and does not exist yet.`)) {
      record(status.name, choice === 'alter-table'
        ? `Once its table${existing.length > 1 ? 's match' : ' matches'} the migration, record it as ran (batch ${batch}).`
        : `Record the migration as ran (batch ${batch}) and keep ${existing.map((t) => `'${t}'`).join(', ')} as it is (it differs from what the migration creates).`);
    }
  }

  async function planRename(from: string, to: MigrationStatus): Promise<void> {
    const fix = await reconcileExisting(to, to.tables);
    if (fix) alters.push(...fix.lossless, ...fix.lossy);
    const complete = await createMissing(to, `'{table}' is created by the renamed migration and does not exist.`);
    if (!complete || !fix) {
      notes.push({ migration: from, message: `The row of '${from}' was not renamed to '${to.name}' because a table it creates cannot be repaired.` });
      return;
    }
    records.push(step({
      id: `rename-record:${from}`, migration: to.name, action: 'rename-record',
      sql: [`UPDATE ${m} SET \`migration\` = ${sqlLiteral(to.name)} WHERE \`migration\` = ${sqlLiteral(from)}`],
      reason: `The file of '${from}' was renamed to ${to.name}.php: update its row; its batch is kept.`,
      lossy: false, backupMigrationRows: [from, to.name],
    }));
  }

  const byMigration = (a: RepairStep, b: RepairStep): number => (a.migration < b.migration ? -1 : a.migration > b.migration ? 1 : 0);
  return {
    database: snapshot.connection.database,
    migrationsTable: snapshot.migrationsTable,
    batch,
    // Laravel's order within a bucket: a referenced table is created by an earlier migration.
    steps: [...creates.sort(byMigration), ...alters, ...records.sort(byMigration), ...drops, ...deletes],
    notes,
    choices,
  };
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
      sql: [`INSERT INTO ${quoteIdentifier(snapshot.migrationsTable)} (\`migration\`, \`batch\`) VALUES (${sqlLiteral(name)}, ${batch})`],
      reason: missing.length
        ? `Marked as ran by hand although ${missing.map((t) => `'${t}'`).join(', ')} does not exist: status will show it as ran-table-missing.`
        : `Marked as ran by hand (batch ${batch}); the tables are kept as they are.`,
      lossy: false, backupMigrationRows: [name],
    }),
  };
}
