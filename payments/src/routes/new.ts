import {
  NotFoundError,
  requireAuth,
  requireStringFields,
  validateRequest,
} from '@ticketing/common';
import { Router } from 'express';
import { body } from 'express-validator';
import mongoose from 'mongoose';

import { payForOrder } from '../services/pay-for-order';
import type { PaymentServices } from '../services/payment-services';

interface NewPaymentBody {
  orderId: string;
  token: string;
}

const orderIdIsPresent = body('orderId').trim().notEmpty().withMessage('orderId must be provided');

const tokenIsACard = body('token')
  .trim()
  .notEmpty()
  .withMessage('token must be provided')
  .bail()
  .matches(/^(tok|pm)_[A-Za-z0-9_]{1,200}$/)
  .withMessage('token must be a Stripe card token (tok_...) or PaymentMethod id (pm_...)');

export function newPaymentRouter(services: PaymentServices): Router {
  const router = Router();
  router.post(
    '/api/payments',
    requireAuth,
    requireStringFields('orderId', 'token'),
    orderIdIsPresent,
    tokenIsACard,
    validateRequest,
    async (req, res) => {
      const { orderId, token } = req.body as NewPaymentBody;
      // Orders are identified by MongoDB ids; anything else names no order.
      if (!mongoose.isObjectIdOrHexString(orderId)) throw new NotFoundError();
      const userId = req.currentUser?.id ?? '';
      const answer = await payForOrder(services, { orderId, token, userId });
      if (answer.status === 'paid') {
        res.status(201).json(answer.payment);
      } else {
        // Accepted, not paid: the order is completed once Stripe says the charge succeeded.
        const { orderId: id, stripeId } = answer;
        res.status(202).json({ orderId: id, stripeId, status: 'processing' });
      }
    },
  );
  return router;
}
