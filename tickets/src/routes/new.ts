import { type Outbox, requireAuth } from '@ticketing/common';
import { Router } from 'express';

import { createTicket } from '../services/ticket-changes';
import { signedInUser } from './signed-in-user';
import { type TicketBody, validateTicketBody } from './ticket-body';

/** POST /api/tickets: the signed-in user lists a ticket; publishes `ticket:created`. */
export function newTicketRouter(outbox: Outbox): Router {
  const router = Router();
  router.post('/api/tickets', requireAuth, ...validateTicketBody, async (req, res) => {
    const { title, price } = req.body as TicketBody;
    const ticket = await createTicket(outbox, { title, price, userId: signedInUser(req).id });
    res.status(201).json(ticket);
  });
  return router;
}
