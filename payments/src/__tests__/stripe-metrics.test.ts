// Stripe calls at /metrics: each request the SDK sends, by endpoint and outcome (the status
// Stripe answered, or none), through the real SDK against stripe-mock and a failing stand-in.
import { metricsRegistry } from '@ticketing/common';
import { seriesValue } from '@ticketing/test-kit';

import { createStripeClient } from '../stripe-client';
import { endpointOf } from '../stripe-metrics';
import {
  startStripeStandIn,
  TEST_STRIPE_KEY,
  unreachableStripeUrl,
  useStripeMock,
} from '../test/stripe';

const stripeMock = useStripeMock();

const valueOf = async (series: string): Promise<number> =>
  seriesValue(await metricsRegistry.metrics(), series) ?? 0;

const calls = (method: string, endpoint: string, outcome: string) =>
  valueOf(
    `stripe_request_duration_seconds_count{method="${method}",endpoint="${endpoint}",outcome="${outcome}"}`,
  );

const clientFor = (apiBase: URL) =>
  createStripeClient({ apiKey: TEST_STRIPE_KEY, apiBase, timeoutMs: 2_000 });

it('names an endpoint without its record ids', () => {
  expect(endpointOf('/v1/payment_intents/pi_3NqOD2LkdIwHu7ix0bB8Yh4m?expand[]=x')).toBe(
    '/v1/payment_intents/:id',
  );
  expect(endpointOf('/v1/refunds')).toBe('/v1/refunds');
  expect(endpointOf('/v1/payment_intents/pi_1/cancel')).toBe('/v1/payment_intents/:id/cancel');
});

it('counts answered calls by status, a declined card included', async () => {
  const before = {
    created: await calls('POST', '/v1/payment_intents', '200'),
    looked: await calls('GET', '/v1/payment_intents/:id', '200'),
    declined: await calls('POST', '/v1/payment_intents', '402'),
  };
  const stripe = clientFor(stripeMock.url);
  const decline = await startStripeStandIn(402, {
    error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
  });

  const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
  await stripe.paymentIntents.retrieve(intent.id);
  await expect(
    clientFor(decline.url).paymentIntents.create({ amount: 2000, currency: 'usd' }),
  ).rejects.toThrow('Your card was declined.');
  await decline.close();

  expect(await calls('POST', '/v1/payment_intents', '200')).toBe(before.created + 1);
  expect(await calls('GET', '/v1/payment_intents/:id', '200')).toBe(before.looked + 1);
  expect(await calls('POST', '/v1/payment_intents', '402')).toBe(before.declined + 1);
});

it('counts every try at a Stripe that cannot be reached as no answer', async () => {
  const before = await calls('POST', '/v1/refunds', 'no answer');
  const stripe = clientFor(await unreachableStripeUrl());

  await expect(
    stripe.refunds.create({ charge: 'ch_1' }, { idempotencyKey: 'refund-ch_1' }),
  ).rejects.toThrow();

  // The SDK's first try and its two retries.
  expect(await calls('POST', '/v1/refunds', 'no answer')).toBe(before + 3);
});
