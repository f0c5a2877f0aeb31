// The fault drills at a reduced size, on the default transport (and the bus restart on both):
// whatever fails, no effect of an accepted request may be lost or applied twice.
import type { Transport } from '@ticketing/dev-stack';

import { ambiguousWritesDrill } from '../drills/ambiguous-writes';
import { CI_DRILL, type DrillOptions } from '../drills/drill-options';
import { killServicesDrill } from '../drills/kill-services';
import { lostStripeAnswersDrill } from '../drills/lost-stripe-answers';
import { natsRestartDrill } from '../drills/nats-restart';
import { ordersStoppedAtDeadlinesDrill } from '../drills/orders-stopped-at-deadlines';
import { paymentsKilledMidChargeDrill } from '../drills/payments-killed-mid-charge';
import { redisRestartDrill } from '../drills/redis-restart';
import { stripeOutageDrill } from '../drills/stripe-outage';
import type { DrillReport } from '../drills/tally';

const MINUTES = 60_000;

const ciOptions = (transport: Transport): DrillOptions => ({
  transport,
  replicas: 1,
  ...CI_DRILL,
  verbose: false,
  log: () => undefined,
});

/** The reasons are in the comparison so that a failure says what was lost or doubled. */
const outcome = (report: DrillReport) => ({
  lost: report.lost,
  duplicates: report.duplicates,
  unclear: report.unclear,
  reasons: report.reasons,
});
const CLEAN = { lost: 0, duplicates: 0, unclear: 0, reasons: [] };

describe.each<Transport>(['nats-streaming', 'jetstream'])('on %s', (transport) => {
  it(
    'when the event-bus server restarts under load, every ticket reaches orders and every order expires once',
    async () => {
      expect(outcome(await natsRestartDrill(ciOptions(transport)))).toEqual(CLEAN);
    },
    5 * MINUTES,
  );

  it(
    'when orders is stopped while buyers pay at their deadlines, every buyer answered 201 keeps the order and the ticket, and every other order is cancelled',
    async () => {
      const report = await ordersStoppedAtDeadlinesDrill(ciOptions(transport));
      expect(outcome(report)).toEqual(CLEAN);
      // The race happened: charges were in flight as deadlines passed, and both ends were audited.
      expect(
        report.counts['payments answered 201 after the deadline (charge in flight as it passed)'],
      ).toBeGreaterThan(0);
      expect(report.counts['orders complete']).toBe(report.counts['payments answered 201']);
      expect(report.counts['orders cancelled']).toBeGreaterThan(0);
      expect(report.counts['standing charges at Stripe']).toBe(report.counts['orders complete']);
    },
    5 * MINUTES,
  );
});

describe('on nats-streaming', () => {
  const options = ciOptions('nats-streaming');

  it(
    'when each service is SIGKILLed and restarted while buyers order and pay, no order loses an effect and none is applied twice',
    async () => {
      const report = await killServicesDrill(options);
      expect(outcome(report)).toEqual(CLEAN);
      expect(report.counts['services killed']).toBe(5);
      // Both ends were audited: orders paid for and orders left to expire.
      expect(report.counts['orders complete']).toBeGreaterThan(0);
      expect(report.counts['orders cancelled']).toBeGreaterThan(0);
    },
    10 * MINUTES,
  );

  it(
    'when Redis restarts with expirations pending, every order still expires exactly once',
    async () => {
      expect(outcome(await redisRestartDrill(options))).toEqual(CLEAN);
    },
    5 * MINUTES,
  );

  it(
    'when Stripe is unreachable for seconds, every payment completes once or fails with a clear error',
    async () => {
      const report = await stripeOutageDrill(options);
      expect(outcome(report)).toEqual(CLEAN);
      expect(report.counts['payments answered 201']).toBe(report.counts.orders);
      expect(report.counts['standing charges at Stripe']).toBe(report.counts.orders);
    },
    5 * MINUTES,
  );

  it(
    'when Stripe charges and the answer is lost, and buyers pay again with a new card, each order is charged once',
    async () => {
      const report = await lostStripeAnswersDrill(options);
      expect(outcome(report)).toEqual(CLEAN);
      expect(report.counts['charge answers dropped']).toBeGreaterThan(0);
      expect(report.counts['payments answered 201']).toBe(report.counts.orders);
      expect(report.counts['standing charges at Stripe']).toBe(report.counts.orders);
    },
    5 * MINUTES,
  );

  it(
    'when payments is SIGKILLed with charges in flight at Stripe, and buyers pay again, each order is charged once',
    async () => {
      const report = await paymentsKilledMidChargeDrill(options);
      expect(outcome(report)).toEqual(CLEAN);
      expect(report.counts['charges in flight when payments was killed']).toBeGreaterThan(0);
      expect(report.counts['standing charges at Stripe']).toBe(report.counts.orders);
    },
    5 * MINUTES,
  );

  it(
    'when the database applies writes whose replies never arrive, no effect is lost and none is applied twice',
    async () => {
      const report = await ambiguousWritesDrill(options);
      expect(outcome(report)).toEqual(CLEAN);
      // The fault happened: writes were cut, and the outbox relay finished changes for them.
      expect(report.counts['replies cut']).toBeGreaterThan(0);
      expect(report.counts['changes the relay finished']).toBeGreaterThan(0);
      expect(report.counts['orders complete']).toBeGreaterThan(0);
    },
    5 * MINUTES,
  );
});
