// Drill: in the middle of load 1, the database applies a share of the services' writes on the
// purchase path but their replies never arrive (the connection resets after the write landed,
// which a standalone server cannot retry). A request that heard nothing answers an error, the
// outbox keeps its claim and its relay finishes the change, a handler whose write was cut sees
// its event again, a payment that heard nothing is answered 503 and paid again (told it is
// paid already if it landed): every ticket still reaches orders, every order expires exactly
// once, and every order paid is complete.
import { setTimeout as sleep } from 'node:timers/promises';

import { OUTBOX_COLLECTION } from '@ticketing/common';
import type { ReplyCutRule } from '@ticketing/test-kit';

import { auditExpiries } from './audit/expiries';
import { runDrillFromCli } from './drill-cli';
import type { DrillOptions } from './drill-options';
import { withDrillStack } from './drill-stack';
import { loadWithFault, newLedger } from './fault-load';
import { withProxiedDatabase } from './proxied-database';
import { type DrillReport, reportOf, Tally } from './tally';

/** The writes cut: every fifth insert or update of an order, a ticket (in tickets and in the
 * replicas), a payment or an outbox entry, on every service's connection. */
const PURCHASE_WRITES: ReplyCutRule = {
  commands: ['insert', 'update', 'findAndModify'],
  collections: ['orders', 'tickets', 'payments', OUTBOX_COLLECTION],
  every: 5,
};

// Lines the services log when a write went unanswered: the outbox leaving a change to its
// relay, and the relay finishing one.
const LEFT_TO_RELAY = 'may have landed; the outbox relay will finish it';
const RELAY_FINISHED = 'published the events of an unfinished change';

export async function ambiguousWritesDrill(options: DrillOptions): Promise<DrillReport> {
  const tally = new Tally();
  // First on the verdict line, in this order.
  tally.count('replies cut', 0);
  tally.count('writes matched', 0);
  const onServiceLine = (line: string) => {
    if (line.includes(LEFT_TO_RELAY)) tally.count('changes left to the relay');
    if (line.includes(RELAY_FINISHED)) tally.count('changes the relay finished');
  };
  await withProxiedDatabase((proxy) =>
    withDrillStack(
      options,
      options.windowSeconds,
      tally,
      async (context) => {
        const ledger = newLedger();
        await loadWithFault(
          context,
          ledger,
          tally,
          async () => {
            options.log(
              `mongo: cutting the reply to 1 in ${PURCHASE_WRITES.every} purchase writes for ${options.downSeconds} s`,
            );
            const cutting = proxy.cutReplies(PURCHASE_WRITES);
            await sleep(options.downSeconds * 1000);
            tally.count('replies cut', cutting.stop());
            tally.count('writes matched', cutting.matched);
            options.log(`mongo: ${tally.counts['replies cut']} replies cut; no more`);
          },
          { pay: true },
        );
        await auditExpiries(context, ledger, tally);
      },
      { mongoUri: proxy.uri, onServiceLine },
    ),
  );
  return reportOf('ambiguous-writes', options.transport, tally);
}

if (require.main === module) runDrillFromCli('ambiguous-writes', ambiguousWritesDrill);
