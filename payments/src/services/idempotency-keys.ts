import { createHash } from 'node:crypto';

// The card's token goes into the keys hashed: a key is sent with every request and logged by
// Stripe, and a digest keeps it short whatever the token's length.
const digestOf = (token: string): string =>
  createHash('sha256').update(token).digest('hex').slice(0, 32);

/**
 * One charge per order and card. A repeated request (a retry, a double click, a replica racing
 * another) sends the same key, so Stripe makes one charge and answers every copy with it. A
 * different card for the same order, as after a decline, is a new attempt with its own key.
 */
export const chargeKey = (orderId: string, token: string): string =>
  `payment:${orderId}:${digestOf(token)}`;

/** One PaymentMethod per order and card token: a token can be used only once. */
export const paymentMethodKey = (orderId: string, token: string): string =>
  `payment-method:${orderId}:${digestOf(token)}`;

/** One refund per charge, whoever asks for it (the route, a listener) and however often. */
export const refundKey = (stripeId: string): string => `refund:${stripeId}`;
