// The contract of POST /api/payments, row by row, through the real app, the real database and
// the real Stripe SDK talking to stripe-mock. Failures stripe-mock cannot produce (a declined
// card, an outage) are in new-payment-failures.test.ts.
import { OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import type { Express } from 'express';

import { Payment } from '../../models/payment';
import { chargeKey } from '../../services/idempotency-keys';
import { testApp, type TestServices, testServices } from '../../test/app';
import { newId, storeOrder, storePaymentFor } from '../../test/factories';
import { postPayment } from '../../test/requests';
import { inspectedStripe, type InspectingHttpClient, useStripeMock } from '../../test/stripe';

useTestDatabase();
const stripeMock = useStripeMock();

let services: TestServices;
let stripeHttp: InspectingHttpClient;
let app: Express;

beforeEach(() => {
  const { stripe, http } = inspectedStripe(stripeMock.url);
  services = testServices(stripe);
  stripeHttp = http;
  app = testApp(services);
});

const charges = () => stripeHttp.sentTo('/v1/payment_intents');

describe('POST /api/payments: a successful payment', () => {
  test('paying with a card token answers 201 with the payment', async () => {
    const order = await storeOrder();

    const response = await postPayment(app, { orderId: order.id, token: 'tok_visa' }, order.userId);

    expect(response.status).toBe(201);
    expect(response.body).toStrictEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      orderId: order.id,
      stripeId: expect.stringMatching(/^pi_/),
    });
  });

  test('the payment is stored once, at version 0, not refunded', async () => {
    const order = await storeOrder();

    const response = await postPayment(app, { orderId: order.id, token: 'tok_visa' }, order.userId);

    const stored = await Payment.find({ orderId: order.id });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.toJSON()).toStrictEqual(response.body);
    expect(stored[0]?.version).toBe(0);
    expect(stored[0]?.stripeRefundId).toBeUndefined();
  });

  test('payment:created is published once with the id, the order id and the charge', async () => {
    const order = await storeOrder();

    const response = await postPayment(app, { orderId: order.id, token: 'tok_visa' }, order.userId);

    expect(services.bus.published.map((message) => message.subject)).toStrictEqual([
      Subjects.PaymentCreated,
    ]);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([response.body]);
  });

  test('the price is charged in cents, in USD, confirmed on the server', async () => {
    const order = await storeOrder({ price: 19.99 });

    await postPayment(app, { orderId: order.id, token: 'pm_card_visa' }, order.userId);

    expect(charges()).toHaveLength(1);
    const params = charges()[0]?.params;
    expect(params?.get('amount')).toBe('1999');
    expect(params?.get('currency')).toBe('usd');
    expect(params?.get('confirm')).toBe('true');
    expect(params?.get('error_on_requires_action')).toBe('true');
    expect(params?.get('metadata[orderId]')).toBe(order.id);
  });

  test('a PaymentMethod id is charged as it is', async () => {
    const order = await storeOrder();

    const response = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_visa' },
      order.userId,
    );

    expect(response.status).toBe(201);
    expect(stripeHttp.sentTo('/v1/payment_methods')).toHaveLength(0);
    expect(charges()[0]?.params.get('payment_method')).toBe('pm_card_visa');
  });

  test('a card token first becomes a PaymentMethod, which is charged', async () => {
    const order = await storeOrder();

    await postPayment(app, { orderId: order.id, token: 'tok_visa' }, order.userId);

    const [created] = stripeHttp.sentTo('/v1/payment_methods');
    expect(created?.params.get('type')).toBe('card');
    expect(created?.params.get('card[token]')).toBe('tok_visa');
    expect(charges()[0]?.params.get('payment_method')).toMatch(/^pm_/);
  });

  test('the charge carries an idempotency key made from the order and the attempt', async () => {
    const order = await storeOrder();

    await postPayment(app, { orderId: order.id, token: 'tok_visa' }, order.userId);

    expect(charges()[0]?.idempotencyKey).toBe(chargeKey(order.id, 1));
    expect(charges()[0]?.idempotencyKey).toBe(`payment:${order.id}:1`);
  });
});

