import { type Event, type OrderStatus, type Outbox, VersionConflictError } from '@ticketing/common';

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

// Each attempt loses only to a change that another writer stored meanwhile; an order has few.
const MAX_ATTEMPTS = 5;

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
  const collection = Order.collection.collectionName;
  for (let attempt = 1; ; attempt++) {
    const order = await Order.findById(id);
    if (!order) return { result: 'unknown' };
    if (order.status === transition.to) return { result: 'already', order };
    if (!order.canMoveTo(transition.to)) return { result: 'refused', order };
    const version = order.version + 1;
    try {
      await outbox.commit({
        collection,
        id,
        version,
        set: { status: transition.to, ...transition.fields(order) },
        events: transition.events(order, version),
      });
      return { result: 'moved', order };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      // The writer holding this version may have died before storing it: finish it now.
      await outbox.settle(collection, id);
    }
  }
}
