import { OrderStatus, type Outbox } from '@ticketing/common';

import { orderCancelledEvent } from '../events/publishers/order-cancelled-event';
import { doneBuyerSlot, releasedTicketLock } from '../models/order';
import { type OrderTransition, transitionOrder, type TransitionOutcome } from './transition-order';

const cancellation: OrderTransition = {
  to: OrderStatus.Cancelled,
  // Moving the lock off the ticket's id is what lets the ticket be ordered again; the buyer's
  // slot is free for another order.
  fields: (order) => ({
    ticketLock: releasedTicketLock(order.id),
    buyerSlot: doneBuyerSlot(order.id),
  }),
  events: (order, version) => [orderCancelledEvent(order, version)],
};

/** Cancels the order unless it is complete (`refused`) or cancelled already (`already`); the
 * cancellation publishes `order:cancelled`, which releases the ticket in tickets. */
export const cancelOrder = (outbox: Outbox, orderId: string): Promise<TransitionOutcome> =>
  transitionOrder(outbox, orderId, cancellation);