describe('POST /api/payments: refusals', () => {
  test('without a session it is 401 and nothing is charged', async () => {
    const order = await storeOrder();

    const response = await postPayment(app, { orderId: order.id, token: 'tok_visa' });

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
    expect(stripeHttp.sent).toHaveLength(0);
  });

  test('missing fields are 400 with a message per field', async () => {
    const response = await postPayment(app, {}, newId());

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [
        { message: 'orderId must be provided', field: 'orderId' },
        { message: 'token must be provided', field: 'token' },
      ],
    });
  });

  test('blank fields are 400 as missing ones', async () => {
    const response = await postPayment(app, { orderId: '  ', token: '' }, newId());

    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveLength(2);
  });

  test.each([
    ['an object', { id: 'x' }],
    ['a number', 42],
    ['an array', ['tok_visa']],
    ['null', null],
  ])('fields holding %s are 400 on each field and charge nothing', async (_kind, value) => {
    const response = await postPayment(app, { orderId: value, token: value }, newId());

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [
        { message: 'orderId must be a string', field: 'orderId' },
        { message: 'token must be a string', field: 'token' },
      ],
    });
    expect(stripeHttp.sent).toHaveLength(0);
  });

  test('a $-operator in the body is 400 and reaches no query', async () => {
    const order = await storeOrder();

    const response = await postPayment(
      app,
      { orderId: { $ne: '' }, token: 'tok_visa' },
      order.userId,
    );

    expect(response.status).toBe(400);
    expect(stripeHttp.sent).toHaveLength(0);
    expect(await Payment.countDocuments()).toBe(0);
  });

  test('a token that is neither a card token nor a PaymentMethod id is 400', async () => {
    const order = await storeOrder();

    const response = await postPayment(
      app,
      { orderId: order.id, token: 'sk_live_stolen' },
      order.userId,
    );

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [
        {
          message: 'token must be a Stripe card token (tok_...) or PaymentMethod id (pm_...)',
          field: 'token',
        },
      ],
    });
    expect(stripeHttp.sent).toHaveLength(0);
  });

  test('an order id that is not an id is 404', async () => {
    const response = await postPayment(app, { orderId: 'not-an-id', token: 'tok_visa' }, newId());

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
  });

  test('an order this service has not heard of is 404', async () => {
    const response = await postPayment(app, { orderId: newId(), token: 'tok_visa' }, newId());

    expect(response.status).toBe(404);
    expect(stripeHttp.sent).toHaveLength(0);
  });

  test('another user’s order is 401 and is not charged', async () => {
    const order = await storeOrder();

    const response = await postPayment(app, { orderId: order.id, token: 'tok_visa' }, newId());

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
    expect(stripeHttp.sent).toHaveLength(0);
    expect(await Payment.countDocuments()).toBe(0);
  });

  test('a cancelled order is 400 and is not charged', async () => {
    const order = await storeOrder({ status: OrderStatus.Cancelled, version: 1 });

    const response = await postPayment(app, { orderId: order.id, token: 'tok_visa' }, order.userId);

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Cannot pay for a cancelled order' }],
    });
    expect(stripeHttp.sent).toHaveLength(0);
    expect(services.bus.published).toHaveLength(0);
  });

  test('an order already paid is 400 and is not charged again', async () => {
    const order = await storeOrder();
    await storePaymentFor(services.outbox, order.id);

    const response = await postPayment(app, { orderId: order.id, token: 'tok_visa' }, order.userId);

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Order is already paid' }] });
    expect(stripeHttp.sent).toHaveLength(0);
    expect(await Payment.countDocuments({ orderId: order.id })).toBe(1);
  });

  test('repeating a successful request is refused and charges nothing more', async () => {
    const order = await storeOrder();
    const body = { orderId: order.id, token: 'tok_visa' };
    await postPayment(app, body, order.userId);
    const sentBefore = stripeHttp.sent.length;

    const again = await postPayment(app, body, order.userId);

    expect(again.status).toBe(400);
    expect(again.body).toStrictEqual({ errors: [{ message: 'Order is already paid' }] });
    expect(stripeHttp.sent).toHaveLength(sentBefore);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toHaveLength(1);
  });
});
