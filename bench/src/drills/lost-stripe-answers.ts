// Drill: for a few seconds Stripe charges the card and the answer never reaches payments (the
// connection drops after the charge, on every try the SDK makes); buyers, told to try again,
// pay again with a new card. Every order must end with the one charge that was made, and no
// second. See stripe-fault.ts for the rest of what must hold.
import { setTimeout as sleep } from 'node:timers/promises';

import { runDrillFromCli } from './drill-cli';
import type { DrillOptions } from './drill-options';
import { runStripeFaultDrill, type StripeFault } from './stripe-fault';
import type { DrillReport } from './tally';

const lostAnswers: StripeFault = {
  name: 'lost-stripe-answers',
  strike: async (_stack, stripe, options, tally) => {
    options.log(`stripe: dropping every charge's answer for ${options.downSeconds} s`);
    const dropping = stripe.dropAnswers({
      path: '/v1/payment_intents',
      method: 'POST',
      times: Number.POSITIVE_INFINITY,
    });
    await sleep(options.downSeconds * 1000);
    dropping.clear();
    tally.count('charge answers dropped', dropping.struck);
    options.log(`stripe: answering again (${dropping.struck} answers dropped)`);
  },
  retryToken: 'pm_card_mastercard',
};

export const lostStripeAnswersDrill = (options: DrillOptions): Promise<DrillReport> =>
  runStripeFaultDrill(lostAnswers, options);

if (require.main === module) runDrillFromCli('lost-stripe-answers', lostStripeAnswersDrill);
