import { BadRequestError, type PaymentRequiredError } from '@ticketing/common';

import {
  type AttemptState,
  ChargeAttempt,
  type ChargeAttemptAttrs,
  type ChargeAttemptDoc,
  isCharge,
} from '../models/charge-attempt';
import { isOrderCancelled } from '../models/order';
import { chargeCard, lookUpCharge } from './charge-card';
import { closeIfLapsed } from './close-payment-window';
import type { PaymentServices } from './payment-services';
import { refundOrderPayment } from './refund-payment';
import { refundUnstoredCharge, type StoredPayment, storePayment } from './store-payment';

export const CANCELLED_ORDER = 'Cannot pay for a cancelled order';
export const ALREADY_PAID = 'Order is already paid';

/** Where an attempt stands: its charge is the order's payment, Stripe is still processing it,
 * or the card was refused. */
export type Settlement =
  | { result: 'paid'; payment: StoredPayment }
  | { result: 'processing'; stripeId: string }
  | { result: 'declined'; refusal: PaymentRequiredError | BadRequestError };

/**
 * Charges the attempt, or finds out what its earlier charge did, and records the outcome. An
 * attempt whose PaymentIntent is known (Stripe answered `processing`) is looked up; one whose
 * answer never came is sent again under its key (see `chargeCard`). A charge becomes the
 * order's payment, or is refunded if the order was cancelled or paid by another attempt
 * meanwhile (then the 400 saying so is thrown). A charge still processing keeps the attempt
 * charging, with its PaymentIntent noted. Stripe unreachable throws a 503 and leaves the
 * attempt charging, for the next try or the reconciler.
 */
export async function settleAttempt(
  services: PaymentServices,
  attempt: ChargeAttemptDoc,
): Promise<Settlement> {
  if (!isCharge(attempt)) {
    throw new Error(`entry ${attempt.number} of order ${attempt.orderId} is not a charge`);
  }
  const outcome = attempt.stripeId
    ? await lookUpCharge(services.stripe, attempt.stripeId)
    : await chargeCard(services.stripe, attempt);
  switch (outcome.result) {
    case 'declined':
      await markAttempt(attempt, { state: 'declined' });
      await closeIfLapsed(services, attempt.orderId);
      return outcome;
    case 'processing':
      await noteProcessing(attempt, outcome.stripeId);
      return outcome;
    case 'charged':
      break;
  }
  try {
    const payment = await recordCharge(services, attempt.orderId, outcome.stripeId);
    await markAttempt(attempt, { state: 'charged', stripeId: outcome.stripeId });
    return { result: 'paid', payment };
  } catch (error) {
    // Refused after the money went back: the attempt is over. Any other failure leaves it open.
    if (error instanceof BadRequestError) {
      await markAttempt(attempt, { state: 'charged', stripeId: outcome.stripeId });
    }
    throw error;
  }
}

/** The PaymentIntent of an attempt still processing: from now on it is looked up, not sent. */
async function noteProcessing(
  attempt: Pick<ChargeAttemptAttrs, 'orderId' | 'number'>,
  stripeId: string,
): Promise<void> {
  await ChargeAttempt.updateOne(
    { orderId: attempt.orderId, number: attempt.number, state: 'charging' },
    { $set: { stripeId } },
  );
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
