import { type OrderCreatedEvent, Subjects } from '@ticketing/common';

import type { OrderAttrs } from '../../models/order';

/** `order:created` for a new order; the outbox publishes it once the order is stored. */
export const orderCreatedEvent = (
  id: string,
  order: Pick<OrderAttrs, 'userId' | 'status' | 'expiresAt' | 'version' | 'price' | 'ticket'>,
): OrderCreatedEvent => ({
  subject: Subjects.OrderCreated,
  data: {
    id,
    version: order.version,
    status: order.status,
    userId: order.userId,
    expiresAt: order.expiresAt.toISOString(),
    // Payments charges this price: the order's, which the buyer was shown.
    ticket: { id: order.ticket, price: order.price },
  },
});
