import {
  BadRequestError,
  isDuplicateKeyError,
  NotFoundError,
  type Outbox,
  requireAuth,
  validateRequest,
} from '@ticketing/common';
import { type RequestHandler, Router } from 'express';
import { body } from 'express-validator';

import { Ticket } from '../models/ticket';
import { placeOrder } from '../services/place-order';
import { currentUserId } from './current-user-id';

export interface NewOrderRouteOptions {
  outbox: Outbox;
  expirationWindowSeconds: number;
  maxActiveOrders: number;
  /** Limits how often one buyer places orders (it runs once the buyer is known). */
  limiter: RequestHandler;
}

// A custom check sees the whole value: standard validators would pass an array of strings.
const ticketIdIsProvided = body('ticketId')
  .custom((value: unknown) => typeof value === 'string' && value.trim() !== '')
  .withMessage('ticketId must be provided');

export function newOrderRouter(options: NewOrderRouteOptions): Router {
  const { outbox, expirationWindowSeconds, maxActiveOrders, limiter } = options;
  const router = Router();
  const checks = [requireAuth, limiter, ticketIdIsProvided, validateRequest];
  router.post('/api/orders', ...checks, async (req, res) => {
    const { ticketId } = req.body as { ticketId: string };
    const ticket = await Ticket.findById(ticketId);
    if (!ticket) throw new NotFoundError();

    const userId = currentUserId(req);
    if (ticket.sellerId === userId) throw new BadRequestError('Cannot order your own ticket');
    const order = await placeOrder({
      outbox,
      ticket,
      userId,
      expirationWindowSeconds,
      maxActiveOrders,
    }).catch(refuseReservedTicket);
    // Shown as GET /api/orders/:id shows it, from what was written rather than read back.
    res.status(201).json({ ...order.toJSON(), ticket });
  });
  return router;
}

/** The unique ticketLock index decides a race between buyers: the losers are told so. */
function refuseReservedTicket(error: unknown): never {
  if (isDuplicateKeyError(error)) throw new BadRequestError('Ticket is already reserved');
  throw error;
}
