// The order:cancelled listener's ack-wait is derived from longestStripeCallMs: this checks the
// bound against the real SDK talking to a server that takes every request and never answers.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createStripeClient, longestStripeCallMs } from '../stripe-client';
import { TEST_STRIPE_KEY } from '../test/stripe';

const TIMEOUT_MS = 300;

let server: Server;
let attempts = 0;

beforeAll(async () => {
  server = createServer(() => {
    attempts++; // and no answer: the SDK's timeout ends each attempt
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

it('gives up on a Stripe that never answers after three attempts, within longestStripeCallMs', async () => {
  const { port } = server.address() as AddressInfo;
  const stripe = createStripeClient({
    apiKey: TEST_STRIPE_KEY,
    apiBase: new URL(`http://127.0.0.1:${port}`),
    timeoutMs: TIMEOUT_MS,
  });
  const started = performance.now();

  const refund = stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: 'refund-ch_1' });

  await expect(refund).rejects.toThrow();
  const tookMs = performance.now() - started;
  expect(attempts).toBe(3);
  expect(tookMs).toBeGreaterThanOrEqual(3 * TIMEOUT_MS);
  expect(tookMs).toBeLessThan(longestStripeCallMs(TIMEOUT_MS));
});
