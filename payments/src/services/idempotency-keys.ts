import { createHash } from 'node:crypto';

/**
 * One charge per attempt at paying an order. Whatever repeats the attempt (the SDK's retries,
 * a buyer clicking Pay again after a lost answer, the reconciler) sends the same key with the
 * same request, so Stripe makes one charge and answers every copy with it. The card is not in
 * the key: a new card after a lost answer must not make a second charge.
 */
export const chargeKey = (orderId: string, attempt: number): string =>
  `payment:${orderId}:${attempt}`;

// A token goes into the key hashed: a key is sent with every request and logged by Stripe, and a
// digest keeps it short whatever the token's length.
const digestOf = (token: string): string =>
  createHash('sha256').update(token).digest('hex').slice(0, 32);

/** One PaymentMethod per order and card token: a token can be used only once. */
export const paymentMethodKey = (orderId: string, token: string): string =>
  `payment-method:${orderId}:${digestOf(token)}`;

/** One refund per charge, whoever asks for it (the route, a listener) and however often. */
export const refundKey = (stripeId: string): string => `refund:${stripeId}`;
