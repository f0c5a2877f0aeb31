import { OrderStatus, type Outbox } from '@ticketing/common';
import type { Logger } from 'pino';

import { Order } from '../models/order';
import { cancelOrder } from './cancel-order';

export interface LapsedOrdersOptions {
  outbox: Outbox;
  logger: Logger;
  /** How long past its `expiresAt` an order still waits for its `expiration:complete`. */
  graceMs: number;
  /** Most orders one pass cancels (default 100); the next pass takes the rest. */
  batchSize?: number;
  now?: Date;
}

/**
 * Cancels the orders still holding their ticket `graceMs` after they expired: their
 * expiration job was lost (a Redis that crashed before persisting it) or never made. The
 * cancellation is the one `expiration:complete` makes (`cancelOrder`), so a sweep racing
 * that event, a payment or another replica's sweep cancels each order once, and never a paid
 * one. Resolves with how many it cancelled.
 */
export async function cancelLapsedOrders(options: LapsedOrdersOptions): Promise<number> {
  const { outbox, logger, graceMs, batchSize = 100, now = new Date() } = options;
  const lapsed = await Order.find(
    {
      status: { $in: [OrderStatus.Created, OrderStatus.AwaitingPayment] },
      expiresAt: { $lt: new Date(now.getTime() - graceMs) },
    },
    { _id: 1, expiresAt: 1 },
  )
    .sort({ expiresAt: 1 })
    .limit(batchSize);
  let cancelled = 0;
  for (const order of lapsed) {
    const outcome = await cancelOrder(outbox, order.id);
    if (outcome.result !== 'moved') continue;
    cancelled++;
    logger.warn(
      { orderId: order.id, expiresAt: order.expiresAt.toISOString() },
      'order past its expiry had no expiration:complete; cancelled by the sweep',
    );
  }
  return cancelled;
}
