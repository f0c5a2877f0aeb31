import { OrderStatus, type Outbox } from '@ticketing/common';

import { doneBuyerSlot } from '../models/order';
import { type OrderTransition, transitionOrder, type TransitionOutcome } from './transition-order';

const completion: OrderTransition = {
  to: OrderStatus.Complete,
  // A paid order no longer counts against its buyer's cap on unpaid orders.
  fields: (order) => ({ buyerSlot: doneBuyerSlot(order.id) }),
  // No event. events.md: "a change that bumps a replicated record's version is announced by an
  // event, or no later event depends on seeing it". A complete order never changes again (the
  // model allows no move from it), so no later order event can wait for this version.
  events: () => [],
};

/** Marks the order paid unless it was cancelled first (`refused`) or is paid already
 * (`already`). */
export const completeOrder = (outbox: Outbox, orderId: string): Promise<TransitionOutcome> =>
  transitionOrder(outbox, orderId, completion);
