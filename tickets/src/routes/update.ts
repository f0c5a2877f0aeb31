import { type Outbox, requireAuth } from '@ticketing/common';
import { type Request, Router } from 'express';

import { editTicket } from '../services/edit-ticket';
import { signedInUser } from './signed-in-user';
import { type TicketBody, validateTicketBody } from './ticket-body';

/** PUT /api/tickets/:id: the seller edits an unreserved ticket; publishes `ticket:updated`. */
export function updateTicketRouter(outbox: Outbox): Router {
  const router = Router();
  router.put(
    '/api/tickets/:id',
    requireAuth,
    ...validateTicketBody,
    async (req: Request<{ id: string }>, res) => {
      const { title, price } = req.body as TicketBody;
      const ticket = await editTicket(outbox, {
        ticketId: req.params.id,
        userId: signedInUser(req).id,
        title,
        price,
      });
      res.json(ticket);
    },
  );
  return router;
}
