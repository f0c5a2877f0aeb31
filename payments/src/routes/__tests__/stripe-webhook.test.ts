// POST /api/payments/webhooks/stripe through the real app: events signed as Stripe signs them
// (the SDK's own test header), charges made through the Stripe ledger proxy in front of
// stripe-mock, so each test can end by counting what the order holds at Stripe.
import { OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import type { Express } from 'express';
import request from 'supertest';

import { ChargeAttempt } from '../../models/charge-attempt';
import { Order } from '../../models/order';
import { Payment } from '../../models/payment';
import { paymentsAt, TEST_WEBHOOK_SECRET, testApp, type TestServices } from '../../test/app';
import { storeOrder } from '../../test/factories';
import { postPayment } from '../../test/requests';
import { useStripeLedger, useStripeMock } from '../../test/stripe';
import { BAD_SIGNATURE, WEBHOOK_PATH, WEBHOOKS_OFF } from '../stripe-webhook';

useTestDatabase();
const stripe = useStripeLedger(useStripeMock());

let services: TestServices;
let app: Express;

beforeEach(() => {
  ({ services, app } = paymentsAt(stripe.proxy.url));
});

let eventSerial = 0;

/** A Stripe event about `object`, as Stripe would deliver it. */
function eventAbout(type: string, object: Record<string, unknown>) {
  eventSerial += 1;
  return {
    id: `evt_test_${eventSerial}`,
    object: 'event',
    type,
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

/** Stripe's word that the first attempt's charge for the order succeeded. */
const succeededEvent = (orderId: string, intent: { id: string; amount: number }) =>
  eventAbout('payment_intent.succeeded', {
    id: intent.id,
    object: 'payment_intent',
    status: 'succeeded',
    amount: intent.amount,
    metadata: { orderId, attempt: '1' },
  });

/** Delivers the event signed with `secret`, as Stripe does. */
function deliver(event: object, secret = TEST_WEBHOOK_SECRET, to: Express = app) {
  const payload = JSON.stringify(event);
  const signature = services.stripe.webhooks.generateTestHeaderString({ payload, secret });
  return request(to)
    .post(WEBHOOK_PATH)
    .set('Content-Type', 'application/json')
    .set('Stripe-Signature', signature)
    .send(payload);
}

/** A charge Stripe made for the order whose answer never reached payments. */
async function chargeWithLostAnswer(price = 20) {
  const order = await storeOrder({ price });
  const lost = stripe.proxy.dropAnswers({ path: '/v1/payment_intents', method: 'POST', times: 3 });
  const answer = await postPayment(app, { orderId: order.id, token: 'pm_card_visa' }, order.userId);
  lost.clear();
  expect(answer.status).toBe(503);
  const [intent] = stripe.proxy.ledger.intentsFor(order.id);
  if (!intent) throw new Error('the charge did not reach the ledger');
  return { order, intent, succeeded: succeededEvent(order.id, intent) };
}

describe('POST /api/payments/webhooks/stripe: the signature', () => {
  test('an event signed with another secret is 400 and changes nothing', async () => {
    const { order, succeeded } = await chargeWithLostAnswer();

    const response = await deliver(succeeded, 'whsec_someone_else');

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message: BAD_SIGNATURE }] });
    expect(await Payment.countDocuments({ orderId: order.id })).toBe(0);
  });

  test('an event without a signature is 400', async () => {
    const response = await request(app)
      .post(WEBHOOK_PATH)
      .set('Content-Type', 'application/json')
      .send({ type: 'payment_intent.succeeded' });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message: BAD_SIGNATURE }] });
  });

  test('without a signing secret the endpoint answers 503, so Stripe delivers again later', async () => {
    const unconfigured = testApp(services, { stripeWebhookSecret: '' });

    const response = await deliver(eventAbout('charge.refunded', {}), 'whsec_x', unconfigured);

    expect(response.status).toBe(503);
    expect(response.body).toStrictEqual({ errors: [{ message: WEBHOOKS_OFF }] });
  });
});

