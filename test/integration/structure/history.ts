// Small migration histories written as files, for the real Laravel to run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A migrations folder of anonymous-class files, `up()` bodies by name. */
export function migrationsFolder(history: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-structure-history-'));
  for (const [name, up] of Object.entries(history)) {
    fs.writeFileSync(path.join(dir, `${name}.php`), `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
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
};
`);
  }
  return dir;
}
