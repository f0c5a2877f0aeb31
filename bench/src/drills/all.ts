// `npm run drills`: every fault drill in turn, each on a stack of its own; one verdict line
// per drill, then the total. Exits 1 when any drill failed.
import { exitOnSignals } from '@ticketing/dev-infra';

import { ambiguousWritesDrill } from './ambiguous-writes';
import { printReport } from './drill-cli';
import { type DrillOptions, drillUsage, parseDrillOptions } from './drill-options';
import { killServicesDrill } from './kill-services';
import { lostStripeAnswersDrill } from './lost-stripe-answers';
import { natsRestartDrill } from './nats-restart';
import { ordersStoppedAtDeadlinesDrill } from './orders-stopped-at-deadlines';
import { paymentsKilledMidChargeDrill } from './payments-killed-mid-charge';
import { redisRestartDrill } from './redis-restart';
import { stripeOutageDrill } from './stripe-outage';
import type { DrillReport } from './tally';

const DRILLS: [string, (options: DrillOptions) => Promise<DrillReport>][] = [
  ['nats-restart', natsRestartDrill],
  ['kill-services', killServicesDrill],
  ['redis-restart', redisRestartDrill],
  ['stripe-outage', stripeOutageDrill],
  ['lost-stripe-answers', lostStripeAnswersDrill],
  ['payments-killed-mid-charge', paymentsKilledMidChargeDrill],
  ['ambiguous-writes', ambiguousWritesDrill],
  ['orders-stopped-at-deadlines', ordersStoppedAtDeadlinesDrill],
];

async function main(): Promise<boolean> {
  exitOnSignals();
  const options = parseDrillOptions(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(drillUsage('all'));
    return true;
  }
  let failed = 0;
  for (const [name, drill] of DRILLS) {
    options.log(`${name}: starting`);
    const passed = await drill(options).then(printReport, (error: unknown) => {
      process.stdout.write(
        `FAIL ${name}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return false;
    });
    if (!passed) failed++;
  }
  process.stdout.write(
    `${failed === 0 ? 'PASS' : 'FAIL'} drills: ${DRILLS.length - failed} passed, ${failed} failed\n`,
  );
  return failed === 0;
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error: unknown) => {
    process.stdout.write(
      `FAIL drills: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
