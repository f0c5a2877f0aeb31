import { NotFoundError } from '@ticketing/common';
import { Router } from 'express';

import { findTicket } from '../models/ticket';

/** GET /api/tickets/:id: any ticket, reserved or not; an id that is not one is unknown. */
export function showTicketRouter(): Router {
  const router = Router();
  router.get('/api/tickets/:id', async (req, res) => {
    const ticket = await findTicket(req.params.id);
    if (!ticket) throw new NotFoundError();
    res.json(ticket);
  });
  return router;
}
