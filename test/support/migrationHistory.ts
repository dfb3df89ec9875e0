// Small migration histories written as files for the real Laravel to run: anonymous-class
// migrations whose up() bodies the tests give, in the order Laravel runs them (file names).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** `up()` bodies by migration name (or a whole file, when it starts with `<?php`). */
export type History = Readonly<Record<string, string>>;

/** An anonymous-class migration with the given `up()` body, an empty `down()` and the given other members. */
export function migrationSource(up: string, members = ''): string {
  return `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up()
    {
${up}
    }

    public function down()
    {
    }
${members}};
`;
}

/** A migration creating `table` (an id column) and dropping it on the way down; tests point at its lines (Schema::create is line 9). */
export function createsTable(table: string): string {
  return `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up()
    {
        Schema::create('${table}', function (Blueprint $table) {
            $table->id();
        });
    }

    public function down()
    {
        Schema::dropIfExists('${table}');
    }
};
`;
}

/** A new temporary folder holding one file per migration of the history. */
export function writeMigrationHistory(history: History, prefix = 'md-history-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, up] of Object.entries(history)) fs.writeFileSync(path.join(dir, `${name}.php`), up.startsWith('<?php') ? up : migrationSource(up));
  return dir;
}