describe('POST /api/payments/webhooks/stripe: payment_intent.succeeded', () => {
  test('a charge whose answer was lost becomes the payment, announced once however often delivered', async () => {
    const { order, intent, succeeded } = await chargeWithLostAnswer();

    const first = await deliver(succeeded);
    const again = await deliver(succeeded);

    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    const stored = await Payment.find({ orderId: order.id });
    expect(stored.map((payment) => payment.stripeId)).toStrictEqual([intent.id]);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([stored[0]?.toJSON()]);
    expect(await ChargeAttempt.find({ orderId: order.id }).distinct('state')).toStrictEqual([
      'charged',
    ]);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 2000 });
  });

  test('for an order cancelled meanwhile, the charge is refunded and nothing announced', async () => {
    const { order, succeeded } = await chargeWithLostAnswer();
    await Order.updateOne({ _id: order.id }, { status: OrderStatus.Cancelled, version: 1 });

    const response = await deliver(succeeded);

    expect(response.status).toBe(200);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 0, amount: 0 });
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([]);
  });

  test('the buyer paying again after it was recorded is told the order is paid, and not charged', async () => {
    const { order, succeeded } = await chargeWithLostAnswer();
    await deliver(succeeded);

    const again = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_mastercard' },
      order.userId,
    );

    expect(again.status).toBe(400);
    expect(again.body).toStrictEqual({ errors: [{ message: 'Order is already paid' }] });
    expect(stripe.proxy.ledger.intentsFor(order.id)).toHaveLength(1);
  });

  test('a charge that was processing becomes the payment when Stripe says it succeeded', async () => {
    const order = await storeOrder({ price: 20 });
    stripe.proxy.ledger.processNextCharges(1);
    const answer = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_visa' },
      order.userId,
    );
    expect(answer.status).toBe(202);
    const [intent] = stripe.proxy.ledger.intentsFor(order.id);
    if (!intent) throw new Error('the charge did not reach the ledger');
    stripe.proxy.ledger.finishProcessing(intent.id, 'succeeded');

    const delivered = await deliver(succeededEvent(order.id, intent));

    expect(delivered.status).toBe(200);
    const stored = await Payment.find({ orderId: order.id });
    expect(stored.map((payment) => payment.stripeId)).toStrictEqual([intent.id]);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([stored[0]?.toJSON()]);
    expect(await ChargeAttempt.find({ orderId: order.id }).distinct('state')).toStrictEqual([
      'charged',
    ]);
  });

  test('a charge for no order of ours is acknowledged and ignored', async () => {
    const response = await deliver(
      eventAbout('payment_intent.succeeded', {
        id: 'pi_elsewhere',
        object: 'payment_intent',
        status: 'succeeded',
        metadata: {},
      }),
    );

    expect(response.status).toBe(200);
    expect(await Payment.countDocuments()).toBe(0);
  });
});

describe('POST /api/payments/webhooks/stripe: other events', () => {
  test('payment_intent.payment_failed ends the attempt as declined', async () => {
    const { order, intent } = await chargeWithLostAnswer();

    const response = await deliver(
      eventAbout('payment_intent.payment_failed', {
        id: intent.id,
        object: 'payment_intent',
        status: 'requires_payment_method',
        metadata: { orderId: order.id, attempt: '1' },
      }),
    );

    expect(response.status).toBe(200);
    expect(await ChargeAttempt.find({ orderId: order.id }).distinct('state')).toStrictEqual([
      'declined',
    ]);
    expect(await Payment.countDocuments({ orderId: order.id })).toBe(0);
  });

  test('charge.refunded records a refund made elsewhere on the payment', async () => {
    const order = await storeOrder();
    const paid = await postPayment(app, { orderId: order.id, token: 'pm_card_visa' }, order.userId);
    const stripeId = (paid.body as { stripeId: string }).stripeId;
    const refund = await services.stripe.refunds.create({ payment_intent: stripeId });

    const response = await deliver(
      eventAbout('charge.refunded', { id: 'ch_test', object: 'charge', payment_intent: stripeId }),
    );

    expect(response.status).toBe(200);
    const stored = await Payment.findOne({ orderId: order.id });
    expect(stored?.stripeRefundId).toBe(refund.id);
    expect(stored?.version).toBe(1);
  });

  test('an event type it does not settle is acknowledged', async () => {
    const response = await deliver(eventAbout('customer.created', { id: 'cus_1' }));

    expect(response.status).toBe(200);
  });
});
