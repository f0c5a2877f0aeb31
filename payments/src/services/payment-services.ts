import type { Outbox } from '@ticketing/common';
import type { Logger } from 'pino';
import type Stripe from 'stripe';

/** What paying and refunding need: Stripe, the outbox that changes payments, a logger. */
export interface PaymentServices {
  stripe: Stripe;
  outbox: Outbox;
  logger: Logger;
}
