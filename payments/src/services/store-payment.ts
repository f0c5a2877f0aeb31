import { isDuplicateKeyError, type Outbox, Subjects } from '@ticketing/common';
import mongoose from 'mongoose';

import { Payment, PAYMENTS_COLLECTION } from '../models/payment';
import type { PaymentServices } from './payment-services';
import { refundCharge } from './refund-payment';

/** A payment as the API answers it and payment:created carries it. */
export interface StoredPayment {
  id: string;
  orderId: string;
  stripeId: string;
}

export interface NewPayment {
  orderId: string;
  stripeId: string;
  /** Publish payment:created with it; false for a charge that is about to be refunded. */
  announce: boolean;
}

/**
 * Stores the charge as the order's payment (version 0, through the outbox). Resolves with it,
 * or with undefined when the order has a payment already: of any number of simultaneous
 * payments for one order, the unique `orderId` index lets exactly one in.
 */
export async function storePayment(
  outbox: Outbox,
  { orderId, stripeId, announce }: NewPayment,
): Promise<StoredPayment | undefined> {
  const id = new mongoose.Types.ObjectId();
  const payment: StoredPayment = { id: id.toHexString(), orderId, stripeId };
  try {
    await outbox.commit({
      collection: PAYMENTS_COLLECTION,
      id,
      version: 0,
      set: { orderId, stripeId },
      events: announce ? [{ subject: Subjects.PaymentCreated, data: payment }] : [],
    });
    return payment;
  } catch (error) {
    if (isDuplicateKeyError(error)) return undefined;
    throw error;
  }
}

/**
 * For a charge that lost the race to be stored. When Stripe matched its idempotency key it
 * is the stored charge itself, and there is nothing to do. Otherwise it is a second charge
 * (another card, paid at the same moment) and its money goes back.
 */
export async function refundUnstoredCharge(
  services: PaymentServices,
  orderId: string,
  stripeId: string,
): Promise<void> {
  const stored = await Payment.findOne({ orderId });
  if (stored?.stripeId === stripeId) return;
  const stripeRefundId = await refundCharge(services.stripe, stripeId);
  services.logger.warn(
    { orderId, stripeId, stripeRefundId, storedStripeId: stored?.stripeId },
    'refunded a second charge for an order that already has a payment',
  );
}
