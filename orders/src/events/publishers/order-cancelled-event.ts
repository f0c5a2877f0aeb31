import { type OrderCancelledEvent, Subjects } from '@ticketing/common';

/** `order:cancelled` for the order's new version; the outbox publishes it with the change. */
export const orderCancelledEvent = (
  order: { id: string; ticket: string },
  version: number,
): OrderCancelledEvent => ({
  subject: Subjects.OrderCancelled,
  data: { id: order.id, version, ticket: { id: order.ticket } },
});
