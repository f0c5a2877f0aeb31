import type Stripe from 'stripe';

import { chargeKey, paymentMethodKey } from './idempotency-keys';
import { chargeErrorFrom } from './stripe-errors';

export interface Charge {
  orderId: string;
  amountInCents: number;
  /** A card token (`tok_...`) or a PaymentMethod id (`pm_...`). */
  token: string;
}

/**
 * Charges the card once for the order: a PaymentIntent in USD, confirmed here on the server.
 * Resolves with the PaymentIntent's id. Throws the buyer's error (402 declined, 400 bad token)
 * or a 503 when Stripe cannot be reached; see `chargeErrorFrom`.
 */
export async function chargeCard(stripe: Stripe, charge: Charge): Promise<string> {
  try {
    const intent = await stripe.paymentIntents.create(
      {
        amount: charge.amountInCents,
        currency: 'usd',
        payment_method: await paymentMethodFor(stripe, charge),
        confirm: true,
        // There is no page to send the buyer to (3-D Secure, a bank's redirect): a card that
        // needs one is declined (a card error) instead of leaving the intent waiting.
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        error_on_requires_action: true,
        metadata: { orderId: charge.orderId },
      },
      { idempotencyKey: chargeKey(charge.orderId, charge.token) },
    );
    return intent.id;
  } catch (error) {
    throw chargeErrorFrom(error);
  }
}

/**
 * A PaymentMethod id is used as it is. A card token (legacy Checkout, Elements' createToken)
 * first becomes a PaymentMethod, the way the API documents for tokens (`card: {token}`);
 * `payment_method_data` has no `card` variant in Stripe's published API description, which
 * is what the SDK's types and stripe-mock follow.
 */
async function paymentMethodFor(stripe: Stripe, { orderId, token }: Charge): Promise<string> {
  if (token.startsWith('pm_')) return token;
  const method = await stripe.paymentMethods.create(
    { type: 'card', card: { token } },
    { idempotencyKey: paymentMethodKey(orderId, token) },
  );
  return method.id;
}
