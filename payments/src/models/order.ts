import {
  isDuplicateKeyError,
  type OrderCancelledEvent,
  type OrderCreatedEvent,
  OrderStatus,
  OutOfOrderError,
} from '@ticketing/common';
import mongoose, { type HydratedDocument, type Model } from 'mongoose';

/** What payments knows of an order: a replica kept from orders' events. Its `_id` is the order's
 * id, `price` the ticket's price in dollars when the order was made, `expiresAt` the end of its
 * reservation (unset on replicas stored before payments kept it). */
export interface OrderAttrs {
  _id: string;
  version: number;
  userId: string;
  price: number;
  status: OrderStatus;
  expiresAt?: Date;
}

export type OrderDoc = HydratedDocument<OrderAttrs>;

export interface OrderModel extends Model<OrderAttrs> {
  /** Stores the order announced by order:created; a repeat of it changes nothing. */
  recordCreated(data: OrderCreatedEvent['data']): Promise<void>;
  /** Applies order:cancelled over the version before it; a version already held changes
   * nothing; an earlier gap throws `OutOfOrderError` so the event comes back later. */
  recordCancelled(data: OrderCancelledEvent['data']): Promise<void>;
}

interface OrderJson {
  id: string;
  version: number;
  userId: string;
  price: number;
  status: OrderStatus;
}

const orderSchema = new mongoose.Schema<OrderAttrs, OrderModel>(
  {
    // The id orders gave the order, kept as its string so any id in a request is just unknown
    // (404) rather than a cast error.
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    userId: { type: String, required: true },
    price: { type: Number, required: true },
    status: { type: String, required: true, enum: Object.values(OrderStatus) },
    expiresAt: { type: Date },
  },
  {
    collection: 'orders',
    versionKey: false,
    toJSON: {
      transform: (_doc, stored): OrderJson => ({
        id: stored._id,
        version: stored.version,
        userId: stored.userId,
        price: stored.price,
        status: stored.status,
      }),
    },
  },
);

orderSchema.static(
  'recordCreated',
  async function recordCreated(this: OrderModel, data: OrderCreatedEvent['data']) {
    try {
      await this.create({
        _id: data.id,
        version: data.version,
        userId: data.userId,
        price: data.ticket.price,
        status: data.status,
        expiresAt: new Date(data.expiresAt),
      });
    } catch (error) {
      // Held already: this event, redelivered, or a later version of the order.
      if (!isDuplicateKeyError(error)) throw error;
    }
  },
);

orderSchema.static(
  'recordCancelled',
  async function recordCancelled(this: OrderModel, data: OrderCancelledEvent['data']) {
    const order = await this.findById(data.id);
    if (!order) throw new OutOfOrderError('order:created not handled yet', { held: null });
    if (order.version >= data.version) return;
    if (order.version < data.version - 1) {
      throw new OutOfOrderError(`version ${data.version - 1} not handled yet`, {
        held: order.version,
      });
    }
    // A plain filtered update is enough: every writer of this version writes the same fields.
    await this.updateOne(
      { _id: data.id, version: data.version - 1 },
      { $set: { status: OrderStatus.Cancelled, version: data.version } },
    );
  },
);

export const Order = mongoose.model<OrderAttrs, OrderModel>('Order', orderSchema);

/** Whether the replica says the order is cancelled right now. */
export const isOrderCancelled = async (orderId: string): Promise<boolean> =>
  (await Order.exists({ _id: orderId, status: OrderStatus.Cancelled })) !== null;
