import { requireAuth } from '@ticketing/common';
import { Router } from 'express';

import { loadOwnOrder } from './load-own-order';

export function showOrderRouter(): Router {
  const router = Router();
  router.get('/api/orders/:id', requireAuth, async (req, res) => {
    res.json(await loadOwnOrder(req));
  });
  return router;
}
