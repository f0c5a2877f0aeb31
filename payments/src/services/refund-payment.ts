import Stripe from 'stripe';

import { Payment, PAYMENTS_COLLECTION } from '../models/payment';
import { refundKey } from './idempotency-keys';
import type { PaymentServices } from './payment-services';
import { providerErrorFrom } from './stripe-errors';

/** Gives the whole charge back; resolves with the refund's id. Asked twice, Stripe makes one
 * refund (same idempotency key); a charge refunded some other way (the Dashboard) is found. */
export async function refundCharge(stripe: Stripe, stripeId: string): Promise<string> {
  try {
    const refund = await stripe.refunds.create(
      { payment_intent: stripeId },
      { idempotencyKey: refundKey(stripeId) },
    );
    return refund.id;
  } catch (error) {
    const refundedElsewhere =
      error instanceof Stripe.errors.StripeInvalidRequestError &&
      error.code === 'charge_already_refunded';
    const earlier = refundedElsewhere
      ? (await stripe.refunds.list({ payment_intent: stripeId, limit: 1 })).data[0]
      : undefined;
    if (earlier) return earlier.id;
    throw providerErrorFrom(error);
  }
}

/**
 * Refunds the payment stored for the order unless it is refunded already, and records the
 * refund on it (`stripeRefundId`, no event). Safe to call again, and from several places at
 * once: Stripe makes one refund per charge, and the outbox's version claim lets one writer
 * record it while the others re-read and find it done.
 */
export async function refundOrderPayment(
  services: PaymentServices,
  orderId: string,
): Promise<void> {
  await services.outbox.retryOnConflict(async () => {
    const payment = await Payment.findOne({ orderId });
    if (!payment || payment.stripeRefundId) return;
    const stripeRefundId = await refundCharge(services.stripe, payment.stripeId);
    await services.outbox.commit({
      collection: PAYMENTS_COLLECTION,
      id: payment._id,
      version: payment.version + 1,
      set: { stripeRefundId },
      events: [],
    });
    services.logger.info(
      { orderId, paymentId: payment.id, stripeId: payment.stripeId, stripeRefundId },
      'payment refunded: the order is cancelled',
    );
  });
}
