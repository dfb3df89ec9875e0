// A file renamed after it ran: status translates it as run (builtBy) and repair renames its row
// (findRenames), from one pairing. Both are asked the same histories here and must agree.
import * as assert from 'node:assert/strict';
import { parseMigration } from '../../../src/core/analysis/parse';
import type { MigrationFile } from '../../../src/core/analysis/types';
import { findRenames } from '../../../src/core/repair/migrationRows';
import { builtBy, computeStatus } from '../../../src/core/status/engine';
import { renamedFiles } from '../../../src/core/status/renamedFiles';
import { catalogOf } from '../../../src/core/structure/fromDrizzle';
import { structurePort } from '../../../src/core/status/structurePort';
import type { StatusSnapshot } from '../../../src/core/status/types';
import { builtInTables } from '../../../src/schema';

function migration(name: string, up: string): MigrationFile {
  const source = `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up()
    {
        ${up}
    }
};
`;
  return parseMigration(`/app/database/migrations/${name}.php`, source);
}

const addColumn = (table: string, column: string) => `Schema::table('${table}', function (Blueprint $table) { $table->string('${column}')->nullable(); });`;

/** What status takes as run beyond the rows, and what repair renames, for these files and rows. */
function bothSides(files: MigrationFile[], rows: string[]): { ranAs: string[]; renames: [string, string][] } {
  const recorded = new Set(rows);
  const live = new Set(['migrations', 'posts']);
  const built = builtBy(files, recorded, live, '');
  const computed = computeStatus(
    { migrations: files, catalog: catalogOf(builtInTables), structure: structurePort() },
    { rows: rows.map((migration) => ({ migration, batch: 1 })), liveTables: live, liveStructures: new Map() },
    '',
  );
  const { renames } = findRenames({ migrations: computed.migrations } as StatusSnapshot, undefined);
  return { ranAs: [...built].filter((name) => !recorded.has(name)).sort(), renames: [...renames].sort() };
}

const posts = '2024_01_01_000000_create_posts_table';
const createPosts = migration(posts, "Schema::create('posts', function (Blueprint $table) { $table->id(); });");

describe('renamedFiles: a file renamed after it ran, for status and repair alike', () => {
  it('pairs a row without a file with the unrecorded file of its timestamp, each the only one of it on its side', () => {
    assert.deepEqual([...renamedFiles(['2024_01_02_000000_add_title', '2024_01_03_000000_gone'], ['2024_01_02_000000_add_heading', '2024_01_04_000000_new'])], [
      ['2024_01_02_000000_add_title', '2024_01_02_000000_add_heading'],
    ]);
    // The same file listed twice (two folders, the later one wins) is still one file.
    assert.deepEqual([...renamedFiles(['2024_01_02_000000_a'], ['2024_01_02_000000_b', '2024_01_02_000000_b'])], [['2024_01_02_000000_a', '2024_01_02_000000_b']]);
    // Names without a timestamp pair with nothing.
    assert.deepEqual([...renamedFiles(['add_title'], ['add_heading'])], []);
  });

  it('claims no pair for a timestamp with two rows without a file, or two unrecorded files', () => {
    assert.deepEqual([...renamedFiles(['2024_01_02_000000_add_body', '2024_01_02_000000_add_title'], ['2024_01_02_000000_add_heading'])], []);
    assert.deepEqual([...renamedFiles(['2024_01_02_000000_add_title'], ['2024_01_02_000000_add_heading', '2024_01_02_000000_add_summary'])], []);
  });

  it('status and repair agree: the file status translates as run is the one repair renames a row to', () => {
    const heading = migration('2024_01_02_000000_add_heading', addColumn('posts', 'title'));
    const later = migration('2024_01_03_000000_add_slug', addColumn('posts', 'slug'));
    const cases: { files: MigrationFile[]; rows: string[]; ranAs: string[] }[] = [
      // Renamed after it ran.
      { files: [createPosts, heading, later], rows: [posts, '2024_01_02_000000_add_title', later.name], ranAs: [heading.name] },
      // Two rows of its timestamp without a file (one renamed, one deleted): which one it ran as
      // cannot be told, so repair renames neither, and status does not take it as run either.
      { files: [createPosts, heading, later], rows: [posts, '2024_01_02_000000_add_body', '2024_01_02_000000_add_title', later.name], ranAs: [] },
      // Two unrecorded files of the row's timestamp.
      { files: [createPosts, heading, migration('2024_01_02_000000_add_summary', addColumn('posts', 'summary')), later], rows: [posts, '2024_01_02_000000_add_title', later.name], ranAs: [] },
    ];
    for (const { files, rows, ranAs } of cases) {
      const sides = bothSides(files, rows);
      assert.deepEqual(sides.ranAs, ranAs, rows.join(', '));
      assert.deepEqual(sides.renames.map(([, file]) => file).sort(), ranAs, rows.join(', '));
    }
  });
});
