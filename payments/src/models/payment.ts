import mongoose, { type HydratedDocument, type Model } from 'mongoose';

/** The collection the outbox writes payments to (payments are changed only through it). */
export const PAYMENTS_COLLECTION = 'payments';

/** One charge for one order. `stripeId` is the PaymentIntent's id; `stripeRefundId` is set
 * once the money went back because the order was cancelled. */
export interface PaymentAttrs {
  orderId: string;
  stripeId: string;
  stripeRefundId?: string;
  version: number;
}

export type PaymentDoc = HydratedDocument<PaymentAttrs>;

interface PaymentJson {
  id: string;
  orderId: string;
  stripeId: string;
  stripeRefundId?: string;
}

const paymentSchema = new mongoose.Schema<PaymentAttrs, Model<PaymentAttrs>>(
  {
    // Unique: of any number of simultaneous payments for one order, the database keeps one.
    orderId: { type: String, required: true, unique: true },
    // Indexed: a Stripe event names the charge, not the order.
    stripeId: { type: String, required: true, index: true },
    stripeRefundId: { type: String },
    version: { type: Number, required: true },
  },
  {
    collection: PAYMENTS_COLLECTION,
    versionKey: false,
    toJSON: {
      transform: (_doc, stored): PaymentJson => ({
        id: String(stored._id),
        orderId: stored.orderId,
        stripeId: stored.stripeId,
        ...(stored.stripeRefundId ? { stripeRefundId: stored.stripeRefundId } : {}),
      }),
    },
  },
);

export const Payment = mongoose.model<PaymentAttrs>('Payment', paymentSchema);
