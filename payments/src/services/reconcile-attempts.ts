import { BadRequestError, ServiceUnavailableError } from '@ticketing/common';

import { ChargeAttempt } from '../models/charge-attempt';
import type { PaymentServices } from './payment-services';
import { settleAttempt } from './settle-attempt';

// Stripe keeps an idempotency key's result for at least 24 hours: until then, sending the
// attempt's request again answers what it did. An attempt older than that whose PaymentIntent
// is not known is left to an operator (search the Dashboard by `metadata.orderId`), never
// charged again blindly; one whose PaymentIntent is known (it was processing) is looked up.
const KEY_LIFETIME_MS = 23 * 60 * 60 * 1_000;

export interface ReconcileOptions {
  /** How long an attempt may be charging before it counts as abandoned: longer than the
   * longest a charge can take, so a charge still in flight is left alone. */
  abandonedAfterMs: number;
  /** Most attempts one pass settles (default 100); the next pass takes the rest. */
  batchSize?: number;
  now?: Date;
}

/**
 * Settles every attempt left charging: its answer was lost, the process stopped or crashed
 * mid-charge, storing the outcome failed, or Stripe was still processing the charge. Each is
 * sent to Stripe again under its own key (which makes no second charge), or looked up by its
 * PaymentIntent, and its outcome is recorded as the buyer's request would have: the order's
 * payment, announced if the order is still payable, or refunded. Resolves with how many it
 * settled; one that cannot be settled now (or is still processing) is tried on the next pass.
 */
export async function reconcileAttempts(
  services: PaymentServices,
  { abandonedAfterMs, batchSize = 100, now = new Date() }: ReconcileOptions,
): Promise<number> {
  const abandoned = await ChargeAttempt.find({
    state: 'charging',
    startedAt: { $lt: new Date(now.getTime() - abandonedAfterMs) },
    $or: [
      { startedAt: { $gt: new Date(now.getTime() - KEY_LIFETIME_MS) } },
      { stripeId: { $exists: true } },
    ],
  })
    .sort({ startedAt: 1 })
    .limit(batchSize);
  let settled = 0;
  for (const attempt of abandoned) {
    const about = { orderId: attempt.orderId, attempt: attempt.number };
    try {
      const outcome = await settleAttempt(services, attempt);
      switch (outcome.result) {
        case 'paid':
          services.logger.info(
            { ...about, stripeId: outcome.payment.stripeId },
            'abandoned charge settled: the payment is recorded',
          );
          break;
        case 'declined':
          services.logger.info(about, 'abandoned charge settled: the card was declined');
          break;
        case 'processing':
          services.logger.info(
            { ...about, stripeId: outcome.stripeId },
            'charge still processing at Stripe; will look again',
          );
          continue;
      }
      settled++;
    } catch (error) {
      if (error instanceof BadRequestError) {
        services.logger.info(
          { ...about, reason: error.message },
          'abandoned charge settled: refunded',
        );
        settled++;
      } else {
        const err = error instanceof ServiceUnavailableError ? error.cause : error;
        services.logger.warn({ ...about, err }, 'abandoned charge not settled yet; will try again');
      }
    }
  }
  return settled;
}
