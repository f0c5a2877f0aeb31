import { BadRequestError, ServiceUnavailableError } from '@ticketing/common';
import express, { Router } from 'express';
import Stripe from 'stripe';

import type { PaymentServices } from '../services/payment-services';
import { settleStripeEvent } from '../services/settle-stripe-event';

export const WEBHOOK_PATH = '/api/payments/webhooks/stripe';
export const BAD_SIGNATURE = 'Invalid Stripe signature';
export const WEBHOOKS_OFF = 'Stripe webhooks are not set up here (STRIPE_WEBHOOK_SECRET)';

/**
 * Stripe's events about our charges, checked against `webhookSecret` (the endpoint's signing
 * secret). The signature covers the exact bytes sent, so this route reads its body raw, before
 * any JSON parser. It takes no session: the signature is the authentication. An answer other
 * than 2xx makes Stripe deliver the event again later, which is what a database or Stripe
 * failure while settling should do; an unset secret answers 503 for the same reason.
 */
export function stripeWebhookRouter(services: PaymentServices, webhookSecret: string): Router {
  const router = Router();
  router.post(WEBHOOK_PATH, express.raw({ type: () => true, limit: '512kb' }), async (req, res) => {
    if (!webhookSecret) throw new ServiceUnavailableError(WEBHOOKS_OFF);
    const event = verifiedEvent(
      services.stripe,
      req.body,
      req.header('stripe-signature'),
      webhookSecret,
    );
    const outcome = await settleStripeEvent(services, event);
    services.logger.info(
      { stripeEventId: event.id, type: event.type, outcome },
      'stripe event handled',
    );
    res.status(200).json({ received: true });
  });
  return router;
}

function verifiedEvent(
  stripe: Stripe,
  body: unknown,
  signature: string | undefined,
  secret: string,
): Stripe.Event {
  if (!Buffer.isBuffer(body) || !signature) throw new BadRequestError(BAD_SIGNATURE);
  try {
    return stripe.webhooks.constructEvent(body, signature, secret);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new BadRequestError(BAD_SIGNATURE);
    }
    throw error;
  }
}
