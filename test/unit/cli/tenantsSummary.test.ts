// The summary of `repair --databases`, an interrupted run's included: every word of it comes from
// the message catalog, so that it is said in French as in English.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repairSummary, type RepairEntry } from '../../../src/cli/tenants';
import { catalog, english, fillTemplate, message, renderedArgs, type Message } from '../../../src/core/messages/catalog';

const french = JSON.parse(readFileSync(join(resolve(__dirname, '../../../..'), 'l10n/bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;
const frenchRender = (m: Message): string => fillTemplate(french[catalog[m.id]]!, renderedArgs(m, frenchRender));

const summary = { ran: 3, pending: 0, broken: 1 };
const interruptedRun: RepairEntry[] = [
  { database: 'shop_t001', result: 'fine', summary },
  { database: 'shop_t002', result: 'interrupted', summary },
  { database: 'shop_t003', result: 'skipped', summary, why: message('tenants.notAttemptedAfterInterrupted', 'shop_t002') },
  { database: 'shop_t004', result: 'skipped', summary, why: message('tenants.noMigrationsTable') },
];

describe('repair --databases: its summary', () => {
  it('an interrupted run, in English as before', () => {
    assert.equal(english(repairSummary('shop_t%', true, interruptedRun)),
      "4 databases matching 'shop_t%', 1 fine. Repaired 0. Interrupted 1: shop_t002. "
      + 'Skipped 2: shop_t003 (not attempted after shop_t002 was interrupted), shop_t004 (no migrations table). Failed 0.');
  });

  it('an interrupted run, in French: no English word left', () => {
    assert.equal(frenchRender(repairSummary('shop_t%', true, interruptedRun)),
      '4 bases de données correspondant à « shop_t% », 1 sans problème. Réparées : 0. Interrompues : 1 (shop_t002). '
      + "Laissées de côté : 2 (shop_t003 (pas tentée après l'interruption de shop_t002), shop_t004 (pas de table des migrations)). En échec : 0.");
    const planned: RepairEntry[] = [
      { database: 'a', result: 'planned', summary },
      { database: 'b', result: 'failed', summary },
      { database: 'c', result: 'skipped', summary, why: message('tenants.notAttemptedAfterFailed', 'b') },
    ];
    assert.equal(frenchRender(repairSummary('%', false, planned)),
      "3 bases de données correspondant à « % », 0 sans problème. Planifiées : 1 (a). Laissées de côté : 1 (c (pas tentée après l'échec de b)). En échec : 1 (b).");
    assert.equal(frenchRender(repairSummary('x', true, [{ database: 'x', result: 'skipped', summary, why: message('tenants.notAttemptedAfterInterruption') }])),
      "1 base de données correspondant à « x », 0 sans problème. Réparées : 0. Laissées de côté : 1 (x (pas tentée après l'interruption)). En échec : 0.");
  });
});
