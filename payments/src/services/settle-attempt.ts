import { BadRequestError, type PaymentRequiredError } from '@ticketing/common';

import {
  type AttemptState,
  ChargeAttempt,
  type ChargeAttemptAttrs,
  type ChargeAttemptDoc,
  isCharge,
} from '../models/charge-attempt';
import { isOrderCancelled } from '../models/order';
import { chargeCard } from './charge-card';
import { closeIfLapsed } from './close-payment-window';
import type { PaymentServices } from './payment-services';
import { refundOrderPayment } from './refund-payment';
import { refundUnstoredCharge, type StoredPayment, storePayment } from './store-payment';

export const CANCELLED_ORDER = 'Cannot pay for a cancelled order';
export const ALREADY_PAID = 'Order is already paid';

/** How an attempt ended: its charge is the order's payment, or the card was refused. */
export type Settlement =
  | { paid: true; payment: StoredPayment }
  | { paid: false; refusal: PaymentRequiredError | BadRequestError };

/**
 * Charges the attempt, or finds out what its earlier charge did (the request is sent again
 * under the same key; see `chargeCard`), and records the outcome. A charge becomes the order's
 * payment, or is refunded if the order was cancelled or paid by another attempt meanwhile
 * (then the 400 saying so is thrown). Stripe unreachable throws a 503 and leaves the attempt
 * charging, for the next try or the reconciler.
 */
export async function settleAttempt(
  services: PaymentServices,
  attempt: ChargeAttemptDoc,
): Promise<Settlement> {
  if (!isCharge(attempt)) {
    throw new Error(`entry ${attempt.number} of order ${attempt.orderId} is not a charge`);
  }
  const outcome = await chargeCard(services.stripe, attempt);
  if (!outcome.charged) {
    await markAttempt(attempt, { state: 'declined' });
    await closeIfLapsed(services, attempt.orderId);
    return { paid: false, refusal: outcome.refusal };
  }
  try {
    const payment = await recordCharge(services, attempt.orderId, outcome.stripeId);
    await markAttempt(attempt, { state: 'charged', stripeId: outcome.stripeId });
    return { paid: true, payment };
  } catch (error) {
    // Refused after the money went back: the attempt is over. Any other failure leaves it open.
    if (error instanceof BadRequestError) {
      await markAttempt(attempt, { state: 'charged', stripeId: outcome.stripeId });
    }
    throw error;
  }
}

/** How an attempt ended, and the PaymentIntent it made if Stripe said. */
export interface AttemptEnd {
  state: Extract<AttemptState, 'charged' | 'declined'>;
  stripeId?: string;
}

/** Only a charging attempt moves: settled twice at once, both reach the same end. */
export async function markAttempt(
  attempt: Pick<ChargeAttemptAttrs, 'orderId' | 'number'>,
  { state, stripeId }: AttemptEnd,
): Promise<void> {
  await ChargeAttempt.updateOne(
    { orderId: attempt.orderId, number: attempt.number, state: 'charging' },
    { $set: { state, ...(stripeId ? { stripeId } : {}) } },
  );
}

/**
 * Stores the charge as the order's payment, unless the order was cancelled (it expired) while
 * the card was being charged: then the charge is stored without payment:created, refunded,
 * and refused. A charge the order already holds (this attempt, settled before) is answered as
 * it is; a second charge is refunded and refused.
 */
export async function recordCharge(
  services: PaymentServices,
  orderId: string,
  stripeId: string,
): Promise<StoredPayment> {
  const cancelledDuringCharge = await isOrderCancelled(orderId);
  const payment = await storePayment(services.outbox, {
    orderId,
    stripeId,
    announce: !cancelledDuringCharge,
  });
  // Looked at again once the payment is stored: an order:cancelled handled between the first
  // look and the store found no payment to refund, so the refund falls to this request.
  if (payment && !cancelledDuringCharge && !(await isOrderCancelled(orderId))) return payment;
  if (!payment) {
    await refundUnstoredCharge(services, orderId, stripeId);
    if (!cancelledDuringCharge) throw new BadRequestError(ALREADY_PAID);
  }
  await refundOrderPayment(services, orderId);
  throw new BadRequestError(CANCELLED_ORDER);
}
