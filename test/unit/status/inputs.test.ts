// The editor's memory of the translation: reused for the same analysed files, never for a changed one.
import * as assert from 'node:assert/strict';
import { parseMigration } from '../../../src/core/analysis/parse';
import { recordedCatalog, translationMemory } from '../../../src/core/status/inputs';

const laravel8 = { tablePrefix: '', laravel: { version: '8.83', driver: 'mysql' } } as const;

function migration(name: string, body: string) {
  return parseMigration(`/app/database/migrations/${name}.php`,
    `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\n`
    + `return new class extends Migration {\n    public function up()\n    {\n        ${body}\n    }\n};\n`);
}
const create = (table: string, column: string) => `Schema::create('${table}', function (Blueprint $table) { $table->id(); $table->string('${column}'); });`;

describe('status/inputs: the translation memory', () => {
  const users = migration('2024_01_01_000000_create_users_table', create('users', 'name'));
  const posts = migration('2024_01_02_000000_create_posts_table', create('posts', 'title'));
  const pending = migration('2024_01_03_000000_create_tags_table', create('tags', 'label'));
  const recorded = new Set([users.name, posts.name]);
  const columns = (catalog: ReturnType<ReturnType<typeof recordedCatalog>>, table: string) => catalog.tables.get(table)?.model.columns.map((c) => c.name);

  it('a pending migration saved again: the recorded ones are not translated again', () => {
    const memory = translationMemory();
    const before = recordedCatalog([users, posts, pending], laravel8, [], memory)(recorded);
    const edited = migration('2024_01_03_000000_create_tags_table', create('tags', 'title'));
    const after = recordedCatalog([users, posts, edited], laravel8, [], memory)(recorded);
    // The very objects of the first translation: nothing was translated again.
    assert.equal(after.tables.get('users'), before.tables.get('users'));
    assert.deepEqual(columns(after, 'posts'), ['id', 'title']);
    assert.equal(after.tables.has('tags'), false);
  });

  it('a recorded migration saved with another column: its new structure, never the remembered one', () => {
    const memory = translationMemory();
    recordedCatalog([users, posts, pending], laravel8, [], memory)(recorded);
    const edited = migration('2024_01_01_000000_create_users_table', create('users', 'email'));
    assert.deepEqual(columns(recordedCatalog([edited, posts, pending], laravel8, [], memory)(recorded), 'users'), ['id', 'email']);
  });

  it('another prefix is another translation', () => {
    const memory = translationMemory();
    recordedCatalog([users, posts], laravel8, [], memory)(recorded);
    const prefixed = recordedCatalog([users, posts], { ...laravel8, tablePrefix: 'app_' }, [], memory)(recorded);
    assert.deepEqual([...prefixed.tables.keys()].sort(), ['app_posts', 'app_users']);
  });
});
