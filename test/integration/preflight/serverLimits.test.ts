// Preflight predicts what the server refuses whatever the rows (translate/serverLimits.ts, the
// check exceeds-server-limit makes): a VARCHAR too long for the live table's charset (1074) and a
// derived index name over 64 (1059); the real Laravel's migrate meets the same code on a copy.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createTestDatabase } from '../../support/database';
import { laravelVersions, runLaravel, skipWithoutLaravel } from '../../support/laravelVersions';
import { base, migrationFile, preflightFolder, runSql, table } from './oracle';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const histories: readonly { name: string; up: string; code: number | undefined }[] = [
  { name: 'a string() longer than the live utf8mb4 table allows', up: table('users', "$table->string('bio', 16384)->nullable();"), code: 1074 },
  { name: 'the longest it allows', up: table('users', "$table->text('bio')->nullable();\n$table->string('motto', 16000)->nullable();"), code: undefined },
  { name: 'a derived index name over 64', up: table('users', `$table->string('${'x'.repeat(58)}')->nullable()->index();`), code: 1059 },
  // The mysql driver on MariaDB: the server's own bound (65532 latin1 characters), which the lint cannot use (MySQL takes 65533 NOT NULL alone).
  { name: 'a latin1 string(65533) with the mysql driver on MariaDB', up: "Schema::create('latin_notes', function (Blueprint $table) { $table->charset = 'latin1'; $table->collation = 'latin1_swedish_ci'; $table->string('body', 65533); });", code: 1074 },
  { name: 'a latin1 string(65532) alone: the longest MariaDB takes', up: "Schema::create('latin_notes', function (Blueprint $table) { $table->charset = 'latin1'; $table->collation = 'latin1_swedish_ci'; $table->string('body', 65532); });", code: undefined },
];

for (const version of laravelVersions) {
  describe(`preflight: server limits, against the real Laravel ${version}`, function () {
    this.timeout(300_000);
    before(function () {
      skipWithoutLaravel(this, version);
    });
    for (const h of histories) {
      it(h.name, async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'md-limits-'));
        const predicted = await createTestDatabase('md_limits');
        const real = await createTestDatabase('md_limits_real');
        try {
          writeFileSync(path.join(dir, '2024_02_01_000000_limits.php'), migrationFile(h.up));
          await runSql(predicted.name, base);
          await runSql(real.name, base);
          const result = await preflightFolder(predicted.options, dir, version);
          const [prediction] = result.migrations;
          const run = await runLaravel(version, 'migrate', { database: real.name, migrationsPath: dir });
          assert.equal(run.ok ? undefined : run.error?.code, h.code, run.output.slice(0, 500));
          assert.deepEqual([prediction?.prediction, prediction?.error?.code], h.code === undefined ? ['passes', undefined] : ['fails', h.code]);
        } finally {
          await predicted.drop();
          await real.drop();
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
}
