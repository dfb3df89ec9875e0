// `status --databases` and `repair --databases` with a pattern that matches no database of the
// server (mistyped, or databases this account cannot see): nothing was checked, so it is an error
// with the next step and exit 2, never a pass a CI step would take for a healthy fleet.
import * as assert from 'node:assert/strict';
import { uniqueDatabaseName } from '../../support/database';
import { run } from './tenants';

describe('--databases PATTERN matching no database', function () {
  this.timeout(120_000);
  // A name no database of the server has: this run's own prefix and suffix.
  const pattern = `${uniqueDatabaseName('md_tenants_none')}\\_%`;
  const said = new RegExp(`^migration-doctor (status|repair): No database on this server matches '${pattern.replace(/\\/g, '\\\\')}': nothing was checked\\.\\nCheck the pattern \\(SQL LIKE: .*\\) and that this account can see the tenant databases \\(SHOW DATABASES\\)\\.\\n$`);

  for (const [command, ...args] of [['status'], ['status', '--json'], ['repair'], ['repair', '--json'], ['repair', '--apply', '--yes']]) {
    it(`${[command, ...args].join(' ')}: exit 2, one sentence with the next step, nothing on stdout`, async () => {
      const result = await run(command, ['--databases', pattern, ...args]);
      assert.equal(result.code, 2, result.out + result.err);
      assert.equal(result.out, '');
      assert.match(result.err, said);
    });
  }
});
