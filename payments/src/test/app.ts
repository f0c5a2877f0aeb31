import { InMemoryEventBus, mongoReadiness, Outbox } from '@ticketing/common';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { type Logger, pino } from 'pino';
import type Stripe from 'stripe';

import { type AppOptions, buildApp } from '../app';
import type { PaymentServices } from '../services/payment-services';
import { createStripeClient } from '../stripe-client';
import { TEST_STRIPE_KEY } from './stripe';

export const JWT_KEY = 'payments-test-key-that-is-at-least-32-characters';

export const TEST_WEBHOOK_SECRET = 'whsec_payments_test_secret';

export const silentLogger = pino({ level: 'silent' });

/** The services a route or listener needs, with an in-memory bus that records every event. */
export interface TestServices extends PaymentServices {
  bus: InMemoryEventBus;
}

/** Payment services on the test database (connect it first: `useTestDatabase`). */
export function testServices(stripe: Stripe, logger: Logger = silentLogger): TestServices {
  const { db } = mongoose.connection;
  if (!db) throw new Error('the test database is not connected yet');
  const bus = new InMemoryEventBus();
  return { stripe, outbox: new Outbox(db, bus, { logger }), logger, bus };
}

/** Payment services with the real SDK pointed at `apiBase` (stripe-mock, or the ledger proxy
 * in front of it), and the app around them. */
export function paymentsAt(apiBase: URL): { services: TestServices; app: Express } {
  const stripe = createStripeClient({ apiKey: TEST_STRIPE_KEY, apiBase, timeoutMs: 5_000 });
  const services = testServices(stripe);
  return { services, app: testApp(services) };
}

/** The real app with test settings around the given services. */
export function testApp(payments: PaymentServices, overrides: Partial<AppOptions> = {}): Express {
  return buildApp({
    jwtKey: JWT_KEY,
    cookieSecure: true,
    trustProxyHops: 1,
    readiness: { mongo: mongoReadiness(mongoose.connection) },
    payments,
    stripeWebhookSecret: TEST_WEBHOOK_SECRET,
    logger: payments.logger,
    ...overrides,
  });
}
