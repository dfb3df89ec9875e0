// Inside real VS Code: every connection side by side in the Migrations view. Two databases made
// by the real Laravel 8.83 (one in the incident state, one healthy) as two named connections, the
// healthy one production; then a tenant pattern over three databases, one of them broken; then
// preflight per environment: a pending unique index that the rows of one environment (production,
// read through an account that may only SELECT) make fail, and not the other's.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import type { EnvironmentNode } from '../../../src/editor/environments';
import type { MigrationsNode } from '../../../src/editor/migrationsTree';
import { createTestDatabase, createTestUser, testServer, type TestDatabase } from '../../support/database';
import { bringTo, migrationNames, requireOracle } from '../../support/laravel';
import { migratePeople, migrationFile, uniqueEmailUp } from '../../support/duplicateEmails';

const extensionId = 'migration-doctor.migration-doctor';

async function activeCtx(): Promise<Ctx> {
  const extension = vscode.extensions.getExtension<Ctx>(extensionId);
  assert.ok(extension, `${extensionId} is not installed`);
  return extension.activate();
}

function asEnvironment(node: MigrationsNode | undefined): EnvironmentNode {
  assert.ok(node && node.kind === 'environment', `not a node of the side-by-side view: ${node?.kind}`);
  return node;
}

/** The root of the view labelled `label`, with its tree item. */
function root(ctx: Ctx, label: string): { node: EnvironmentNode; item: vscode.TreeItem } {
  const node = ctx.migrationsTree.getChildren().find((n) => n.kind === 'environment' && n.label === label);
  assert.ok(node, `no node ${label} among ${ctx.migrationsTree.getChildren().map((n) => (n.kind === 'environment' ? n.label : n.kind)).join(', ')}`);
  return { node: asEnvironment(node), item: ctx.migrationsTree.getTreeItem(node) };
}

const createPeople = '2030_03_01_000001_create_md_env_people_table';
const uniqueEmail = '2030_03_01_000002_add_unique_email_to_md_env_people_table';

