import { BadRequestError, PaymentRequiredError } from '@ticketing/common';
import type Stripe from 'stripe';

import type { Charge } from '../models/charge-attempt';
import { chargeKey, paymentMethodKey } from './idempotency-keys';
import { chargeErrorFrom } from './stripe-errors';

/**
 * What Stripe made of a charge. Only a PaymentIntent that `succeeded` is a payment; one still
 * `processing` (some banks and payment methods take a while) is neither paid nor refused yet,
 * and waits for the webhook or the reconciler to look it up again.
 */
export type ChargeOutcome =
  | { result: 'charged'; stripeId: string }
  | { result: 'processing'; stripeId: string }
  | { result: 'declined'; refusal: PaymentRequiredError | BadRequestError };

const DECLINED = 'Your card was declined.';

type ChargeRequest = Pick<Charge, 'orderId' | 'number' | 'paymentMethod' | 'amountInCents'>;

/**
 * Charges the attempt's card: a PaymentIntent in USD, confirmed here on the server, under the
 * attempt's idempotency key. Sent again for the same attempt, the request is the same, so
 * Stripe answers with the charge it made (or makes it now, if the first never arrived).
 * A declined card or a bad PaymentMethod is an outcome; Stripe unreachable throws a 503.
 */
export async function chargeCard(stripe: Stripe, charge: ChargeRequest): Promise<ChargeOutcome> {
  try {
    const intent = await stripe.paymentIntents.create(
      {
        amount: charge.amountInCents,
        currency: 'usd',
        payment_method: charge.paymentMethod,
        confirm: true,
        // There is no page to send the buyer to (3-D Secure, a bank's redirect): a card that
        // needs one is declined (a card error) instead of leaving the intent waiting.
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        error_on_requires_action: true,
        // What the webhook and a lookup settle the charge by.
        metadata: { orderId: charge.orderId, attempt: String(charge.number) },
      },
      { idempotencyKey: chargeKey(charge.orderId, charge.number) },
    );
    return outcomeOf(intent);
  } catch (error) {
    const mapped = chargeErrorFrom(error);
    if (mapped instanceof PaymentRequiredError || mapped instanceof BadRequestError) {
      return { result: 'declined', refusal: mapped };
    }
    throw mapped;
  }
}

/**
 * Where a charge Stripe answered stands now, by its PaymentIntent: what settles an attempt left
 * `processing`. (Sending its request again would only replay the answer Stripe stored for the
 * key, `processing` again.) Stripe unreachable throws a 503.
 */
export async function lookUpCharge(stripe: Stripe, stripeId: string): Promise<ChargeOutcome> {
  try {
    return outcomeOf(await stripe.paymentIntents.retrieve(stripeId));
  } catch (error) {
    throw chargeErrorFrom(error);
  }
}

function outcomeOf(intent: Stripe.PaymentIntent): ChargeOutcome {
  switch (intent.status) {
    case 'succeeded':
      return { result: 'charged', stripeId: intent.id };
    // Confirmed and failed (a charge refused later, or cancelled): no money moved.
    case 'requires_payment_method':
    case 'canceled':
      return {
        result: 'declined',
        refusal: new PaymentRequiredError(intent.last_payment_error?.message ?? DECLINED),
      };
    // `processing`, and the states a confirmed, automatically captured charge should not
    // stop in (`error_on_requires_action` refuses 3-D Secure): not a payment until it is one.
    default:
      return { result: 'processing', stripeId: intent.id };
  }
}

/**
 * The PaymentMethod to charge for the buyer's `token`. A PaymentMethod id is used as it is. A
 * card token (legacy Checkout, Elements' createToken) first becomes a PaymentMethod, the way the
 * API documents for tokens (`card: {token}`); `payment_method_data` has no `card` variant in
 * Stripe's published API description, which is what the SDK's types and stripe-mock follow.
 */
export async function paymentMethodFor(
  stripe: Stripe,
  orderId: string,
  token: string,
): Promise<string> {
  if (token.startsWith('pm_')) return token;
  try {
    const method = await stripe.paymentMethods.create(
      { type: 'card', card: { token } },
      { idempotencyKey: paymentMethodKey(orderId, token) },
    );
    return method.id;
  } catch (error) {
    throw chargeErrorFrom(error);
  }
}
