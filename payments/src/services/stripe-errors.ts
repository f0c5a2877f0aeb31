import { BadRequestError, PaymentRequiredError, ServiceUnavailableError } from '@ticketing/common';
import Stripe from 'stripe';

// The SDK has already retried these (with the same idempotency key) before giving up.
const PROVIDER_FAILURES = [
  Stripe.errors.StripeConnectionError,
  Stripe.errors.StripeAPIError,
  Stripe.errors.StripeRateLimitError,
  // Also raised while another request with the same key is still in flight at Stripe.
  Stripe.errors.StripeIdempotencyError,
];

/** Parameters of ours that hold what the buyer sent: an error about them is the buyer's. */
const BUYER_PARAMS = /^(payment_method|card|token)\b/;

/** Stripe's failures to reach or to answer, as a 503 the buyer may retry (nothing is charged
 * twice: every charge carries an idempotency key), with Stripe's error as the logged `cause`;
 * anything else as is. */
export function providerErrorFrom(error: unknown): unknown {
  return PROVIDER_FAILURES.some((kind) => error instanceof kind)
    ? new ServiceUnavailableError('Payment provider unavailable, please try again', {
        cause: error,
      })
    : error;
}

/**
 * What a failed charge means for the buyer: a declined card is a 402 with Stripe's message
 * (written to be shown to the card holder); an unknown or spent token a 400 on `token`;
 * Stripe unreachable a 503. Anything else (a bad key, a bug of ours) stays a 500.
 */
export function chargeErrorFrom(error: unknown): unknown {
  if (error instanceof Stripe.errors.StripeCardError) {
    return new PaymentRequiredError(error.message);
  }
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    BUYER_PARAMS.test(error.param ?? '')
  ) {
    return new BadRequestError(error.message, 'token');
  }
  return providerErrorFrom(error);
}
