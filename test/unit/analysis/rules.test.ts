import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MigrationProject, analyzeProject } from '../../../src/core/analysis/project';
import { loadMigrations } from '../../../src/core/analysis/load';
import { rules } from '../../../src/core/analysis/rules';
import { expectationOf, isNearMiss, studly } from '../../../src/core/analysis/naming';
import type { Finding } from '../../../src/core/analysis/types';
import { builtInTables } from '../../../src/schema';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/analysis');

function anon(up: string, down = ''): string {
  return `<?php\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n    public function up(): void\n    {\n${up}\n    }\n\n    public function down(): void\n    {\n${down}\n    }\n};\n`;
}

function analyze(files: Record<string, string>, severities?: Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'>): Finding[] {
  const project = new MigrationProject();
  for (const [name, source] of Object.entries(files)) project.setFile(`/app/database/migrations/${name}.php`, source);
  return [...project.analyze({ severities, rules: ownRules }).findings];
}

// This area's rules; schema-mismatch is tested with the translation.
const ownRules = rules.filter((r) => r.id !== 'schema-mismatch');

const brief = (fs: readonly Finding[]) => fs.map((f) => `${path.basename(f.file, '.php')} ${f.rule} ${f.severity} ${f.message}`);

/** Applies a fix's text edits to a source string (edits in one file, non-overlapping). */
function applyEdits(source: string, edits: readonly { range: { start: { offset: number }; end: { offset: number } }; newText: string }[]): string {
  return [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset)
    .reduce((s, e) => s.slice(0, e.range.start.offset) + e.newText + s.slice(e.range.end.offset), source);
}

describe('analysis/naming', () => {
  it('reads the table a file name promises', () => {
    assert.deepEqual(expectationOf('create_users_table'), { table: 'users', action: 'create', strong: true });
    assert.deepEqual(expectationOf('create_users'), { table: 'users', action: 'create', strong: false });
    assert.equal(expectationOf('add_votes_to_users_table')?.table, 'users');
    assert.equal(expectationOf('remove_votes_from_users_table')?.table, 'users');
    assert.equal(expectationOf('drop_flights_table')?.action, 'drop');
    assert.equal(expectationOf('alter_status_on_orders_table')?.table, 'orders');
    assert.deepEqual(expectationOf('rename_posts_to_articles')?.renames, [{ from: 'posts', to: 'articles' }]);
    assert.equal(expectationOf('seed_some_data'), undefined);
  });
  it('derives class names and near misses as Laravel would', () => {
    assert.equal(studly('create_users_table'), 'CreateUsersTable');
    assert.ok(isNearMiss('users', 'user'));
    assert.ok(isNearMiss('categories', 'category'));
    assert.ok(isNearMiss('status', 'statuses'));
    assert.ok(isNearMiss('company_users', 'company_user'));
    assert.ok(!isNearMiss('orders', 'users'));
    assert.ok(isNearMiss('order_items', 'orderitems'));
    assert.ok(!isNearMiss('eklektik_notifications_tracking', 'eklektik_transactions_tracking'));
  });
});

