import type { Outbox } from '@ticketing/common';
import type { Logger } from 'pino';

import { Order } from '../models/order';
import { Ticket } from '../models/ticket';
import { cancelOrder } from './cancel-order';

/**
 * Cancels the order holding the ticket when it was placed at another price than the ticket
 * has now. Tickets refuses an edit to a reserved ticket, so such an order raced the seller's
 * edit: the edit reached tickets before the order's reservation did. The buyer was shown,
 * and would be charged, the old price; the seller asked for the new one. A paid order is not
 * cancelled (`cancelOrder` refuses): the buyer paid the price shown. Compares with the
 * replica as it is, not with one event, so a redelivery after a crash still decides.
 */
export async function cancelRepricedOrder(
  outbox: Outbox,
  ticketId: string,
  logger: Logger,
): Promise<void> {
  const [ticket, order] = await Promise.all([
    Ticket.findById(ticketId, { price: 1 }),
    Order.findOne({ ticketLock: ticketId }, { price: 1 }),
  ]);
  // An order stored before orders kept its price has none to compare.
  if (!ticket || !order || order.price === undefined || order.price === ticket.price) return;
  const outcome = await cancelOrder(outbox, order.id);
  if (outcome.result === 'moved') {
    logger.warn(
      { orderId: order.id, ticketId, orderPrice: order.price, ticketPrice: ticket.price },
      "order cancelled: the seller's new price reached tickets before the reservation",
    );
  }
}