// Settings at the user level: each launcher run has its own user data folder (the fixture's
// .vscode/settings.json is shared by every run on this machine).
suite('Environments: every connection side by side', function () {
  this.timeout(300_000);
  let ctx: Ctx;
  const databases: TestDatabase[] = [];
  const server = testServer();
  const folder = () => vscode.workspace.workspaceFolders![0]!;
  const config = () => vscode.workspace.getConfiguration('migrationDoctor', folder());
  const connection = (name: string, extra: Record<string, unknown>) => ({ name, host: server.host, port: server.port, username: server.user, ...extra });
  const names: string[] = [];

  async function configure(connections: Record<string, unknown>[]): Promise<void> {
    await config().update('connections', connections, vscode.ConfigurationTarget.Global);
    for (const c of connections) {
      names.push(c.name as string);
      if (server.password) await ctx.connections.setPassword(c.name as string, server.password);
    }
  }

  suiteSetup(async function () {
    await requireOracle();
    ctx = await activeCtx();
    await config().update('showAllConnections', true, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    if (ctx) {
      await config().update('connections', undefined, vscode.ConfigurationTarget.Global);
      await config().update('showAllConnections', undefined, vscode.ConfigurationTarget.Global);
      for (const name of names) await ctx.extension.secrets.delete(`migrationDoctor.password.${name}`);
    }
    for (const db of databases) await db.drop();
  });

  test('one node per environment with its summary, production marked, and the comparison line', async () => {
    const incident = await createTestDatabase('md_env_preprod');
    const healthy = await createTestDatabase('md_env_prod');
    databases.push(incident, healthy);
    await bringTo(incident.name, 'incident');
    await bringTo(healthy.name, 'several-batches');
    await configure([connection('md-env-preprod', { database: incident.name }), connection('md-env-production', { database: healthy.name, production: true })]);
    await ctx.environments.refresh();

    const preprod = root(ctx, 'md-env-preprod');
    const production = root(ctx, 'md-env-production');
    const preprodCounts = ctx.environments.results.find((r) => r.candidate.name === 'md-env-preprod');
    assert.equal(preprodCounts?.kind, 'status', JSON.stringify(preprodCounts));
    assert.ok(preprodCounts.kind === 'status' && preprodCounts.snapshot.counts.broken === 2);
    assert.match(String(preprod.item.description), /^\d+ ran · 2 broken · 0 pending$/);
    assert.match(String(production.item.description), /^production · \d+ ran · 0 broken · 0 pending$/);
    assert.equal(production.item.contextValue, 'environment production');
    assert.equal(preprod.item.contextValue, 'environment');
    // The incident's two migrations are listed under pre-production.
    assert.deepEqual(preprod.node.children.map((c) => c.label), [migrationNames.notificationsTracking, migrationNames.transactionsTracking]);
    assert.equal(preprod.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);

    const comparison = root(ctx, 'Differences between environments').node;
    const difference = comparison.children.find((c) => c.label === migrationNames.notificationsTracking);
    assert.ok(difference, comparison.children.map((c) => c.label).join('\n'));
    assert.match(String(difference.description), /md-env-preprod: ran, table missing; .*md-env-production: fine/);
    const behind = comparison.children.map((c) => c.label);
    assert.ok(behind.includes('md-env-preprod is 1 migration behind md-env-production'), behind.join('\n'));
    assert.equal(ctx.migrationsTree.getParent(difference), comparison);
  });

  test('a tenant pattern lists the databases with problems first, the healthy ones collapsed after', async () => {
    const prefix = `md_env_t${Date.now().toString(36)}`;
    const tenants = [await createTestDatabase(`${prefix}_a`), await createTestDatabase(`${prefix}_b`), await createTestDatabase(`${prefix}_c`)];
    databases.push(...tenants);
    await bringTo(tenants[0]!.name, 'several-batches');
    await bringTo(tenants[1]!.name, 'several-batches');
    await bringTo(tenants[2]!.name, 'incident');
    // The databases' names begin with MD_TEST_DB_PREFIX when a run sets it: the pattern is taken from a real name.
    const head = tenants[0]!.name.slice(0, tenants[0]!.name.indexOf(prefix) + prefix.length);
    await configure([connection('md-env-tenants', { databases: `${head}\\_%` })]);
    await ctx.environments.refresh();

    const { node, item } = root(ctx, 'md-env-tenants');
    assert.match(String(item.description), /: 1 of 3 databases with problems$/);
    assert.equal(node.children[0]?.label, tenants[2]!.name, 'the broken database first');
    assert.deepEqual(node.children[0]?.children.map((c) => c.label), [migrationNames.notificationsTracking, migrationNames.transactionsTracking]);
    const healthy = node.children[1]!;
    assert.equal(healthy.label, '2 databases without problems');
    assert.equal(ctx.migrationsTree.getTreeItem(healthy).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.deepEqual(healthy.children.map((c) => c.label).sort(), [tenants[0]!.name, tenants[1]!.name].sort());
  });

  test('preflight per environment: the one whose rows make the next migrate fail says "1 predicted failure" and the failure under it, the other nothing', async () => {
    const failing = await createTestDatabase('md_env_pf_prod');
    const clean = await createTestDatabase('md_env_pf_stag');
    databases.push(failing, clean);
    // Inside the workspace (where VS Code watches files), away from the fixture's own migrations.
    const extra = fs.mkdtempSync(path.join(folder().uri.fsPath, 'storage', 'md-env-preflight-'));
    // Production is read through an account that may only SELECT: status and preflight only read.
    const reader = await createTestUser(failing.name, ['SELECT']);
    try {
      for (const [db, emails] of [[failing, ['a@b.c', 'a@b.c', 'd@e.f']], [clean, ['a@b.c', 'd@e.f']]] as const) {
        await migratePeople(db.name, extra, { table: 'md_env_people', createName: createPeople }, emails);
      }
      fs.writeFileSync(path.join(extra, `${uniqueEmail}.php`), migrationFile(uniqueEmailUp('md_env_people')));
      await config().update('migrationPaths', ['database/migrations', path.relative(folder().uri.fsPath, extra)], vscode.ConfigurationTarget.Global);
      await configure([
        connection('md-env-pf-production', { database: failing.name, username: reader.user, production: true }),
        connection('md-env-pf-staging', { database: clean.name }),
      ]);
      await ctx.connections.setPassword('md-env-pf-production', reader.options.password ?? '');
      await ctx.environments.refresh();
      await ctx.environments.settled();

      const production = root(ctx, 'md-env-pf-production');
      assert.match(String(production.item.description), /^production · \d+ ran · 0 broken · 1 pending · 1 predicted failure$/);
      assert.deepEqual(production.node.children.map((c) => c.label), [uniqueEmail]);
      assert.equal(production.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
      const failure = ctx.migrationsTree.getTreeItem(production.node.children[0]!);
      assert.equal(failure.description, "pending · will fail: 1062 duplicate entry 'a@b.c' for md_env_people_email_unique (2 duplicates)");
      assert.match((failure.tooltip as vscode.MarkdownString).value, /alter table `md_env_people` add unique `md_env_people_email_unique`/);
      assert.equal((production.item.iconPath as vscode.ThemeIcon).id, 'flame');

      const staging = root(ctx, 'md-env-pf-staging');
      assert.match(String(staging.item.description), /^\d+ ran · 0 broken · 1 pending$/);
      assert.deepEqual(staging.node.children, []);

      // Turned off: the predictions go, the statuses stay.
      await config().update('preflight.enabled', false, vscode.ConfigurationTarget.Global);
      try {
        await ctx.environments.refresh();
        await ctx.environments.settled();
        assert.match(String(root(ctx, 'md-env-pf-production').item.description), /^production · \d+ ran · 0 broken · 1 pending$/);
        assert.deepEqual(root(ctx, 'md-env-pf-production').node.children, []);
      } finally {
        await config().update('preflight.enabled', undefined, vscode.ConfigurationTarget.Global);
      }
    } finally {
      await config().update('migrationPaths', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(extra, { recursive: true, force: true });
      await reader.drop();
    }
  });

  test('turning the setting off gives the active connection\'s view back', async () => {
    await config().update('showAllConnections', false, vscode.ConfigurationTarget.Global);
    try {
      assert.ok(ctx.migrationsTree.getChildren().every((n) => n.kind !== 'environment'));
    } finally {
      await config().update('showAllConnections', true, vscode.ConfigurationTarget.Global);
    }
  });
});
