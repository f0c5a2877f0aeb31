import { OrderStatus, type Outbox } from '@ticketing/common';
import mongoose from 'mongoose';

import { orderCreatedEvent } from '../events/publishers/order-created-event';
import { Order, type OrderAttrs, type OrderDoc } from '../models/order';
import type { TicketDoc } from '../models/ticket';

export interface PlaceOrderInput {
  outbox: Outbox;
  ticket: TicketDoc;
  userId: string;
  /** How long the ticket stays reserved for the buyer. */
  expirationWindowSeconds: number;
  now?: Date;
}

/**
 * Reserves the ticket for the buyer and returns the new order as stored. The reservation is
 * one insert: the order's `ticketLock` is the ticket's id, and its unique index lets only one
 * active order per ticket exist, however many buyers and replicas race. A loser gets the
 * server's duplicate-key error and nothing is published.
 */
export async function placeOrder(input: PlaceOrderInput): Promise<OrderDoc> {
  const { outbox, ticket, userId, now = new Date() } = input;
  const id = new mongoose.Types.ObjectId();
  const order: Omit<OrderAttrs, 'version'> = {
    userId,
    status: OrderStatus.Created,
    expiresAt: new Date(now.getTime() + input.expirationWindowSeconds * 1_000),
    price: ticket.price,
    ticket: ticket.id,
    ticketLock: ticket.id,
  };
  await outbox.commit({
    collection: Order.collection.collectionName,
    id,
    version: 0,
    set: order,
    events: [orderCreatedEvent(id.toHexString(), { ...order, version: 0 })],
  });
  // Exactly what was written: the commit either stored it all or threw.
  return Order.hydrate({ _id: id, ...order, version: 0 });
}
