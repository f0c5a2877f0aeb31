// Drill: payments is SIGKILLed while its charges are in flight at Stripe (Stripe is slow: every
// charge takes 2 s). The charges land, their answers reach a dead process, and each one is on
// record only as an attempt still charging. Once payments is back, buyers pay again with a new
// card: the earlier attempt is settled first, so each order is charged once. See
// stripe-fault.ts for the rest of what must hold.
import { setTimeout as sleep } from 'node:timers/promises';

import { runDrillFromCli } from './drill-cli';
import type { DrillOptions } from './drill-options';
import { runStripeFaultDrill, type StripeFault } from './stripe-fault';
import type { DrillReport } from './tally';

const SLOW_CHARGE_MS = 2_000;

const killedMidCharge: StripeFault = {
  name: 'payments-killed-mid-charge',
  strike: async (stack, stripe, options, tally) => {
    const slow = stripe.delayRequests({
      path: '/v1/payment_intents',
      method: 'POST',
      times: Number.POSITIVE_INFINITY,
      ms: SLOW_CHARGE_MS,
    });
    await sleep(SLOW_CHARGE_MS / 2);
    options.log(`payments: SIGKILL with ${slow.struck} charge(s) begun at a slow Stripe`);
    const inFlight = slow.struck;
    await stack.kill('payments', 'SIGKILL');
    slow.clear();
    tally.count('charges in flight when payments was killed', inFlight);
    await sleep(options.downSeconds * 1000);
    await stack.restart('payments');
    options.log('payments: back');
  },
  retryToken: 'pm_card_mastercard',
  stopsPayments: true,
};

export const paymentsKilledMidChargeDrill = (options: DrillOptions): Promise<DrillReport> =>
  runStripeFaultDrill(killedMidCharge, options);

if (require.main === module) {
  runDrillFromCli('payments-killed-mid-charge', paymentsKilledMidChargeDrill);
}