describe('analysis/rules', () => {
  it('reports the incident: name-table-mismatch on the literal and table-already-exists with related info', async () => {
    const migrations = await loadMigrations([path.join(fixtures, 'incident')]);
    const { findings } = analyzeProject(migrations, { rules: ownRules });
    assert.deepEqual(brief(findings), [
      "2025_09_23_011532_create_eklektik_notifications_tracking_table name-table-mismatch error The file name says table 'eklektik_notifications_tracking', but up() creates 'eklektik_transactions_tracking'.",
      "2025_09_23_120134_create_eklektik_transactions_tracking_table table-already-exists error Table 'eklektik_transactions_tracking' already exists: 2025_09_23_011532_create_eklektik_notifications_tracking_table created it.",
    ]);
    const [mismatch, exists] = findings;
    assert.deepEqual([mismatch.range.start.line, mismatch.range.start.column, mismatch.range.end.column], [10, 24, 54]);
    assert.equal(exists.related![0].file, migrations[0].path);
    assert.equal(exists.related![0].range.start.line, 10);
    // The preferred fix sets the literals (up and down) to the file name's table.
    const fix = mismatch.fixes!.find((f) => f.isPreferred)!;
    assert.equal(fix.kind, 'setTableLiteral');
    assert.equal(fix.edits.length, 2);
    const fixed = applyEdits(fs.readFileSync(migrations[0].path, 'utf8'), fix.edits);
    const after = new MigrationProject();
    after.setFile(migrations[0].path, fixed);
    after.setFile(migrations[1].path, fs.readFileSync(migrations[1].path, 'utf8'));
    assert.deepEqual(after.analyze({ rules: ownRules }).findings, []);
    const rename = mismatch.fixes!.find((f) => f.kind === 'renameFile')!;
    assert.equal(path.basename(rename.renameTo!), '2025_09_23_011532_create_eklektik_transactions_tracking_table.php');
  });

  it('says the file name is the one to fix when the names differ by spacing, case or number; a name that is only sloppy is one level lower', () => {
    assert.deepEqual(brief(analyze({
      '2020_01_01_000000_create_user_table': anon("        Schema::create('users', function ($t) { $t->id(); });", "        Schema::dropIfExists('users');"),
      '2020_01_01_000001_add_votes_to_user': anon("        Schema::table('users', function ($t) { $t->integer('votes'); });"),
      '2020_01_01_000002_add_score_to_rankings': anon("        Schema::table('users', function ($t) { $t->integer('s'); });"),
      '2020_01_01_000003_create_orders_table': anon("        Schema::create('order', function ($t) { $t->id(); });", "        Schema::dropIfExists('order');"),
      '2020_01_01_000004_add_x_to_customfields': anon("        Schema::table('custom_fields', function ($t) { $t->integer('x'); });"),
      '2020_01_01_000007_add_color_to_statuslabel': anon("        Schema::table('status_labels', function ($t) { $t->string('color'); });"),
      // A column rename: the name is about columns, not a table rename.
      '2020_01_01_000005_rename_modelno_to_model_number': anon("        Schema::table('users', fn ($t) => $t->renameColumn('modelno', 'model_number'));"),
      // Laravel creates the migrations table itself.
      '2020_01_01_000006_add_ids_to_tables': anon("        Schema::table('migrations', fn ($t) => $t->increments('id')->first());"),
    }).filter((f) => f.rule !== 'table-does-not-exist')), [
      "2020_01_01_000000_create_user_table name-table-mismatch warning The file name says table 'user', but up() creates 'users': the file name is the one to fix.",
      "2020_01_01_000001_add_votes_to_user name-table-mismatch warning The file name says table 'user', but up() changes 'users': the file name is the one to fix.",
      "2020_01_01_000003_create_orders_table name-table-mismatch error The file name says table 'orders', but up() creates 'order': the file name is the one to fix.",
      "2020_01_01_000004_add_x_to_customfields name-table-mismatch warning The file name says table 'customfields', but up() changes 'custom_fields': the file name is the one to fix.",
      "2020_01_01_000007_add_color_to_statuslabel name-table-mismatch warning The file name says table 'statuslabel', but up() changes 'status_labels': the file name is the one to fix.",
    ]);
  });

  describe('which side to fix: the file name or the code', () => {
    const mismatch = (files: Record<string, string>, name: string): Finding => {
      const found = analyze(files).find((f) => f.rule === 'name-table-mismatch' && path.basename(f.file, '.php') === name);
      assert.ok(found, `a name-table-mismatch in ${name}`);
      return found;
    };
    const preferred = (f: Finding) => f.fixes!.filter((x) => x.isPreferred).map((x) => [x.kind, x.kind === 'renameFile' ? path.basename(x.renameTo!) : x.args[0]]);
    const offered = (f: Finding) => f.fixes!.map((x) => x.kind);

    it('a stray space in the file name: rename the file, never write the space into the code', () => {
      const found = mismatch({
        '2020_01_01_000000_create_ expense_categories_table': anon("        Schema::create('expense_categories', fn ($t) => $t->id());", "        Schema::dropIfExists('expense_categories');"),
      }, '2020_01_01_000000_create_ expense_categories_table');
      assert.equal(found.message, "The file name says table ' expense_categories', but up() creates 'expense_categories': the file name is the one to fix.");
      assert.equal(found.severity, 'warning');
      assert.deepEqual(preferred(found), [['renameFile', '2020_01_01_000000_create_expense_categories_table.php']]);
      assert.deepEqual(offered(found), ['renameFile']);
    });

    it('singular or plural only, either way, or case only: the file\'s spelling is never offered for the code, the file is renamed', () => {
      const cases: [string, string, string][] = [
        ['2020_01_01_000000_create_expense_table', 'expenses', '2020_01_01_000000_create_expenses_table.php'],
        ['2020_01_01_000000_create_expenses_table', 'expense', '2020_01_01_000000_create_expense_table.php'],
        ['2020_01_01_000000_create_expenses_table', 'Expenses', '2020_01_01_000000_create_Expenses_table.php'],
      ];
      for (const [name, table, renamed] of cases) {
        const found = mismatch({ [name]: anon(`        Schema::create('${table}', fn ($t) => $t->id());`, `        Schema::dropIfExists('${table}');`) }, name);
        assert.doesNotMatch(found.message, /did you mean/, name);
        assert.deepEqual(preferred(found), [['renameFile', renamed]], name);
        assert.deepEqual(offered(found), ['renameFile'], `${name} creating '${table}': a table that never exists is not offered`);
      }
    });

    it('a table created earlier that the file name misspells: rename the file; a table the timeline lacks is never suggested', () => {
      const files = {
        '2020_01_01_000000_create_invoices_table': anon("        Schema::create('invoices', fn ($t) => $t->id());", "        Schema::dropIfExists('invoices');"),
        '2020_01_01_000001_add_total_to_invoises_table': anon("        Schema::table('invoices', fn ($t) => $t->integer('total'));"),
      };
      const found = mismatch(files, '2020_01_01_000001_add_total_to_invoises_table');
      assert.equal(found.message, "The file name says table 'invoises', but up() changes 'invoices': the file name is the one to fix.");
      assert.deepEqual(preferred(found), [['renameFile', '2020_01_01_000001_add_total_to_invoices_table.php']]);
      assert.deepEqual(offered(found), ['renameFile']);
    });

    it('a typo in the code of a table that exists: did you mean it, and the preferred fix writes it', () => {
      const found = mismatch({
        '2020_01_01_000000_create_invoices_table': anon("        Schema::create('invoices', fn ($t) => $t->id());", "        Schema::dropIfExists('invoices');"),
        '2020_01_01_000001_add_total_to_invoices_table': anon("        Schema::table('invoises', fn ($t) => $t->integer('total'));"),
      }, '2020_01_01_000001_add_total_to_invoices_table');
      assert.equal(found.message, "The file name says table 'invoices', but up() changes 'invoises': did you mean 'invoices'?");
      assert.deepEqual(preferred(found), [['setTableLiteral', 'invoices']]);
      assert.deepEqual(offered(found), ['setTableLiteral', 'renameFile']);
    });

    it('a typo in the code of a table the timeline does not have: no suggestion, nothing written into the code', () => {
      const found = mismatch({
        '2020_01_01_000001_add_total_to_invoices_table': anon("        Schema::table('invoises', fn ($t) => $t->integer('total'));"),
      }, '2020_01_01_000001_add_total_to_invoices_table');
      assert.equal(found.message, "The file name says table 'invoices', but up() changes 'invoises'.");
      assert.deepEqual(offered(found), ['renameFile']);
      assert.deepEqual(preferred(found), []);
    });
  });

  it('accepts Laravel conventions, multi-table files and suffix table names', () => {
    assert.deepEqual(analyze({
      '2014_10_12_000000_create_users_table': anon("        Schema::create('users', function ($t) { $t->id(); });", "        Schema::dropIfExists('users');"),
      '2018_01_01_000000_create_permission_tables': anon("        Schema::create('permissions', fn ($t) => $t->id());\n        Schema::create('roles', fn ($t) => $t->id());",
        "        Schema::drop('roles');\n        Schema::drop('permissions');"),
      '2019_01_01_000000_add_votes_to_users_table': anon("        Schema::table('users', fn ($t) => $t->integer('votes'));", "        Schema::table('users', fn ($t) => $t->dropColumn('votes'));"),
      '2019_01_01_000001_update_user_roles_table': anon("        Schema::create('user_roles', fn ($t) => $t->id());", "        Schema::dropIfExists('user_roles');"),
      '2019_01_01_000002_rename_roles_to_groups': anon("        Schema::rename('roles', 'groups');", "        Schema::rename('groups', 'roles');"),
      '2019_01_01_000003_drop_user_roles_table': anon("        Schema::dropIfExists('user_roles');"),
      '2019_01_01_000004_seed_settings': anon("        DB::table('settings')->insert(['a' => 1]);"),
    }), []);
  });

  it('a loose name is a claim, one level lower, when the table it names exists in the project and up() works on one table', () => {
    const found = analyze({
      '2020_01_01_000000_create_users_table': anon("        Schema::create('users', fn ($t) => $t->id());", "        Schema::drop('users');"),
      '2020_01_01_000001_create_posts_table': anon("        Schema::create('posts', fn ($t) => $t->id());", "        Schema::drop('posts');"),
      '2020_01_02_000000_update_users_table': anon("        Schema::table('posts', fn ($t) => $t->string('x'));"),
      '2020_01_02_000001_add_votes_to_users': anon("        Schema::table('posts', fn ($t) => $t->integer('votes'));"),
      // Not a table of the project: the name's `_table` belongs to a column.
      '2020_01_02_000002_change_default_show_tasks_table': anon("        Schema::table('users', fn ($t) => $t->boolean('show_tasks_table')->change());"),
    });
    assert.deepEqual(brief(found), [
      "2020_01_02_000000_update_users_table name-table-mismatch warning The file name says table 'users', but up() changes 'posts'.",
      "2020_01_02_000001_add_votes_to_users name-table-mismatch warning The file name says table 'users', but up() changes 'posts'.",
    ]);
  });

  describe('false alarms of public applications', () => {
    const mismatches = (files: Record<string, string>) => brief(analyze(files).filter((f) => f.rule === 'name-table-mismatch'));
    const created = (name: string, table: string) => ({ [name]: anon(`        Schema::create('${table}', fn ($t) => $t->id());`, `        Schema::dropIfExists('${table}');`) });

    it("a data migration that writes the rows of the name's table agrees with its name (kanka)", () => {
      assert.deepEqual(mismatches({
        ...created('2020_01_01_000000_create_characters_table', 'characters'),
        ...created('2020_01_01_000001_create_entity_locations_table', 'entity_locations'),
        '2025_12_22_212249_migrate_character_locations_to_entity_locations': anon([
          "        $characters = DB::table('characters')->whereNotNull('characters.location_id')->get();",
          '        foreach ($characters as $character) {',
          "            DB::table('entity_locations')->insert(['entity_id' => $character->entity_id, 'location_id' => $character->location_id]);",
          '        }',
          "        Schema::table('characters', function (Blueprint $table) {",
          "            $table->dropColumn('location_id');",
          '        });',
        ].join('\n')),
        // On a named connection and inside a chunk's callback too (eventschedule's `move_venue_to_event_role`).
        '2025_12_22_212250_move_venue_to_characters': anon([
          "        Schema::table('entity_locations', fn ($t) => $t->integer('venue_id'));",
          "        DB::table('entity_locations')->orderBy('id')->chunk(100, function ($rows) {",
          "            foreach ($rows as $row) { DB::connection('mysql')->table('characters')->where('id', $row->id)->update(['v' => 1]); }",
          '        });',
        ].join('\n')),
      }), []);
      // Rows read are no change: the name's table is not what up() works on.
      assert.deepEqual(mismatches({
        ...created('2020_01_01_000000_create_characters_table', 'characters'),
        ...created('2020_01_01_000001_create_entity_locations_table', 'entity_locations'),
        '2025_12_22_212249_copy_location_to_entity_locations': anon("        DB::table('entity_locations')->get();\n        Schema::table('characters', fn ($t) => $t->dropColumn('location_id'));"),
      }), ["2025_12_22_212249_copy_location_to_entity_locations name-table-mismatch warning The file name says table 'entity_locations', but up() changes 'characters'."]);
    });

    it("a loose name over several tables says how they relate, not which one changes (2FAuth's bind_twofaccounts_and_groups_to_users)", () => {
      assert.deepEqual(mismatches({
        ...created('2020_01_01_000000_create_users_table', 'users'),
        ...created('2020_01_01_000001_create_twofaccounts_table', 'twofaccounts'),
        ...created('2020_01_01_000002_create_groups_table', 'groups'),
        '2023_02_21_143845_bind_twofaccounts_and_groups_to_users': anon([
          "        Schema::table('twofaccounts', function (Blueprint $table) { $table->unsignedBigInteger('user_id')->nullable(); });",
          "        Schema::table('groups', function (Blueprint $table) { $table->unsignedBigInteger('user_id')->nullable(); });",
          "        if ($legacySingleUser = DB::table('users')->first()) {",
          "            DB::table('twofaccounts')->update(['user_id' => $legacySingleUser->id]);",
          '        }',
        ].join('\n')),
      }), []);
    });

    it("a number after the table's name makes the migration's name unique, not another table (kanka's create_entity_locations2_table)", () => {
      assert.deepEqual(mismatches({
        ...created('2020_01_01_000000_create_entity_locations_table', 'entity_locations'),
        '2025_11_04_205450_create_entity_locations2_table': anon("        Schema::dropIfExists('entity_locations');\n        Schema::create('entity_locations', function (Blueprint $table) { $table->id(); });",
          "        Schema::dropIfExists('entity_locations');"),
      }), []);
    });

    it("`_into_` and `_on_` are not Laravel's: a loose claim (koel's add_position_into_playlists_table, invoiceninja's …_index_on_projects_table)", () => {
      assert.deepEqual(mismatches({
        ...created('2020_01_01_000000_create_playlists_table', 'playlists'),
        ...created('2020_01_01_000001_create_playlist_song_table', 'playlist_song'),
        ...created('2020_01_01_000002_create_projects_table', 'projects'),
        ...created('2020_01_01_000003_create_invoices_table', 'invoices'),
        ...created('2020_01_01_000004_create_quotes_table', 'quotes'),
        '2024_01_27_171649_add_position_into_playlists_table': anon("        Schema::table('playlist_song', static function (Blueprint $table): void {\n            $table->unsignedInteger('position')->index()->default(0);\n        });"),
        '2024_07_10_043241_2024_07_10_invoice_id_index_on_projects_table': anon([
          "        Schema::table('invoices', function (Blueprint $table) { $table->index(['project_id', 'deleted_at']); });",
          "        Schema::table('quotes', function (Blueprint $table) { $table->index(['project_id', 'deleted_at']); });",
        ].join('\n')),
      }), ["2024_01_27_171649_add_position_into_playlists_table name-table-mismatch warning The file name says table 'playlists', but up() changes 'playlist_song'."]);
    });

    it("a create whose table the later migrations alter: the file name is the one to fix, nothing else is suggested for the code (OpnForm's user_workspace)", () => {
      const found = analyze({
        ...created('2021_01_01_000000_create_workspaces_table', 'workspaces'),
        '2021_10_13_142022_create_users_workspaces_table': anon("        Schema::create('user_workspace', function (Blueprint $table) {\n            $table->id();\n            $table->string('access_token')->nullable();\n        });",
          "        Schema::dropIfExists('user_workspace');"),
        '2022_09_12_074636_remove_access_token_from_user_workspace': anon("        Schema::table('user_workspace', function (Blueprint $table) {\n            $table->dropColumn('access_token');\n        });"),
      }).filter((f) => f.rule === 'name-table-mismatch');
      assert.deepEqual(brief(found), [
        "2021_10_13_142022_create_users_workspaces_table name-table-mismatch warning The file name says table 'users_workspaces', but up() creates 'user_workspace': the file name is the one to fix.",
      ]);
      assert.deepEqual(found[0].fixes!.map((f) => [f.kind, f.isPreferred]), [['renameFile', true]]);
    });

    it("the pivot the name writes in another number, which exists when the file runs, is one level lower (invoiceninja's company_user)", () => {
      assert.deepEqual(mismatches({
        ...created('2020_01_01_000000_create_company_user_table', 'company_user'),
        '2022_01_01_000000_add_number_years_active_to_company_users_table': anon("        Schema::table('company_user', fn (Blueprint $table) => $table->integer('number_years_active')->default(0));"),
      }), ["2022_01_01_000000_add_number_years_active_to_company_users_table name-table-mismatch warning The file name says table 'company_users', but up() changes 'company_user': the file name is the one to fix."]);
    });

    it("a package's name before the table's in its file names is one level lower (orchid's create_orchid_roles_table)", () => {
      assert.deepEqual(mismatches({
        ...created('2014_10_12_000000_create_users_table', 'users'),
        '2015_04_12_000000_create_orchid_users_table': anon("        Schema::table('users', fn (Blueprint $table) => $table->jsonb('permissions')->nullable());"),
        '2015_10_19_214424_create_orchid_roles_table': anon("        Schema::create('roles', function (Blueprint $table) {\n            $table->increments('id');\n        });", "        Schema::drop('roles');"),
        '2015_10_19_214425_create_orchid_role_users_table': anon("        Schema::create('role_users', function (Blueprint $table) {\n            $table->integer('role_id');\n        });", "        Schema::drop('role_users');"),
        '2016_01_01_000000_add_slug_to_roles_table': anon("        Schema::table('roles', fn (Blueprint $table) => $table->string('slug'));"),
      }), [
        "2015_04_12_000000_create_orchid_users_table name-table-mismatch warning The file name says table 'orchid_users', but up() changes 'users': the file name is the one to fix.",
        "2015_10_19_214424_create_orchid_roles_table name-table-mismatch warning The file name says table 'orchid_roles', but up() creates 'roles': the file name is the one to fix.",
        // No later migration says which table is the app's: the plain sentence, one level lower all the same.
        "2015_10_19_214425_create_orchid_role_users_table name-table-mismatch warning The file name says table 'orchid_role_users', but up() creates 'role_users'.",
      ]);
    });

    it('a pivot generator\'s _pivot, a doubled create_ and the table\'s first words are one level lower; first words another file uses stay an error', () => {
      const creates = (table: string) => anon(`        Schema::create('${table}', function (Blueprint $table) {\n            $table->id();\n        });`, `        Schema::dropIfExists('${table}');`);
      assert.deepEqual(mismatches({
        '2018_10_12_140451_create_setting_user_pivot_table': creates('setting_user'),
        '2025_04_12_090000_create_create_certificate_monitor_history_table': creates('certificate_monitor_histories'),
        '2026_04_07_152854_create_risk_scoring_table': creates('risk_scoring_configs'),
      }).map((f) => f.split(' ').slice(0, 3).join(' ')), [
        '2018_10_12_140451_create_setting_user_pivot_table name-table-mismatch warning',
        '2025_04_12_090000_create_create_certificate_monitor_history_table name-table-mismatch warning',
        '2026_04_07_152854_create_risk_scoring_table name-table-mismatch warning',
      ]);
      assert.deepEqual(mismatches({
        '2026_04_07_152854_create_risk_scoring_table': creates('risk_scoring_configs'),
        '2026_05_01_000000_add_level_to_risk_scoring_table': anon("        Schema::table('risk_scoring', fn (Blueprint $table) => $table->integer('level'));"),
      }).map((f) => f.split(' ').slice(0, 3).join(' ')), ['2026_04_07_152854_create_risk_scoring_table name-table-mismatch error']);
    });

    it("says what up() does with the table of the promised kind: creates, not the drop before it (kanka's create_item_table)", () => {
      assert.deepEqual(mismatches({
        '2017_10_30_160311_create_item_table': anon("        Schema::dropIfExists('items');\n        Schema::create('items', function (Blueprint $table) {\n            $table->increments('id');\n        });",
          "        Schema::dropIfExists('items');"),
      }), ["2017_10_30_160311_create_item_table name-table-mismatch warning The file name says table 'item', but up() creates 'items': the file name is the one to fix."]);
    });

    it('still the incident when a later file creates the code\'s table again and another alters it', () => {
      assert.deepEqual(mismatches({
        '2025_09_23_011532_create_eklektik_notifications_tracking_table': anon("        Schema::create('eklektik_transactions_tracking', fn ($t) => $t->id());", "        Schema::dropIfExists('eklektik_transactions_tracking');"),
        ...created('2025_09_23_120134_create_eklektik_transactions_tracking_table', 'eklektik_transactions_tracking'),
        '2025_10_01_000000_add_x_to_eklektik_transactions_tracking_table': anon("        Schema::table('eklektik_transactions_tracking', fn ($t) => $t->integer('x'));"),
      }), ["2025_09_23_011532_create_eklektik_notifications_tracking_table name-table-mismatch error The file name says table 'eklektik_notifications_tracking', but up() creates 'eklektik_transactions_tracking'."]);
    });
  });

  it('makes no claim when up() calls helpers or uses variable table names', () => {
    assert.deepEqual(analyze({
      '2020_01_01_000000_create_orders_table': anon("        $this->createTables();\n        Schema::create('x', fn ($t) => $t->id());"),
      '2020_01_01_000001_create_items_table': anon("        Schema::create(config('t.items'), fn ($t) => $t->id());"),
    }).filter((f) => f.rule === 'name-table-mismatch'), []);
  });

  it('down-not-inverse: missing drop, wrong drop, drop of an altered table, rename not undone; the fix rewrites down()', () => {
    const files = {
      '2020_01_01_000000_create_a_table': anon("        Schema::create('a', fn ($t) => $t->id());", "        Log::info('irreversible');"),
      '2020_01_01_000001_create_b_table': anon("        Schema::create('b', fn ($t) => $t->id());", "        Schema::dropIfExists('bb');"),
      '2020_01_01_000002_add_x_to_a_table': anon("        Schema::table('a', fn ($t) => $t->integer('x'));", "        Schema::drop('a');"),
      '2020_01_01_000003_rename_b_to_c': anon("        Schema::rename('b', 'c');", "        Log::info('irreversible');"),
      // An empty down() (comments only) is a deliberate choice, like no down() at all.
      '2020_01_01_000004_create_d_table': anon("        Schema::create('d', fn ($t) => $t->id());", '        // irreversible'),
      '2020_01_01_000005_create_e_table': `<?php\nreturn new class extends Migration {\n    public function up() { Schema::create('e', fn ($t) => $t->id()); }\n};\n`,
      // A conditional create still needs its drop; a drop of it is not "a table up() does not create".
      '2020_01_01_000006_create_f_table': anon("        if (! Schema::hasTable('f')) { try { Schema::create('f', fn ($t) => $t->id()); } catch (Exception $e) {} }", "        Schema::dropIfExists('f');"),
    };
    const findings = analyze(files).filter((f) => f.rule === 'down-not-inverse');
    assert.deepEqual(brief(findings), [
      "2020_01_01_000000_create_a_table down-not-inverse warning down() does not drop 'a', which up() creates.",
      "2020_01_01_000001_create_b_table down-not-inverse warning down() does not drop 'b', which up() creates.",
      "2020_01_01_000001_create_b_table down-not-inverse warning down() drops 'bb', which up() does not create.",
      "2020_01_01_000002_add_x_to_a_table down-not-inverse warning down() drops 'a', which up() only changes: rolling back would destroy it.",
      "2020_01_01_000003_rename_b_to_c down-not-inverse warning down() does not rename 'c' back to 'b'.",
    ]);
    const fix = findings[0].fixes![0];
    const fixed = applyEdits(files['2020_01_01_000000_create_a_table'], fix.edits);
    assert.match(fixed, /public function down\(\): void\n    \{\n        Schema::dropIfExists\('a'\);\n    \}/);
    assert.doesNotMatch(fixed, /irreversible/);
    assert.deepEqual(analyze({ '2020_01_01_000000_create_a_table': fixed }), []);
    assert.equal(findings[3].fixes, undefined);
  });

  it('down-not-inverse follows the tables, not the operations: a rebuild whose down() rebuilds back, renames undone in other steps', () => {
    const rebuild = (columns: string) => `        Schema::rename('ip_addresses', 'temp_ip_addresses');\n        Schema::create('ip_addresses', function (Blueprint $table) {\n            $table->id();\n${columns}        });\n        Schema::dropIfExists('temp_ip_addresses');`;
    const files = {
      // Rename the old table aside, create the new shape, drop the old one; down() the same back.
      '2020_01_01_000000_rebuild_ip_addresses_table': anon(rebuild("            $table->string('address');\n            $table->string('pool');\n"), rebuild("            $table->string('address');\n")),
      // Two renames undone by one.
      '2020_01_01_000001_rename_b_to_d': anon("        Schema::rename('b', 'c');\n        Schema::rename('c', 'd');", "        Schema::rename('d', 'b');"),
      // A created table renamed in down() before it is dropped is dropped.
      '2020_01_01_000002_create_e_table': anon("        Schema::create('e', fn ($t) => $t->id());", "        Schema::rename('e', 'e_old');\n        Schema::drop('e_old');"),
      // Still found: a rename undone to the wrong name, a created table renamed but not dropped.
      '2020_01_01_000003_rename_f_to_g': anon("        Schema::rename('f', 'g');", "        Schema::rename('g', 'h');"),
      '2020_01_01_000004_create_k_table': anon("        Schema::create('k', fn ($t) => $t->id());", "        Schema::rename('k', 'k_old');"),
    };
    assert.deepEqual(brief(analyze(files).filter((f) => f.rule === 'down-not-inverse')), [
      "2020_01_01_000003_rename_f_to_g down-not-inverse warning down() does not rename 'g' back to 'f'.",
      "2020_01_01_000004_create_k_table down-not-inverse warning down() does not drop 'k', which up() creates.",
    ]);
  });

  it("down-not-inverse: a drop in down()'s Blueprint closure, which the analysis does not read, may be the drop (kanka's image_mentions)", () => {
    assert.deepEqual(analyze({
      '2023_06_02_175012_create_image_mentions_table': anon("        Schema::create('image_mentions', function (Blueprint $table) {\n            $table->id();\n        });",
        "        Schema::table('image_mentions', function (Blueprint $table) {\n            Schema::dropIfExists('image_mentions');\n        });"),
    }).filter((f) => f.rule === 'down-not-inverse'), []);
  });

  it('down-not-inverse: a table up() drops and then creates again may be an earlier migration\'s, rebuilt: no claim that down() must drop it', () => {
    assert.deepEqual(analyze({
      '2017_12_12_220426_migrate_settings_table_to_new_format': anon(
        "        Schema::drop('settings');\n        Schema::create('settings', fn ($t) => $t->string('key'));",
        "        Schema::table('settings', fn ($t) => $t->string('value'));"),
    }).filter((f) => f.rule === 'down-not-inverse'), []);
  });

  it("down-not-inverse's fix writes the names as PHP literals: a quote or a backslash in a name gives the same name back", () => {
    const name = '2020_01_01_000000_create_odd_table';
    const source = anon(`        Schema::connection("it's")->create("o'brien\\\\x", fn ($t) => $t->id());\n        Schema::rename('a\\'b', 'c');`, "        Log::info('irreversible');");
    const [finding] = analyze({ [name]: source }).filter((f) => f.rule === 'down-not-inverse');
    const fixed = applyEdits(source, finding!.fixes![0]!.edits);
    assert.match(fixed, /Schema::rename\('c', 'a\\'b'\);\n\s*Schema::connection\('it\\'s'\)->dropIfExists\('o\\'brien\\\\x'\);/);
    assert.deepEqual(analyze({ [name]: fixed }).filter((f) => f.rule === 'down-not-inverse'), []);
  });

  it('class-name-mismatch ignores case; duplicate-class-name points at the other file', () => {
    const named = (cls: string, table: string) => `<?php\nclass ${cls} extends Migration {\n    public function up() { Schema::create('${table}', fn ($t) => $t->id()); }\n    public function down() { Schema::drop('${table}'); }\n}\n`;
    const findings = analyze({
      '2014_01_01_000000_create_users_table': named('CreateUsersTable', 'users'),
      '2014_01_01_000001_create_posts_table': named('createpoststable', 'posts'),
      '2014_01_01_000002_create_tags_table': named('CreateTagTable', 'tags'),
      '2015_01_01_000000_create_users_table': named('CreateUsersTable', 'users_v2'),
    });
    assert.deepEqual(brief(findings.filter((f) => f.rule !== 'name-table-mismatch')), [
      "2014_01_01_000000_create_users_table duplicate-class-name error The class 'CreateUsersTable' is also declared by 2015_01_01_000000_create_users_table.",
      "2014_01_01_000002_create_tags_table class-name-mismatch warning The class 'CreateTagTable' should be named 'CreateTagsTable' after its file name, or Laravel cannot find it.",
      "2015_01_01_000000_create_users_table duplicate-class-name error The class 'CreateUsersTable' is also declared by 2014_01_01_000000_create_users_table.",
    ]);
    assert.equal(findings.find((f) => f.rule === 'duplicate-class-name')!.related![0].file, '/app/database/migrations/2015_01_01_000000_create_users_table.php');
    const rename = findings.find((f) => f.rule === 'class-name-mismatch')!.fixes![0];
    assert.equal(rename.edits[0].newText, 'CreateTagsTable');
  });

  it('table-already-exists respects guards, drops, renames and dropIfExists earlier in the same up()', () => {
    const findings = analyze({
      '2020_01_01_000000_create_a_table': anon("        Schema::create('a', fn ($t) => $t->id());", "        Schema::drop('a');"),
      '2020_01_01_000001_create_a_table_again': anon("        if (! Schema::hasTable('a')) {\n            Schema::create('a', fn ($t) => $t->id());\n        }"),
      '2020_01_01_000002_recreate_a': anon("        Schema::dropIfExists('a');\n        Schema::create('a', fn ($t) => $t->id());"),
      '2020_01_01_000003_rename_a_to_b': anon("        Schema::rename('a', 'b');", "        Schema::rename('b', 'a');"),
      '2020_01_01_000004_create_a_table': anon("        Schema::create('a', fn ($t) => $t->id());", "        Schema::drop('a');"),
      '2020_01_01_000005_create_b_table': anon("        Schema::create('b', fn ($t) => $t->id());", "        Schema::drop('b');"),
      '2020_01_01_000006_create_c_table': anon("        foreach ($items as $i) { Schema::create('b', fn ($t) => $t->id()); }\n        Schema::create('c', fn ($t) => $t->id());", "        Schema::drop('c');"),
    });
    assert.deepEqual(brief(findings.filter((f) => f.rule === 'table-already-exists')), [
      "2020_01_01_000005_create_b_table table-already-exists error Table 'b' already exists: 2020_01_01_000003_rename_a_to_b created it.",
    ]);
  });

  it('table-already-exists makes no claim on a table a statement may have dropped since it was created', () => {
    const create = (t: string) => `        Schema::create('${t}', fn ($t) => $t->id());`;
    const findings = analyze({
      '2020_01_01_000000_create_a_table': anon(`${create('a')}\n${create('old_b')}`),
      '2020_01_01_000001_raw': anon("        DB::statement($this->sql());"),
      '2020_01_01_000002_create_c_table': anon(create('c')),
      '2020_01_01_000003_listed': anon("        $rows = DB::select('SELECT TABLE_NAME FROM information_schema.tables WHERE table_schema = ? AND table_name LIKE ?', [DB::connection()->getDatabaseName(), 'old%']);\n        foreach ($rows as $row) { Schema::drop($row->TABLE_NAME); }"),
      '2020_01_01_000004_again': anon(`${create('a')}\n${create('old_b')}\n${create('c')}`),
      // The same statement before the create in one up(): the table exists after it.
      '2020_01_01_000005_raw_then_d': anon(`        DB::statement($this->sql());\n${create('d')}\n${create('d')}`),
      // On a connection named 'other', which may be the default one here (not told): no claim either.
      '2020_01_01_000006_other': anon(`${create('e')}\n        DB::connection('other')->statement($this->sql());\n${create('e')}`),
    }).filter((f) => f.rule === 'table-already-exists');
    assert.deepEqual(brief(findings), [
      "2020_01_01_000004_again table-already-exists error Table 'c' already exists: 2020_01_01_000002_create_c_table created it.",
      "2020_01_01_000005_raw_then_d table-already-exists error Table 'd' already exists: this migration created it earlier in up().",
    ]);
  });

  it('table-does-not-exist is information, names the migration that dropped it, honours hasTable guards and severities', () => {
    const files = {
      '2020_01_01_000000_add_x_to_legacy_table': anon("        Schema::table('legacy', fn ($t) => $t->integer('x'));", "        Schema::table('legacy', fn ($t) => $t->dropColumn('x'));"),
      '2020_01_01_000001_create_a_table': anon("        Schema::create('a', fn ($t) => $t->id());", "        Schema::drop('a');"),
      '2020_01_01_000002_drop_a_table': anon("        Schema::drop('a');"),
      '2020_01_01_000003_add_y_to_a_table': anon("        Schema::table('a', fn ($t) => $t->integer('y'));\n        if (Schema::hasTable('z')) { Schema::drop('z'); }\n        Schema::dropIfExists('w');"),
    };
    assert.deepEqual(brief(analyze(files)), [
      "2020_01_01_000000_add_x_to_legacy_table table-does-not-exist information Table 'legacy' is not created by any earlier migration.",
      "2020_01_01_000003_add_y_to_a_table table-does-not-exist information Table 'a' does not exist at this point: 2020_01_01_000002_drop_a_table dropped it.",
    ]);
    assert.deepEqual(brief(analyze(files, { 'table-does-not-exist': 'off' })), []);
    // A syntax error in an earlier file: what it creates cannot be known, so no claim after it.
    const broken = { ...files, '2020_01_01_000001_create_a_table': files['2020_01_01_000001_create_a_table'].replace("Schema::drop('a');", "Schema::drop('a')") };
    assert.deepEqual(analyze(broken).map((f) => path.basename(f.file)), ['2020_01_01_000000_add_x_to_legacy_table.php']);
    assert.deepEqual(analyze(files, { 'table-does-not-exist': 'error' }).map((f) => f.severity), ['error', 'error']);
    // SQL names the table as the server does, with a prefix the Blueprints leave out: no claim.
    assert.deepEqual(brief(analyze({
      '2020_01_01_000001_create_a_table': files['2020_01_01_000001_create_a_table'],
      '2020_01_01_000002_drop_a_key': anon("        DB::statement('ALTER TABLE wp_a DROP FOREIGN KEY wp_a_b_foreign');"),
    })), []);
    // A table created under a name that is not a literal may be any: no table is known absent after it.
    const unnamed = {
      '2020_01_01_000000_add_x_to_legacy_table': files['2020_01_01_000000_add_x_to_legacy_table'],
      '2020_01_01_000001_create_roles_table': anon("        Schema::table('early', fn ($t) => $t->integer('y'));\n        Schema::create($this->tableName(), fn ($t) => $t->id());\n        Schema::table('roles', fn ($t) => $t->integer('z'));"),
      '2020_01_01_000002_add_power_to_roles_table': anon("        Schema::table('roles', fn ($t) => $t->integer('power'));"),
    };
    assert.deepEqual(brief(analyze(unnamed)), [
      "2020_01_01_000000_add_x_to_legacy_table table-does-not-exist information Table 'legacy' is not created by any earlier migration.",
      "2020_01_01_000001_create_roles_table table-does-not-exist information Table 'early' is not created by any earlier migration.",
    ]);
  });

  it('an ignore comment silences one occurrence of one rule', () => {
    const src = anon("        // migration-doctor-ignore name-table-mismatch\n        Schema::create('b', fn ($t) => $t->id());\n        Schema::create('c', fn ($t) => $t->id());",
      "        Schema::drop('c'); Schema::drop('b');");
    assert.deepEqual(brief(analyze({ '2020_01_01_000000_create_a_table': src })), []);
    const other = src.replace('name-table-mismatch', 'down-not-inverse');
    assert.deepEqual(analyze({ '2020_01_01_000000_create_a_table': other }).map((f) => f.rule), ['name-table-mismatch']);
  });

  it('re-parses only the changed file', () => {
    const project = new MigrationProject();
    const a = project.setFile('/m/2020_01_01_000000_create_a_table.php', anon("Schema::create('a', fn ($t) => $t->id());"));
    const b = project.setFile('/m/2020_01_01_000001_create_b_table.php', anon("Schema::create('b', fn ($t) => $t->id());"));
    project.analyze();
    assert.equal(project.setFile('/m/2020_01_01_000000_create_a_table.php', anon("Schema::create('a', fn ($t) => $t->id());")), a);
    const b2 = project.setFile('/m/2020_01_01_000001_create_b_table.php', anon("Schema::create('a', fn ($t) => $t->id());"));
    assert.notEqual(b2, b);
    assert.deepEqual(project.migrations(), [a, b2]);
    assert.deepEqual(project.analyze({ rules: ownRules }).findings.map((f) => f.rule).sort(), ['name-table-mismatch', 'table-already-exists']);
  });

  it('a saved file that no longer creates a table: the later file altering it is reported, the earlier analysis unchanged', () => {
    const project = new MigrationProject();
    const creates = project.setFile('/m/2020_01_01_000000_create_a_table.php', anon("Schema::create('a', fn ($t) => $t->id());"));
    project.setFile('/m/2020_01_01_000001_add_x_to_a_table.php', anon("Schema::table('a', fn ($t) => $t->string('x'));"));
    const first = project.analyze({ rules: ownRules });
    assert.deepEqual(brief(first.findings), []);
    project.setFile('/m/2020_01_01_000000_create_a_table.php', anon("Schema::create('a', fn ($t) => $t->id());\n        Schema::drop('a');"));
    assert.deepEqual(brief(project.analyze({ rules: ownRules }).findings),
      ["2020_01_01_000001_add_x_to_a_table table-does-not-exist information Table 'a' does not exist at this point: 2020_01_01_000000_create_a_table dropped it."]);
    assert.equal(first.migrations[0], creates);
  });

  it('a saved file is checked again by every rule, and the other files with it', () => {
    const named = (cls: string, up: string, down: string) =>
      `<?php\nuse Illuminate\\Support\\Facades\\Schema;\nclass ${cls} extends Migration {\n    public function up(): void\n    {\n${up}\n    }\n\n    public function down(): void\n    {\n${down}\n    }\n}\n`;
    const project = new MigrationProject();
    project.setFile('/m/2020_01_01_000000_create_a_table.php', named('CreateATable', "Schema::create('a', fn ($t) => $t->id());", "Schema::dropIfExists('a');"));
    const b = '/m/2020_01_01_000001_create_b_table.php';
    project.setFile(b, named('CreateBTable', "Schema::create('b', fn ($t) => $t->id());", "Schema::dropIfExists('b');"));
    project.setFile('/m/2020_01_01_000002_create_c_table.php', named('CreateCTable', "Schema::create('c', fn ($t) => $t->id());", "Schema::dropIfExists('c');"));
    const rulesOf = () => project.analyze({ rules: ownRules }).findings.map((f) => `${path.basename(f.file, '.php')} ${f.rule}`);
    assert.deepEqual(rulesOf(), []);
    // The class of another file (both files reported), up() on another table, down() dropping a third.
    project.setFile(b, named('CreateATable', "Schema::create('bb', fn ($t) => $t->id());", "Schema::dropIfExists('c');"));
    assert.deepEqual(rulesOf(), [
      '2020_01_01_000000_create_a_table duplicate-class-name',
      '2020_01_01_000001_create_b_table class-name-mismatch', '2020_01_01_000001_create_b_table duplicate-class-name',
      '2020_01_01_000001_create_b_table name-table-mismatch',
      '2020_01_01_000001_create_b_table down-not-inverse', '2020_01_01_000001_create_b_table down-not-inverse',
    ]);
    project.setFile(b, named('CreateBTable', "Schema::create('b', fn ($t) => $t->id());", "Schema::dropIfExists('b');"));
    assert.deepEqual(rulesOf(), []);
  });
});

describe('analysis/timeline patched after a save', () => {
  const file = (i: number) => `/m/2020_01_01_00000${i}_migration_${i}.php`;
  const brieflyOf = (project: MigrationProject, baselineTables?: string[]) =>
    brief(project.analyze({ rules: ownRules, ...(baselineTables ? { baselineTables } : {}) }).findings);
  function projectOf(ups: string[]): MigrationProject {
    const project = new MigrationProject();
    ups.forEach((up, i) => project.setFile(file(i), anon(up)));
    return project;
  }
  const alter = (t: string) => `Schema::table('${t}', fn ($t) => $t->string('x'));`;

  it('a save that alters another table: that file is checked against the tables of its place', () => {
    const project = projectOf(["Schema::create('a', fn ($t) => $t->id());", alter('a')]);
    assert.deepEqual(brieflyOf(project), []);
    project.setFile(file(1), anon(alter('b')));
    assert.deepEqual(brieflyOf(project), ["2020_01_01_000001_migration_1 table-does-not-exist information Table 'b' is not created by any earlier migration."]);
  });

  it('a save that now drops a table: the later file altering it is reported; and back', () => {
    const project = projectOf(["Schema::create('a', fn ($t) => $t->id());", alter('a'), alter('a')]);
    assert.deepEqual(brieflyOf(project), []);
    project.setFile(file(1), anon("Schema::drop('a');"));
    assert.deepEqual(brieflyOf(project), ["2020_01_01_000002_migration_2 table-does-not-exist information Table 'a' does not exist at this point: 2020_01_01_000001_migration_1 dropped it."]);
    project.setFile(file(1), anon(alter('a')));
    assert.deepEqual(brieflyOf(project), []);
  });

  it('other tables before the first migration: the timeline is simulated again', () => {
    const project = projectOf([alter('dumped')]);
    assert.deepEqual(brieflyOf(project, ['dumped']), []);
    assert.deepEqual(brieflyOf(project), ["2020_01_01_000000_migration_0 table-does-not-exist information Table 'dumped' is not created by any earlier migration."]);
  });

  it('schema-mismatch: a save that now creates a table a Drizzle definition names is compared with it', () => {
    const project = projectOf(["Schema::create('a', fn ($t) => $t->id());"]);
    const mismatches = () => project.analyze({ drizzle: builtInTables, laravel: { version: '8.83', driver: 'mysql' } }).findings.filter((f) => f.rule === 'schema-mismatch');
    assert.deepEqual(mismatches(), []);
    project.setFile(file(0), anon("Schema::create('eklektik_notifications_tracking', fn ($t) => $t->id());"));
    assert.ok(mismatches().some((f) => f.message.startsWith("The Drizzle definition of 'eklektik_notifications_tracking' (src/schema) has a column 'notification_id'")), 'missing column reported');
  });

  it('a save that breaks a file: tables the later files alter may have been created in its unread part', () => {
    const project = projectOf(["Schema::create('a', fn ($t) => $t->id());", alter('b')]);
    assert.deepEqual(brieflyOf(project).map((f) => f.split(' ')[1]), ['table-does-not-exist']);
    project.setFile(file(0), anon("Schema::create('a', fn ($t) => $t->id()"));
    assert.deepEqual(brieflyOf(project).filter((f) => f.includes('table-does-not-exist')), []);
  });

  it('random saves give the findings of a fresh analysis', () => {
    let seed = 7;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const tables = ['a', 'b', 'c'];
    const statement = () => {
      const t = tables[random(3)];
      switch (random(6)) {
        case 0: return `Schema::create('${t}', fn ($t) => $t->id());`;
        case 1: return `Schema::dropIfExists('${t}');`;
        case 2: return `Schema::rename('${t}', '${tables[random(3)]}');`;
        case 3: return `DB::statement('CREATE TABLE ${t} (id int)');`;
        default: return alter(t);
      }
    };
    const ups = Array.from({ length: 8 }, () => statement());
    const project = projectOf(ups);
    for (let save = 0; save < 300; save++) {
      const i = random(ups.length);
      ups[i] = random(3) === 0 ? `${statement()}\n        ${statement()}` : statement();
      project.setFile(file(i), anon(ups[i]));
      const fresh = new MigrationProject();
      ups.forEach((up, k) => fresh.setFile(file(k), anon(up)));
      assert.deepEqual(brieflyOf(project), brieflyOf(fresh), `save ${save}: ${ups.join(' | ')}`);
      assert.deepEqual(project.analyze({ rules: ownRules }).findings.map((f) => f.related), fresh.analyze({ rules: ownRules }).findings.map((f) => f.related));
    }
  });
});

describe('analysis/rules: remove-column-drops-nothing', () => {
  const table = (body: string) => `        Schema::table('leads', function (Blueprint $table) {\n${body}\n        });`;
  it("finds a removeColumn() meant as dropColumn(), in up() and down(), after statements that add no column", () => {
    const findings = analyze({
      '2020_01_01_000000_add_x_to_leads_table': anon(
        table("            $table->dropForeign(['user_id']);\n            $table->removeColumn('user_id');"),
        table("            $table->RemoveColumn('x');")),
    }).filter((f) => f.rule === 'remove-column-drops-nothing');
    assert.deepEqual(brief(findings), [
      "2020_01_01_000000_add_x_to_leads_table remove-column-drops-nothing warning removeColumn() drops nothing: it only takes back a column this Blueprint adds, so column 'user_id' stays in 'leads'. Use dropColumn() to drop it.",
      "2020_01_01_000000_add_x_to_leads_table remove-column-drops-nothing warning removeColumn() drops nothing: it only takes back a column this Blueprint adds, so column 'x' stays in 'leads'. Use dropColumn() to drop it.",
    ]);
    // The finding points at the statement.
    assert.equal(findings[0].range.start.line, 7);
  });

  it('makes no claim where an earlier statement may add the column, the closure is not all read, or the name is not literal', () => {
    assert.deepEqual(analyze({
      // Blueprint::removeColumn takes back a column the same Blueprint adds: the intended use.
      '2020_01_01_000000_a': anon(table("            $table->string('x');\n            $table->removeColumn('x');")),
      // timestamps() adds created_at without naming it.
      '2020_01_01_000001_b': anon(table("            $table->timestamps();\n            $table->removeColumn('created_at');")),
      '2020_01_01_000002_c': anon(table("            foreach (['a'] as $c) { $table->string($c); }\n            $table->removeColumn('a');")),
      '2020_01_01_000003_d': anon(table("            $table->removeColumn($name);")),
      '2020_01_01_000004_e': anon(table("            $table->removeColumn('x';")),
    }).filter((f) => f.rule === 'remove-column-drops-nothing'), []);
  });
});
