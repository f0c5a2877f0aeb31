import { requireAuth } from '@ticketing/common';
import { Router } from 'express';

import { Order } from '../models/order';
import { currentUserId } from './current-user-id';

export function indexOrdersRouter(): Router {
  const router = Router();
  router.get('/api/orders', requireAuth, async (req, res) => {
    const orders = await Order.find({ userId: currentUserId(req) })
      .sort({ _id: -1 })
      .populate('ticket');
    res.json(orders);
  });
  return router;
}
