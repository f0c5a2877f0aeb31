import { mongoReadiness, type Outbox } from '@ticketing/common';
import { createTestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';
import request from 'supertest';

import { buildApp } from '../app';
import { createStripeClient } from '../stripe-client';
import { silentLogger } from '../test/app';

// The probes use neither Stripe (unreachable here: readiness must not depend on it) nor the
// outbox, so the outbox is a bare stand-in.
const payments = {
  stripe: createStripeClient({
    apiKey: 'sk_test_123',
    apiBase: new URL('https://stripe.invalid'),
    timeoutMs: 1_000,
  }),
  outbox: {} as Outbox,
  logger: silentLogger,
};

let busConnected = true;
const app = buildApp({
  jwtKey: 'payments-test-key-that-is-at-least-32-characters',
  cookieSecure: true,
  trustProxyHops: 1,
  readiness: { mongo: mongoReadiness(mongoose.connection), 'event bus': () => busConnected },
  payments,
  stripeWebhookSecret: '',
  logger: silentLogger,
});

describe('health probes', () => {
  test('/healthz answers 200 whatever is connected', async () => {
    const response = await request(app).get('/healthz');

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ status: 'ok' });
  });

  test('/readyz answers 200 only while MongoDB and the bus are connected', async () => {
    const before = await request(app).get('/readyz');
    const database = await createTestDatabase();
    const connected = await request(app).get('/readyz');
    busConnected = false;
    const busLost = await request(app).get('/readyz');
    busConnected = true;
    await database.drop();

    expect(before.status).toBe(503);
    expect(before.body).toStrictEqual({ errors: [{ message: 'mongo is not ready' }] });
    expect(connected.status).toBe(200);
    expect(busLost.status).toBe(503);
    expect(busLost.body).toStrictEqual({ errors: [{ message: 'event bus is not ready' }] });
  });

  test('an unknown route is 404 in the contract’s shape', async () => {
    const response = await request(app).get('/api/payments/unknown');

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
  });
});
