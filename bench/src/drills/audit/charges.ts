import type { StripeLedger } from '@ticketing/test-kit';

import { pollUntil } from '../../util/poll';
import type { Tally } from '../tally';
import type { OrderBook } from './orders';

// A refund follows order:cancelled through the bus: a moment after the order is cancelled.
const REFUNDS_SETTLE_MS = 30_000;

const cents = (dollars: number): number => Math.round(dollars * 100);

/** Orders whose charges at Stripe are not what their status says. */
function misfits(book: OrderBook, stripe: StripeLedger): string[] {
  return [...book.values()].flatMap(({ order }) => {
    const { count } = stripe.standingCharges(order.id);
    return (order.status === 'complete' ? count === 1 : count === 0) ? [] : [order.id];
  });
}

/**
 * Counts, at Stripe's side (the drill's ledger), what every order holds: exactly one standing
 * charge (charged, not refunded) of its price for a complete order, none for any other, and no
 * charge for an order nobody listed. The 201s a drill counted cannot show a charge that was
 * made and never answered; this can. A stack whose Stripe is not recorded is not audited.
 */
export async function auditStandingCharges(
  stripe: StripeLedger | undefined,
  book: OrderBook,
  tally: Tally,
): Promise<void> {
  if (!stripe) return;
  await pollUntil(
    () => Promise.resolve(misfits(book, stripe)),
    (left) => left.length === 0,
    { intervalMs: 500, timeoutMs: REFUNDS_SETTLE_MS },
  );
  for (const { order } of book.values()) {
    const { count, amount } = stripe.standingCharges(order.id);
    if (order.status === 'complete') {
      if (count === 0) tally.lost('complete order holds no charge at Stripe', order.id);
      if (count > 1) tally.duplicated(`order holds ${count} charges at Stripe`, order.id);
      if (count === 1 && amount !== cents(order.price)) {
        tally.duplicated(
          `order charged ${amount} cents at Stripe, its price is ${order.price}`,
          order.id,
        );
      }
    } else if (count > 0) {
      tally.duplicated(`${order.status} order still holds a charge at Stripe`, order.id);
    }
  }
  for (const orderId of stripe.orderIds()) {
    if (!book.has(orderId) && stripe.standingCharges(orderId).count > 0) {
      tally.duplicated('charge at Stripe for an order nobody lists', orderId);
    }
  }
  tally.count(
    'standing charges at Stripe',
    [...book.keys()].reduce((sum, id) => sum + stripe.standingCharges(id).count, 0),
  );
  tally.count('refunds at Stripe', stripe.refunds().length);
}
