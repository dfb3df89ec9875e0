import * as assert from 'node:assert/strict';
import { english } from '../../../src/core/messages/catalog';
import { failureDiagnostic, failureSummary } from '../../../src/core/preflight/summary';
import type { MigrationPrediction } from '../../../src/core/preflight/types';

const duplicate: MigrationPrediction = {
  name: '2024_01_01_000000_add_unique_email',
  prediction: 'fails',
  error: { code: 1062, message: "Duplicate entry 'a@b.c' for key 'users_email_unique'" },
  statement: 'alter table `users` add unique `users_email_unique`(`email`)',
  evidence: { count: 1, samples: ['a@b.c (3 rows)'], advice: 'remove them' },
};

const say = (m: MigrationPrediction) => {
  const said = failureSummary(m);
  return said && english(said);
};

describe('preflight summary: a predicted failure in one line', () => {
  it("a 1062 names the value, the index and the rows sharing it", () => {
    assert.equal(say(duplicate), "will fail: 1062 duplicate entry 'a@b.c' for users_email_unique (3 duplicates)");
  });

  it('a 1062 over several duplicated values counts them, with + at the bound', () => {
    assert.equal(say({ ...duplicate, evidence: { count: 4, samples: ['a@b.c (3 rows)', 'x (2 rows)'] } }),
      "will fail: 1062 duplicate entry 'a@b.c' for users_email_unique (3 duplicates; 4 values are duplicated)");
    assert.equal(say({ ...duplicate, evidence: { count: 1000, countLimit: 1000, samples: ['a@b.c (9 rows)'] } }),
      "will fail: 1062 duplicate entry 'a@b.c' for users_email_unique (9 duplicates; 1000+ values are duplicated)");
  });

  it('other failures keep the server message, with what was found', () => {
    assert.equal(say({ name: 'm', prediction: 'fails', error: { code: 1050, message: "Table 'users' already exists" }, evidence: {} }),
      "will fail: 1050 Table 'users' already exists");
    assert.equal(say({ name: 'm', prediction: 'fails', error: { code: 1452, message: 'Cannot add or update a child row' }, evidence: { count: 2, samples: ['99', '98'] } }),
      'will fail: 1452 Cannot add or update a child row (2 found)');
    assert.equal(say({ name: 'm', prediction: 'fails', error: { code: null, message: "doctrine/dbal: There is no column with name 'x' on table 'users'." }, evidence: {} }),
      "will fail: doctrine/dbal doctrine/dbal: There is no column with name 'x' on table 'users'.");
  });

  it('a failure predicted after an earlier one says so', () => {
    assert.equal(say({ ...duplicate, afterFailureOf: '2024_01_01_create_users' }),
      "will fail: 1062 duplicate entry 'a@b.c' for users_email_unique (3 duplicates) (once 2024_01_01_create_users is fixed)");
  });

  it('passes, unchecked and not reached say nothing (no false alarm)', () => {
    for (const prediction of ['passes', 'unchecked', 'not-reached'] as const) {
      assert.equal(failureSummary({ name: 'm', prediction, evidence: { reason: 'raw SQL' } }), undefined);
      assert.deepEqual(failureDiagnostic({ name: 'm', prediction, evidence: { reason: 'raw SQL' } }, 'prod'), []);
    }
  });

  it('the diagnostic names the connection, then the statement Laravel sends', () => {
    assert.deepEqual(failureDiagnostic(duplicate, 'preprod').map(english), [
      "On preprod, this migration will fail: 1062 duplicate entry 'a@b.c' for users_email_unique (3 duplicates)",
      'The statement Laravel will send: alter table `users` add unique `users_email_unique`(`email`)',
    ]);
  });
});
