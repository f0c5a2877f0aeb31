import {
  type OrderCancelledEvent,
  type OrderCreatedEvent,
  OrderStatus,
  type Outbox,
} from '@ticketing/common';
import mongoose from 'mongoose';

import { Order, type OrderAttrs, type OrderDoc } from '../models/order';
import { type StoredPayment, storePayment } from '../services/store-payment';

/** A MongoDB id, as orders and auth give them, unique per call. */
export const newId = (): string => new mongoose.Types.ObjectId().toHexString();

/** An order replica as order:created leaves it: version 0, status created, $20, reserved for
 * 15 minutes from now. */
export const buildOrder = (overrides: Partial<OrderAttrs> = {}): OrderAttrs => ({
  _id: newId(),
  version: 0,
  userId: newId(),
  price: 20,
  status: OrderStatus.Created,
  expiresAt: new Date(Date.now() + 15 * 60_000),
  ...overrides,
});

/** Stores an order replica (the arrange step of a route test). */
export const storeOrder = (overrides: Partial<OrderAttrs> = {}): Promise<OrderDoc> =>
  Order.create(buildOrder(overrides));

/** Stores a payment for an order as if it had been taken earlier (through the outbox, as the
 * service does, without announcing it). */
export async function storePaymentFor(
  outbox: Outbox,
  orderId: string,
  stripeId = 'pi_taken_earlier',
): Promise<StoredPayment> {
  const payment = await storePayment(outbox, { orderId, stripeId, announce: false });
  if (!payment) throw new Error(`order ${orderId} has a payment already`);
  return payment;
}

/** An order:created payload for a fresh order. */
export const buildOrderCreated = (
  overrides: Partial<OrderCreatedEvent['data']> = {},
): OrderCreatedEvent['data'] => ({
  id: newId(),
  version: 0,
  status: OrderStatus.Created,
  userId: newId(),
  expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
  ticket: { id: newId(), price: 20 },
  ...overrides,
});

/** The order:cancelled that follows `created` (version + 1). */
export const buildOrderCancelled = (
  created: Pick<OrderCreatedEvent['data'], 'id' | 'version' | 'ticket'>,
  overrides: Partial<OrderCancelledEvent['data']> = {},
): OrderCancelledEvent['data'] => ({
  id: created.id,
  version: created.version + 1,
  ticket: { id: created.ticket.id },
  ...overrides,
});
