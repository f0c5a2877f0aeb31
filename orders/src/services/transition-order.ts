import type { Event, OrderStatus, Outbox } from '@ticketing/common';

import { parseObjectId } from '../models/object-id';
import { Order, type OrderDoc } from '../models/order';

/** One status change: where it goes, what else it writes, what announces it. */
export interface OrderTransition {
  to: OrderStatus;
  /** Fields written together with the new status. */
  fields(order: OrderDoc): Record<string, unknown>;
  /** The events published once the change is stored, for the order's new version. */
  events(order: OrderDoc, version: number): Event[];
}

/** What happened; `order` is the order as it was read when the decision was taken. */
export type TransitionOutcome =
  | { result: 'moved'; order: OrderDoc }
  | { result: 'already'; order: OrderDoc }
  | { result: 'refused'; order: OrderDoc }
  | { result: 'unknown' };

/**
 * Moves the order to `transition.to` if the model allows it from the status it has. The
 * outbox's claim on the next version makes the read and the write one decision: when another
 * change (a cancellation racing a payment) took that version first, this one lets it finish,
 * reads the order again and decides again, so a late change never overwrites an earlier one.
 * Being in the target status already is not an error: a repeated event changes nothing.
 */
export async function transitionOrder(
  outbox: Outbox,
  orderId: string,
  transition: OrderTransition,
): Promise<TransitionOutcome> {
  const id = parseObjectId(orderId);
  if (!id) return { result: 'unknown' };
  return outbox.retryOnConflict(async (): Promise<TransitionOutcome> => {
    const order = await Order.findById(id);
    if (!order) return { result: 'unknown' };
    if (order.status === transition.to) return { result: 'already', order };
    if (!order.canMoveTo(transition.to)) return { result: 'refused', order };
    const version = order.version + 1;
    await outbox.commit({
      collection: Order.collection.collectionName,
      id,
      version,
      set: { status: transition.to, ...transition.fields(order) },
      events: transition.events(order, version),
    });
    return { result: 'moved', order };
  });
}
