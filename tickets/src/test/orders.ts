import { type OrderCancelledEvent, type OrderCreatedEvent, OrderStatus } from '@ticketing/common';
import mongoose from 'mongoose';

export const newOrderId = (): string => new mongoose.Types.ObjectId().toHexString();

/** An `order:created` payload for the ticket, as orders publishes it. */
export function orderCreatedData(
  ticket: { id: string; price: number },
  overrides: Partial<OrderCreatedEvent['data']> = {},
): OrderCreatedEvent['data'] {
  return {
    id: newOrderId(),
    version: 0,
    status: OrderStatus.Created,
    userId: 'buyer-id',
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    ticket: { id: ticket.id, price: ticket.price },
    ...overrides,
  };
}

/** The `order:cancelled` payload for an order (version 1: its one change after creation). */
export function orderCancelledData(order: OrderCreatedEvent['data']): OrderCancelledEvent['data'] {
  return { id: order.id, version: order.version + 1, ticket: { id: order.ticket.id } };
}
