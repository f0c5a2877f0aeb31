import { BadRequestError } from '@ticketing/common';
import type Stripe from 'stripe';

import { Order } from '../models/order';
import { Payment, PAYMENTS_COLLECTION } from '../models/payment';
import { closeIfLapsed } from './close-payment-window';
import type { PaymentServices } from './payment-services';
import { markAttempt, recordCharge } from './settle-attempt';

/** What a webhook event did, for the log line. */
export type EventOutcome = 'recorded' | 'refunded' | 'declined' | 'refund recorded' | 'ignored';

/**
 * Feeds a Stripe event into the settlement the routes and the reconciler use; delivered again
 * (Stripe retries until it gets a 2xx), it changes nothing more. A charge that succeeded is
 * the order's payment (announced) unless the order was cancelled or paid otherwise, and then
 * it is refunded; a failed charge ends its attempt as declined; a refund made elsewhere (the
 * Dashboard) is recorded on the payment. Events about no order of ours are ignored.
 */
export async function settleStripeEvent(
  services: PaymentServices,
  event: Stripe.Event,
): Promise<EventOutcome> {
  switch (event.type) {
    case 'payment_intent.succeeded':
      return recordSucceeded(services, event.data.object);
    case 'payment_intent.payment_failed':
      return recordFailed(services, event.data.object);
    case 'charge.refunded':
      return recordRefunded(services, event.data.object);
    default:
      return 'ignored';
  }
}

/** The order and attempt the charge was made for, from the metadata `chargeCard` sets. */
async function chargedFor(
  intent: Stripe.PaymentIntent,
): Promise<{ orderId: string; number: number } | undefined> {
  const { orderId, attempt } = intent.metadata;
  if (!orderId || !(await Order.exists({ _id: orderId }))) return undefined;
  return { orderId, number: Number(attempt) };
}

async function recordSucceeded(
  services: PaymentServices,
  intent: Stripe.PaymentIntent,
): Promise<EventOutcome> {
  const attempt = await chargedFor(intent);
  if (!attempt) return 'ignored';
  let outcome: EventOutcome = 'recorded';
  try {
    await recordCharge(services, attempt.orderId, intent.id);
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    outcome = 'refunded';
  }
  await markAttempt(attempt, { state: 'charged', stripeId: intent.id });
  return outcome;
}

async function recordFailed(
  services: PaymentServices,
  intent: Stripe.PaymentIntent,
): Promise<EventOutcome> {
  const attempt = await chargedFor(intent);
  if (!attempt) return 'ignored';
  await markAttempt(attempt, { state: 'declined', stripeId: intent.id });
  await closeIfLapsed(services, attempt.orderId);
  return 'declined';
}

async function recordRefunded(
  services: PaymentServices,
  charge: Stripe.Charge,
): Promise<EventOutcome> {
  const stripeId =
    typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
  const payment = stripeId ? await Payment.findOne({ stripeId }) : null;
  if (!stripeId || !payment) return 'ignored';
  if (payment.stripeRefundId) return 'refund recorded';
  const [refund] = (await services.stripe.refunds.list({ payment_intent: stripeId, limit: 1 }))
    .data;
  if (!refund) return 'ignored';
  await services.outbox.retryOnConflict(async () => {
    const current = await Payment.findById(payment._id);
    if (!current || current.stripeRefundId) return;
    await services.outbox.commit({
      collection: PAYMENTS_COLLECTION,
      id: current._id,
      version: current.version + 1,
      set: { stripeRefundId: refund.id },
      events: [],
    });
  });
  return 'refund recorded';
}
