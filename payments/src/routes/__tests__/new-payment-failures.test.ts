// What the buyer gets when Stripe refuses or fails. stripe-mock accepts every card (it answers a
// confirmed PaymentIntent with a fixed fixture, whatever the token), so these tests point the
// real SDK at a stand-in that answers as Stripe does, or at a port where nothing listens.
import { captureLogs, linesWith, useTestDatabase } from '@ticketing/test-kit';

import { Payment } from '../../models/payment';
import { testApp, testServices } from '../../test/app';
import { storeOrder } from '../../test/factories';
import { postPayment } from '../../test/requests';
import { inspectedStripe, startStripeStandIn, unreachableStripeUrl } from '../../test/stripe';

useTestDatabase();

const DECLINED = {
  error: {
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
  },
};

const UNKNOWN_PAYMENT_METHOD = {
  error: {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: 'payment_method',
    message: "No such PaymentMethod: 'pm_unknown'",
  },
};

const STRIPE_FAILED = { error: { type: 'api_error', message: 'An unknown error occurred' } };

let closeStandIn = async (): Promise<void> => undefined;
afterEach(() => closeStandIn());

/** The app charging through a Stripe stand-in that always answers `status` with `body`. */
async function appWithStripeAnswering(status: number, body: object) {
  const standIn = await startStripeStandIn(status, body);
  closeStandIn = standIn.close;
  return appWithStripeAt(standIn.url);
}

function appWithStripeAt(url: URL) {
  const { stripe, http } = inspectedStripe(url);
  const { logger, lines } = captureLogs();
  const services = testServices(stripe, logger);
  return { app: testApp(services), services, http, logs: lines };
}

describe('POST /api/payments when Stripe refuses or fails', () => {
  test('a declined card is 402 with Stripe’s message, and nothing is stored or published', async () => {
    const { app, services } = await appWithStripeAnswering(402, DECLINED);
    const order = await storeOrder();

    const response = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_chargeDeclined' },
      order.userId,
    );

    expect(response.status).toBe(402);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Your card was declined.' }] });
    expect(await Payment.countDocuments()).toBe(0);
    expect(services.bus.published).toHaveLength(0);
  });

  test('a card token declined when it becomes a PaymentMethod is 402 too', async () => {
    const { app } = await appWithStripeAnswering(402, DECLINED);
    const order = await storeOrder();

    const response = await postPayment(
      app,
      { orderId: order.id, token: 'tok_chargeDeclined' },
      order.userId,
    );

    expect(response.status).toBe(402);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Your card was declined.' }] });
  });

  test('a PaymentMethod Stripe does not know is 400 on the token field', async () => {
    const { app } = await appWithStripeAnswering(400, UNKNOWN_PAYMENT_METHOD);
    const order = await storeOrder();

    const response = await postPayment(
      app,
      { orderId: order.id, token: 'pm_unknown' },
      order.userId,
    );

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: "No such PaymentMethod: 'pm_unknown'", field: 'token' }],
    });
  });

  test('Stripe unreachable is 503 after the SDK’s retries, logged, nothing stored', async () => {
    const { app, services, http, logs } = appWithStripeAt(await unreachableStripeUrl());
    const order = await storeOrder();

    const response = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_visa' },
      order.userId,
    );

    expect(response.status).toBe(503);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Payment provider unavailable, please try again' }],
    });
    // The first attempt and the SDK's two retries, all with the one key.
    expect(http.sentTo('/v1/payment_intents')).toHaveLength(3);
    expect(new Set(http.sent.map((request) => request.idempotencyKey)).size).toBe(1);
    expect(linesWith(logs, 'request failed')).toHaveLength(1);
    expect(await Payment.countDocuments()).toBe(0);
    expect(services.bus.published).toHaveLength(0);
  });

  test('Stripe failing on its side is 503, and the service goes on answering', async () => {
    const { app, logs } = await appWithStripeAnswering(500, STRIPE_FAILED);
    const order = await storeOrder();
    const body = { orderId: order.id, token: 'pm_card_visa' };

    const first = await postPayment(app, body, order.userId);
    const second = await postPayment(app, body, order.userId);

    expect(first.status).toBe(503);
    expect(second.status).toBe(503);
    expect(linesWith(logs, 'request failed')).toHaveLength(2);
  });

  test('a key Stripe refuses is a fault of ours: 500 Something went wrong, logged', async () => {
    const { app, logs } = await appWithStripeAnswering(401, {
      error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_***' },
    });
    const order = await storeOrder();

    const response = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_visa' },
      order.userId,
    );

    expect(response.status).toBe(500);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Something went wrong' }] });
    expect(linesWith(logs, 'request failed')).toHaveLength(1);
  });
});
