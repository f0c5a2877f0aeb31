import { randomBytes } from 'node:crypto';

import type { Outbox, TicketCreatedEvent, TicketUpdatedEvent } from '@ticketing/common';

import { Order, type OrderDoc } from '../models/order';
import { Ticket, type TicketAttrs, type TicketDoc } from '../models/ticket';
import { placeOrder } from '../services/place-order';
import { EXPIRATION_WINDOW_SECONDS, MAX_ACTIVE_ORDERS } from './app';

/** An id shaped like a MongoDB ObjectId, unique per call. */
export const newId = (): string => randomBytes(12).toString('hex');

let counter = 0;

/** A replicated ticket's fields, each call with its own id and title. */
export function buildTicket(overrides: Partial<TicketAttrs> = {}): TicketAttrs {
  counter += 1;
  return {
    _id: newId(),
    title: `concert #${counter}`,
    price: 20,
    version: 0,
    sellerId: newId(),
    ...overrides,
  };
}

/** A ticket stored in the replica, as ticket:created leaves it. */
export const saveTicket = (overrides: Partial<TicketAttrs> = {}): Promise<TicketDoc> =>
  Ticket.create(buildTicket(overrides));

/** A ticket:created payload for a new ticket. */
export function buildTicketCreated(
  overrides: Partial<TicketCreatedEvent['data']> = {},
): TicketCreatedEvent['data'] {
  const { _id, sellerId, ...ticket } = buildTicket();
  return { id: _id, ...ticket, userId: sellerId ?? newId(), ...overrides };
}

/** The ticket:updated payload taking `ticket` to `version`, with a title naming the version. */
export const buildTicketUpdated = (
  ticket: TicketCreatedEvent['data'],
  version: number,
  overrides: Partial<TicketUpdatedEvent['data']> = {},
): TicketUpdatedEvent['data'] => ({
  ...ticket,
  version,
  title: `${ticket.title} (v${version})`,
  ...overrides,
});

/** An order placed as POST /api/orders places it, on a ticket stored for it. */
export async function saveOrder(
  outbox: Outbox,
  overrides: { userId?: string; ticket?: TicketDoc; placedAt?: Date } = {},
): Promise<OrderDoc> {
  const ticket = overrides.ticket ?? (await saveTicket());
  const userId = overrides.userId ?? newId();
  const { id } = await placeOrder({
    outbox,
    ticket,
    userId,
    expirationWindowSeconds: EXPIRATION_WINDOW_SECONDS,
    maxActiveOrders: MAX_ACTIVE_ORDERS,
    now: overrides.placedAt,
  });
  // Read back, so that a test sees what the database holds.
  const order = await Order.findById(id);
  if (!order) throw new Error('the order was not stored');
  return order;
}
