// Drill: orders is stopped while buyers pay at their deadlines, and started again with both
// backlogs queued (payments that went through, reservations that ran out). A quarter of the
// buyers pay early, a quarter moments before the deadline with Stripe slow, so their charge is
// still in flight when the reservation runs out, a quarter moments after it, and a quarter
// never. Whatever order orders then handles the events in, a buyer answered 201 keeps the order
// and the ticket with one charge, and every other order is cancelled with its ticket free and
// nothing charged (architecture.md: "A payment accepted before the order's expiresAt keeps the
// order and the ticket, in whatever order the services handle the events").
import { setTimeout as sleep } from 'node:timers/promises';

import { isErrorBody, type Payment } from '../api/types';
import { auditStandingCharges } from './audit/charges';
import { waitForFinalOrders } from './audit/orders';
import { waitForQuietBus } from './audit/quiet-bus';
import { checkTickets } from './audit/tickets';
import { runDrillFromCli } from './drill-cli';
import type { DrillOptions } from './drill-options';
import { withDrillStack } from './drill-stack';
import { type PlacedOrder, placeOrders } from './place-orders';
import { type DrillReport, reportOf, Tally } from './tally';

export const RESERVATION_EXPIRED = 'Reservation expired: this order can no longer be paid';

// Every charge takes this long at Stripe: one started just before the deadline ends after it.
const SLOW_CHARGE_MS = 1_500;
// Orders stays down this long after the last deadline, so that payments has handled every
// expiration and both backlogs wait for it.
const DOWN_AFTER_LAST_DEADLINE_MS = 3_000;
// How long after the last deadline an order may take to end (cancelled or complete).
const SETTLE_MS = 90_000;

/** When each buyer pays, against the order's deadline; `never` does not pay. */
const PLAN = [
  { name: 'early', offsetMs: -3_000 },
  { name: 'just before the deadline', offsetMs: -400 },
  { name: 'just after the deadline', offsetMs: 700 },
  { name: 'never', offsetMs: undefined },
] as const;

/** How the buyer's one payment was answered. */
interface Attempt {
  order: PlacedOrder;
  status: number;
  message?: string;
  answeredAt: number;
}

async function payAt(order: PlacedOrder, offsetMs: number): Promise<Attempt> {
  await sleep(Math.max(0, order.expiresAt.getTime() + offsetMs - Date.now()));
  const reply = await order.owner.post<Payment>('/api/payments', {
    orderId: order.orderId,
    token: 'pm_card_visa',
  });
  const message = isErrorBody(reply.body) ? reply.body.errors[0]?.message : undefined;
  return { order, status: reply.status, message, answeredAt: Date.now() };
}

/** Counts the answers; 201 and 400 "Reservation expired" are what a buyer may be told here. */
function tallyAnswers(attempts: Attempt[], tally: Tally): void {
  for (const { order, status, message, answeredAt } of attempts) {
    tally.count(`payments answered ${status}`);
    if (status === 201 && answeredAt > order.expiresAt.getTime()) {
      tally.count('payments answered 201 after the deadline (charge in flight as it passed)');
    }
    if (status !== 201 && !(status === 400 && message === RESERVATION_EXPIRED)) {
      tally.unclear(`payment answered ${status} ${message ?? ''}`, order.orderId);
    }
  }
}

export async function ordersStoppedAtDeadlinesDrill(options: DrillOptions): Promise<DrillReport> {
  const tally = new Tally();
  await withDrillStack(options, options.windowSeconds, tally, async (context, stack) => {
    const { stripe } = context;
    if (!stripe) throw new Error('the drill stack has no Stripe ledger in front of stripe-mock');
    const orders = await placeOrders(context);
    tally.count('orders', orders.length);
    await waitForQuietBus(context, 'orders placed');
    options.log('orders: stopping (SIGTERM) before the first deadline');
    await stack.kill('orders', 'SIGTERM');
    const slow = stripe.delayRequests({
      path: '/v1/payment_intents',
      method: 'POST',
      times: Number.POSITIVE_INFINITY,
      ms: SLOW_CHARGE_MS,
    });
    const attempts = await Promise.all(
      orders.flatMap((order, index) => {
        const { offsetMs } = PLAN[index % PLAN.length]!;
        return offsetMs === undefined ? [] : [payAt(order, offsetMs)];
      }),
    );
    slow.clear();
    tallyAnswers(attempts, tally);
    const lastDeadline = Math.max(...orders.map((order) => order.expiresAt.getTime()));
    await sleep(Math.max(0, lastDeadline + DOWN_AFTER_LAST_DEADLINE_MS - Date.now()));
    options.log('orders: starting again with both backlogs queued');
    await stack.restart('orders');
    const book = await waitForFinalOrders(context, SETTLE_MS, tally);
    const paid = new Set(attempts.filter((a) => a.status === 201).map((a) => a.order.orderId));
    for (const { orderId } of orders) {
      const status = book.get(orderId)?.order.status;
      if (paid.has(orderId) && status !== 'complete') {
        tally.lost(`order paid in time is ${status ?? 'missing'}, not complete`, orderId);
      }
      if (!paid.has(orderId) && status === 'complete') {
        tally.duplicated('order complete though its payment was refused or never made', orderId);
      }
    }
    await checkTickets(context, book, tally);
    await auditStandingCharges(stripe.ledger, book, tally);
  });
  return reportOf('orders-stopped-at-deadlines', options.transport, tally);
}

if (require.main === module) {
  runDrillFromCli('orders-stopped-at-deadlines', ordersStoppedAtDeadlinesDrill);
}
