import {
  isDuplicateKeyError,
  ORDER_CREATED_HORIZON_MARGIN_MS,
  ORDER_CREATED_HORIZON_MS,
} from '@ticketing/common';
import mongoose from 'mongoose';

/**
 * The orders this service has seen cancelled, keyed by order id. `order:created` and
 * `order:cancelled` travel on separate subscriptions, so a cancellation can arrive before the
 * creation of the same order; this record makes that late `order:created` change nothing.
 * A record is kept `CANCELLATION_MEMORY_MS`: an `order:created` late by more than that is past
 * the horizon and is not applied anyway (`reserveTicket`).
 */
interface CancelledOrderFields {
  _id: string;
  ticketId: string;
  cancelledAt: Date;
}

const cancelledOrderSchema = new mongoose.Schema<CancelledOrderFields>(
  {
    _id: { type: String, required: true },
    ticketId: { type: String, required: true },
    cancelledAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'cancelled_orders' },
);
// What `forgetCancellationsBefore` deletes by; it reads nothing else.
cancelledOrderSchema.index({ cancelledAt: 1 });

export const CANCELLATION_MEMORY_MS = ORDER_CREATED_HORIZON_MS + ORDER_CREATED_HORIZON_MARGIN_MS;

export const CancelledOrder = mongoose.model<CancelledOrderFields>(
  'CancelledOrder',
  cancelledOrderSchema,
);

/** Remembers that the order is cancelled; recording it again is a no-op (insert-if-absent). */
export async function recordCancellation(orderId: string, ticketId: string): Promise<void> {
  try {
    await CancelledOrder.create({ _id: orderId, ticketId, cancelledAt: new Date() });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

export async function wasCancelled(orderId: string): Promise<boolean> {
  return (await CancelledOrder.exists({ _id: orderId })) !== null;
}

/** Deletes the cancellations recorded before `before`; resolves with how many. */
export async function forgetCancellationsBefore(before: Date): Promise<number> {
  const { deletedCount } = await CancelledOrder.deleteMany({ cancelledAt: { $lt: before } });
  return deletedCount;
}
