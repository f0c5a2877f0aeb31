// Drill: Stripe (stripe-mock) is unreachable for a few seconds while buyers pay; they pay again
// with the same card afterwards. See stripe-fault.ts for what must hold.
import { setTimeout as sleep } from 'node:timers/promises';

import { runDrillFromCli } from './drill-cli';
import type { DrillOptions } from './drill-options';
import { runStripeFaultDrill, type StripeFault } from './stripe-fault';
import type { DrillReport } from './tally';

const outage: StripeFault = {
  name: 'stripe-outage',
  strike: async (stack, _stripe, options) => {
    options.log(`stripe-mock: stopping for ${options.downSeconds} s while buyers pay`);
    await stack.servers.stop('stripe');
    await sleep(options.downSeconds * 1000);
    await stack.servers.start('stripe');
    options.log('stripe-mock: back');
  },
  retryToken: 'tok_visa',
};

export const stripeOutageDrill = (options: DrillOptions): Promise<DrillReport> =>
  runStripeFaultDrill(outage, options);

if (require.main === module) runDrillFromCli('stripe-outage', stripeOutageDrill);
