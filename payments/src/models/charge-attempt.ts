import mongoose, { type HydratedDocument, type Model } from 'mongoose';

/**
 * - `charging`: recorded before Stripe was called; what Stripe did is not known yet.
 * - `charged`: Stripe charged the card; the charge is the order's payment or was refunded.
 * - `declined`: Stripe refused the card; no money moved.
 * - `closed`: no charge: the order's reservation ran out with no attempt charging, and this
 *   entry took the order's next number so that no attempt can start after it
 *   (`closePaymentWindow`).
 */
export type AttemptState = 'charging' | 'charged' | 'declined' | 'closed';

/**
 * One try at charging an order, recorded before Stripe is called, so a charge whose answer is
 * lost (a timeout, a crash) is on record and can be settled. `number` counts the order's
 * attempts from 1; with the order it makes the charge's idempotency key, so replaying an
 * attempt can never charge twice. `paymentMethod` is what the attempt charges: the replay
 * sends the same parameters.
 */
export interface ChargeAttemptAttrs {
  orderId: string;
  number: number;
  /** What the attempt charges; unset on a `closed` entry. */
  paymentMethod?: string;
  amountInCents?: number;
  state: AttemptState;
  /** The PaymentIntent, once Stripe answered. */
  stripeId?: string;
  startedAt: Date;
}

export type ChargeAttemptDoc = HydratedDocument<ChargeAttemptAttrs>;

/** An entry that charges a card: every state but `closed`. */
export type Charge = ChargeAttemptAttrs & { paymentMethod: string; amountInCents: number };

export const isCharge = (attempt: ChargeAttemptAttrs): attempt is Charge =>
  attempt.state !== 'closed' &&
  attempt.paymentMethod !== undefined &&
  attempt.amountInCents !== undefined;

function isACharge(this: ChargeAttemptAttrs): boolean {
  return this.state !== 'closed';
}

const chargeAttemptSchema = new mongoose.Schema<ChargeAttemptAttrs, Model<ChargeAttemptAttrs>>(
  {
    orderId: { type: String, required: true },
    number: { type: Number, required: true },
    paymentMethod: { type: String, required: isACharge },
    amountInCents: { type: Number, required: isACharge },
    state: { type: String, required: true, enum: ['charging', 'charged', 'declined', 'closed'] },
    stripeId: { type: String },
    startedAt: { type: Date, required: true },
  },
  { collection: 'charge_attempts', versionKey: false },
);

// Unique: of simultaneous requests starting an order's next attempt, one gets the number.
chargeAttemptSchema.index({ orderId: 1, number: 1 }, { unique: true });
// What the reconciler looks for: attempts still charging, oldest first.
chargeAttemptSchema.index({ state: 1, startedAt: 1 });

export const ChargeAttempt = mongoose.model<ChargeAttemptAttrs>(
  'ChargeAttempt',
  chargeAttemptSchema,
);

/** The order's latest attempt, if it has any. */
export const latestAttempt = (orderId: string): Promise<ChargeAttemptDoc | null> =>
  ChargeAttempt.findOne({ orderId }).sort({ number: -1 });
