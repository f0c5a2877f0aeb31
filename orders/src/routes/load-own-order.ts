import { NotAuthorizedError, NotFoundError } from '@ticketing/common';
import type { Request } from 'express';

import { parseObjectId } from '../models/object-id';
import { Order, type OrderWithTicket } from '../models/order';
import { currentUserId } from './current-user-id';

/** The order named by `:id`, with its ticket: 404 when there is none (or the id is not an
 * id), 401 when it belongs to someone else. */
export async function loadOwnOrder(req: Request): Promise<OrderWithTicket> {
  const id = parseObjectId(String(req.params.id));
  const order =
    id && (await Order.findById(id).populate<{ ticket: OrderWithTicket['ticket'] }>('ticket'));
  if (!order) throw new NotFoundError();
  if (order.userId !== currentUserId(req)) throw new NotAuthorizedError();
  return order;
}
