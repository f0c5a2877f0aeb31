import { isDuplicateKeyError, OrderStatus, Subjects } from '@ticketing/common';
import mongoose from 'mongoose';

import { ChargeAttempt, latestAttempt } from '../models/charge-attempt';
import { Order } from '../models/order';
import { Payment } from '../models/payment';
import type { PaymentServices } from './payment-services';

/** What closing found: `closed` is the one outcome that announces anything. */
export type WindowOutcome =
  'closed' | 'already closed' | 'open' | 'charging' | 'paid' | 'cancelled' | 'unknown';

// Each lost try means another entry took the order's next number first; it is never more than
// the buyer's attempts racing this one.
const MOST_TRIES = 10;

/**
 * Decides that the order lapsed unpaid, once its reservation has run out by this service's
 * clock (`now`): the one place that decides it, since only payments knows whether a payment
 * started in time. The order's window closes unless it is paid, cancelled, or an attempt is
 * still charging (that attempt started before `expiresAt`, so it keeps the order whatever
 * Stripe takes; if it ends declined, closing is asked again then). Closing stores a `closed`
 * entry at the order's next attempt number, through the outbox with `payment:window-closed`,
 * on which orders cancels the order. The number's unique index orders it against an attempt
 * starting at the same moment: whichever takes the number first wins, and an attempt that
 * meets the closed entry is refused as expired.
 */
export async function closePaymentWindow(
  { outbox }: Pick<PaymentServices, 'outbox'>,
  orderId: string,
  now = new Date(),
): Promise<WindowOutcome> {
  for (let tries = 1; ; tries++) {
    const order = await Order.findById(orderId);
    if (!order) return 'unknown';
    if (order.status === OrderStatus.Cancelled) return 'cancelled';
    // A replica stored before payments kept expiresAt trusts the expiration it was told of.
    if (order.expiresAt && now <= order.expiresAt) return 'open';
    // The attempt first: a charge is stored as the payment before its attempt leaves
    // `charging`, so an attempt read as ended has its payment stored already, if it has one.
    const latest = await latestAttempt(orderId);
    if (latest?.state === 'charging') return 'charging';
    if (latest?.state === 'closed') return 'already closed';
    if (await Payment.exists({ orderId })) return 'paid';
    try {
      await outbox.commit({
        collection: ChargeAttempt.collection.collectionName,
        id: new mongoose.Types.ObjectId(),
        version: 0,
        set: { orderId, number: (latest?.number ?? 0) + 1, state: 'closed', startedAt: now },
        events: [{ subject: Subjects.PaymentWindowClosed, data: { orderId } }],
      });
      return 'closed';
    } catch (error) {
      if (!isDuplicateKeyError(error) || tries >= MOST_TRIES) throw error;
    }
  }
}

/**
 * After an attempt ended without a payment (declined): closes the window if the reservation
 * ran out while it was charging, since the expiration then left the decision to the attempt's
 * end. A failure here is logged and not thrown (the buyer's answer is the decline): orders'
 * sweep for overdue orders asks again.
 */
export async function closeIfLapsed(services: PaymentServices, orderId: string): Promise<void> {
  try {
    if ((await closePaymentWindow(services, orderId)) === 'closed') {
      services.logger.info(
        { orderId },
        'the last attempt ended without a payment after the reservation ran out; payment window closed',
      );
    }
  } catch (error) {
    services.logger.warn(
      { err: error, orderId },
      "closing the payment window failed; orders' sweep for overdue orders will ask again",
    );
  }
}
