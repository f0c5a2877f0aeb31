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
 * Stores the charge as the order's payment (version 0, through the outbox), and resolves with
 * it. Of any number of simultaneous payments for one order, the unique `orderId` index lets
 * exactly one in: when the order holds this very charge already (a replayed attempt), resolves
 * with that; when it holds another charge, with undefined.
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
    if (!isDuplicateKeyError(error)) throw error;
    const stored = await Payment.findOne({ orderId });
    return stored?.stripeId === stripeId
      ? { id: stored.id as string, orderId, stripeId }
      : undefined;
  }
}

/** A second charge for an order that already has a payment (another attempt, paid at the same
 * moment): its money goes back. */
export async function refundUnstoredCharge(
  services: PaymentServices,
  orderId: string,
  stripeId: string,
): Promise<void> {
  const stripeRefundId = await refundCharge(services.stripe, stripeId);
  services.logger.warn(
    { orderId, stripeId, stripeRefundId },
    'refunded a second charge for an order that already has a payment',
  );
}
