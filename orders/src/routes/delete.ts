import { BadRequestError, NotFoundError, type Outbox, requireAuth } from '@ticketing/common';
import { Router } from 'express';

import { cancelOrder } from '../services/cancel-order';
import { loadOwnOrder } from './load-own-order';

export function deleteOrderRouter({ outbox }: { outbox: Outbox }): Router {
  const router = Router();
  router.delete('/api/orders/:id', requireAuth, async (req, res) => {
    const order = await loadOwnOrder(req);
    const outcome = await cancelOrder(outbox, order.id);
    // Cancelled already (`already`) is answered like a cancellation: the buyer's wish holds.
    if (outcome.result === 'refused') throw new BadRequestError('Cannot cancel a completed order');
    if (outcome.result === 'unknown') throw new NotFoundError();
    res.status(204).end();
  });
  return router;
}
