import { randomInt } from 'node:crypto';

import {
  BadRequestError,
  ConflictError,
  isDuplicateKeyError,
  OrderStatus,
  type Outbox,
} from '@ticketing/common';
import mongoose from 'mongoose';

import { orderCreatedEvent } from '../events/publishers/order-created-event';
import { buyerSlot, Order, type OrderAttrs, type OrderDoc, UNPAID_STATUSES } from '../models/order';
import type { TicketDoc } from '../models/ticket';

export interface PlaceOrderInput {
  outbox: Outbox;
  ticket: TicketDoc;
  userId: string;
  /** How long the ticket stays reserved for the buyer. */
  expirationWindowSeconds: number;
  /** How many unpaid orders one buyer may hold at once. */
  maxActiveOrders: number;
  now?: Date;
}

// Enough for every slot of the default cap twice; a request that loses more races than this
// to its own buyer's orders is answered 409 rather than kept waiting.
const MOST_SLOT_TRIES = 50;

export const tooManyActiveOrders = (max: number): string =>
  `You already hold ${max} unpaid orders; pay for or cancel one first`;

/**
 * Reserves the ticket for the buyer and returns the new order as stored. The reservation is
 * one insert: the order's `ticketLock` is the ticket's id, and its unique index lets only one
 * active order per ticket exist, however many buyers and replicas race (a loser gets the
 * server's duplicate-key error, and nothing is published). The same insert takes one of the
 * buyer's slots (`buyerSlot`, unique too): a buyer holding every slot is refused, and a slot
 * taken by the buyer's own order at the same moment is looked for again.
 */
export async function placeOrder(input: PlaceOrderInput): Promise<OrderDoc> {
  const { outbox, ticket, userId, now = new Date() } = input;
  // Every lost slot went to another order of this buyer; slots freed meanwhile are the rest.
  const tries = Math.min(2 * input.maxActiveOrders, MOST_SLOT_TRIES);
  for (let tried = 0; tried < tries; tried++) {
    const slot = await freeBuyerSlot(userId, input.maxActiveOrders);
    const order: Omit<OrderAttrs, 'version'> = {
      userId,
      status: OrderStatus.Created,
      expiresAt: new Date(now.getTime() + input.expirationWindowSeconds * 1_000),
      price: ticket.price,
      ticket: ticket.id,
      ticketLock: ticket.id,
      buyerSlot: slot,
    };
    const id = new mongoose.Types.ObjectId();
    try {
      await outbox.commit({
        collection: Order.collection.collectionName,
        id,
        version: 0,
        set: order,
        events: [orderCreatedEvent(id.toHexString(), { ...order, version: 0 })],
      });
      // Exactly what was written: the commit either stored it all or threw.
      return Order.hydrate({ _id: id, ...order, version: 0 });
    } catch (error) {
      if (!isDuplicateKeyError(error) || (await Order.exists({ ticketLock: ticket.id }))) {
        throw error;
      }
    }
  }
  throw new ConflictError('Too many of your orders at once; try again');
}

/**
 * A slot no unpaid order of the buyer holds, looked for from a random one; refused when they
 * hold all of them. From the first slot, a buyer's simultaneous orders (a prober's eight, a
 * double click) would all want the same one, and all but one try again, round after round,
 * each round a read of the buyer's orders: with a high cap, long enough for a request to go
 * unanswered.
 */
async function freeBuyerSlot(userId: string, max: number): Promise<string> {
  const held = await Order.find({ userId, status: { $in: UNPAID_STATUSES } }, { buyerSlot: 1 });
  const taken = new Set(held.map((order) => order.buyerSlot));
  const start = randomInt(max);
  for (let step = 0; step < max; step++) {
    const slot = buyerSlot(userId, (start + step) % max);
    if (!taken.has(slot)) return slot;
  }
  throw new BadRequestError(tooManyActiveOrders(max));
}
