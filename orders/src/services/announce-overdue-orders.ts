import { type EventBus, OrderStatus } from '@ticketing/common';
import type { Logger } from 'pino';

import { ExpirationCompletePublisher } from '../events/publishers/expiration-complete-publisher';
import { Order } from '../models/order';

export interface OverdueOrdersOptions {
  bus: EventBus;
  logger: Logger;
  /** How long past its `expiresAt` an order may stay unpaid and uncancelled. */
  graceMs: number;
  /** Most orders one pass announces (default 100); the next pass takes the rest. */
  batchSize?: number;
  now?: Date;
}

/**
 * Announces `expiration:complete` for the orders still unpaid and uncancelled `graceMs` after
 * they expired: their expiration job was lost (a Redis that crashed before persisting it) or
 * never made, or payments left the decision to a charge in flight that ended without telling
 * it. Payments decides as for any expiration: it closes the order's payment window unless a
 * payment started in time, and orders cancels the order on `payment:window-closed`. Orders
 * never cancels an overdue order itself: a payment accepted in time may still be on its way.
 * An order is announced again on every pass until it is cancelled or paid (deciding twice
 * changes nothing). Resolves with how many it announced.
 */
export async function announceOverdueOrders(options: OverdueOrdersOptions): Promise<number> {
  const { bus, logger, graceMs, batchSize = 100, now = new Date() } = options;
  const publisher = new ExpirationCompletePublisher(bus);
  const overdue = await Order.find(
    {
      status: { $in: [OrderStatus.Created, OrderStatus.AwaitingPayment] },
      expiresAt: { $lt: new Date(now.getTime() - graceMs) },
    },
    { _id: 1, expiresAt: 1 },
  )
    .sort({ expiresAt: 1 })
    .limit(batchSize);
  for (const order of overdue) {
    await publisher.publish({ orderId: order.id });
    logger.warn(
      { orderId: order.id, expiresAt: order.expiresAt.toISOString() },
      'order still unpaid and not cancelled past its expiry; expiration:complete announced again',
    );
  }
  return overdue.length;
}
