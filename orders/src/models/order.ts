import { OrderStatus } from '@ticketing/common';
import mongoose, { type HydratedDocument, type Model } from 'mongoose';

import type { TicketDoc, TicketJson } from './ticket';

export interface OrderAttrs {
  userId: string;
  status: OrderStatus;
  expiresAt: Date;
  /** What the buyer is charged: the ticket's price when the order was placed. */
  price: number;
  /** The ticket's id: the `_id` of its replica. */
  ticket: string;
  /**
   * Unique across orders: the ticket's id while the order is active (created, awaiting
   * payment, complete), `released:<order id>` once it is cancelled. A second active order
   * for a ticket is refused by this index, in the same write that would create it.
   */
  ticketLock: string;
  /**
   * Unique across orders: `<userId>:<n>` (n below the cap on active orders) while the order is
   * unpaid (created, awaiting payment), `done:<order id>` once it is paid or cancelled. A buyer
   * holding every slot cannot place another order, however many requests race: the index
   * refuses the write that would take a slot twice.
   */
  buyerSlot: string;
  version: number;
}

interface OrderMethods {
  /** Whether the order may move from its status to `status`; every status change asks this. */
  canMoveTo(status: OrderStatus): boolean;
}

export type OrderModel = Model<OrderAttrs, object, OrderMethods>;
export type OrderDoc = HydratedDocument<OrderAttrs, OrderMethods>;
/** An order read with its ticket from the replica. */
export type OrderWithTicket = Omit<OrderDoc, 'ticket'> & { ticket: TicketDoc | null };

/** How an order is shown: the contract's fields only. */
interface OrderJson {
  id: string;
  userId: string;
  status: OrderStatus;
  expiresAt: string;
  price: number;
  version: number;
  ticket: TicketJson | { id: string } | null;
}

/** The statuses an order may move to from each status. */
const NEXT_STATUSES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  [OrderStatus.Created]: [OrderStatus.AwaitingPayment, OrderStatus.Complete, OrderStatus.Cancelled],
  [OrderStatus.AwaitingPayment]: [OrderStatus.Complete, OrderStatus.Cancelled],
  // Paid orders are never cancelled, by the buyer or by expiration (architecture.md).
  [OrderStatus.Complete]: [],
  // A payment arriving after the cancellation is refused here; payments refunds it.
  [OrderStatus.Cancelled]: [],
};

/** The ticketLock of a cancelled order: unique like every lock, and no longer the ticket's id. */
export const releasedTicketLock = (orderId: string): string => `released:${orderId}`;

/** The buyer's slot `n`, held by one unpaid order at a time. */
export const buyerSlot = (userId: string, n: number): string => `${userId}:${n}`;

/** The buyerSlot of a paid or cancelled order: unique, and no slot of its buyer's. */
export const doneBuyerSlot = (orderId: string): string => `done:${orderId}`;

/** The statuses that hold a buyer slot: an order not yet paid or cancelled. */
export const UNPAID_STATUSES: readonly OrderStatus[] = [
  OrderStatus.Created,
  OrderStatus.AwaitingPayment,
];

const orderSchema = new mongoose.Schema<OrderAttrs, OrderModel, OrderMethods>(
  {
    userId: { type: String, required: true },
    status: { type: String, enum: Object.values(OrderStatus), required: true },
    expiresAt: { type: Date, required: true },
    price: { type: Number, required: true, min: 0 },
    ticket: { type: String, ref: 'Ticket', required: true },
    ticketLock: { type: String, required: true, unique: true },
    buyerSlot: { type: String, required: true, unique: true },
    version: { type: Number, required: true, min: 0 },
  },
  {
    versionKey: false,
    toJSON: {
      transform: (_doc, stored): OrderJson => ({
        id: String(stored._id),
        userId: stored.userId,
        status: stored.status,
        expiresAt: stored.expiresAt.toISOString(),
        price: stored.price,
        version: stored.version,
        // Populated, the ticket is already shown by its own schema; otherwise only its id is known.
        ticket: typeof stored.ticket === 'string' ? { id: stored.ticket } : stored.ticket,
      }),
    },
  },
);

orderSchema.index({ userId: 1 });
// The sweep for orders whose expiration never came (announceOverdueOrders).
orderSchema.index({ status: 1, expiresAt: 1 });

orderSchema.method('canMoveTo', function canMoveTo(this: OrderDoc, status: OrderStatus) {
  return NEXT_STATUSES[this.status].includes(status);
});

export const Order = mongoose.model<OrderAttrs, OrderModel>('Order', orderSchema);
