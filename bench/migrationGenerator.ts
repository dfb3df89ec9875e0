// Generates a realistic Laravel project history for benchmarks: creates with 4-14 columns,
// foreign keys and indexes, column additions, renames, drop-and-recreate, guards, named
// classes (older files) and anonymous ones (newer), docblocks. Deterministic (seeded).

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nouns = ['user', 'order', 'invoice', 'product', 'category', 'payment', 'shipment', 'customer', 'address', 'coupon', 'review', 'tag',
  'notification', 'transaction', 'subscription', 'report', 'ticket', 'message', 'attachment', 'team', 'project', 'task', 'comment', 'event'];
const columnKinds = [
  (c: string) => `$table->string('${c}')->nullable();`,
  (c: string) => `$table->string('${c}', 191)->unique();`,
  (c: string) => `$table->integer('${c}')->default(0);`,
  (c: string) => `$table->decimal('${c}', 10, 2)->default(0);`,
  (c: string) => `$table->boolean('${c}')->default(false);`,
  (c: string) => `$table->text('${c}')->nullable();`,
  (c: string) => `$table->timestamp('${c}')->nullable()->useCurrent();`,
  (c: string) => `$table->json('${c}')->nullable();`,
  (c: string) => `$table->enum('${c}', ['draft', 'active', 'archived'])->default('draft');`,
];

export interface GeneratedMigration { readonly name: string; readonly source: string }

export function generateMigrations(count: number, seed = 42): GeneratedMigration[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const tables: string[] = [];
  const out: GeneratedMigration[] = [];
  let time = Date.UTC(2016, 0, 1);
  for (let i = 0; i < count; i++) {
    time += Math.floor(random() * 5 * 86_400_000) + 1000;
    const d = new Date(time);
    const stamp = `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}_${String(d.getUTCDate()).padStart(2, '0')}_${String(d.getUTCHours()).padStart(2, '0')}${String(d.getUTCMinutes()).padStart(2, '0')}${String(d.getUTCSeconds()).padStart(2, '0')}`;
    const roll = random();
    let slug: string;
    let up: string;
    let down: string;
    if (tables.length < 5 || roll < 0.4) {
      const table = `${pick(nouns)}_${pick(nouns)}s_${i}`;
      const columns = Array.from({ length: 4 + Math.floor(random() * 11) }, (_, k) => pick(columnKinds)(`col_${k}`));
      const foreign = tables.length ? [`$table->foreignId('${pick(nouns)}_id')->constrained('${pick(tables)}')->cascadeOnDelete();`] : [];
      const index = random() < 0.5 ? [`$table->index(['col_0', 'created_at'], 'idx_${i}');`] : [];
      const guard = random() < 0.1;
      const create = `Schema::create('${table}', function (Blueprint $table) {\n            $table->id();\n            ${[...columns, ...foreign].join('\n            ')}\n            $table->timestamps();\n            ${index.join('')}\n        });`;
      up = guard ? `if (! Schema::hasTable('${table}')) {\n            ${create}\n        }` : create;
      down = `Schema::dropIfExists('${table}');`;
      slug = `create_${table}_table`;
      tables.push(table);
    } else if (roll < 0.85) {
      const table = pick(tables);
      const column = `extra_${i}`;
      up = `Schema::table('${table}', function (Blueprint $table) {\n            ${pick(columnKinds)(column).replace(';', "->after('id');")}\n            $table->index('${column}');\n        });`;
      down = `Schema::table('${table}', function (Blueprint $table) {\n            $table->dropIndex(['${column}']);\n            $table->dropColumn('${column}');\n        });`;
      slug = `add_${column}_to_${table}_table`;
    } else if (roll < 0.93) {
      const index = Math.floor(random() * tables.length);
      const from = tables[index];
      const to = `${from}_v${i}`;
      tables[index] = to;
      up = `Schema::rename('${from}', '${to}');`;
      down = `Schema::rename('${to}', '${from}');`;
      slug = `rename_${from}_to_${to}`;
    } else {
      const table = pick(tables);
      up = `Schema::dropIfExists('${table}');\n        Schema::create('${table}', function (Blueprint $table) {\n            $table->id();\n            $table->string('name');\n            $table->timestamps();\n        });`;
      down = `Schema::dropIfExists('${table}');`;
      slug = `recreate_${table}_table_${i}`;
    }
    const doc = '    /**\n     * Run the migrations.\n     *\n     * @return void\n     */\n';
    const body = `${doc}    public function up()\n    {\n        ${up}\n    }\n\n    /**\n     * Reverse the migrations.\n     */\n    public function down()\n    {\n        ${down}\n    }\n`;
    const header = '<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\n';
    const className = slug.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
    // Older projects used named classes; anonymous classes arrived with Laravel 8.37.
    const source = d.getUTCFullYear() < 2021
      ? `${header}class ${className} extends Migration\n{\n${body}}\n`
      : `${header}return new class extends Migration\n{\n${body}};\n`;
    out.push({ name: `${stamp}_${slug}`, source });
  }
  return out;
}
