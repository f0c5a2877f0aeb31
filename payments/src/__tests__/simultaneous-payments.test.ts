// Ten payments for one order at once: a double click, a retrying client, several replicas.
// Whatever the interleaving, the card is charged under one idempotency key (so Stripe makes
// one charge), one payment is stored, and one payment:created goes out; the unique orderId
// index decides which request wins. stripe-mock does not honour idempotency keys (it answers
// each copy with a new PaymentIntent id), so the test checks what the SDK sent, not what the
// mock did.
import { Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { Payment } from '../models/payment';
import { testApp, testServices } from '../test/app';
import { storeOrder } from '../test/factories';
import { postPayment } from '../test/requests';
import { inspectedStripe, useStripeMock } from '../test/stripe';

useTestDatabase();
const stripeMock = useStripeMock();

const SIMULTANEOUS = 10;

describe.each(['tok_visa', 'pm_card_visa'])('ten simultaneous payments with %s', (token) => {
  async function payTenTimesAtOnce() {
    const { stripe, http } = inspectedStripe(stripeMock.url);
    const services = testServices(stripe);
    const app = testApp(services);
    const order = await storeOrder();
    const body = { orderId: order.id, token };

    const responses = await Promise.all(
      Array.from({ length: SIMULTANEOUS }, () => postPayment(app, body, order.userId)),
    );

    return { order, responses, services, http };
  }

  test('exactly one succeeds and every other is told the order is already paid', async () => {
    const { responses } = await payTenTimesAtOnce();

    const created = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status === 400);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(SIMULTANEOUS - 1);
    for (const response of refused) {
      expect(response.body).toStrictEqual({ errors: [{ message: 'Order is already paid' }] });
    }
  });

  test('one payment is stored and one payment:created is published, for the winner', async () => {
    const { order, responses, services } = await payTenTimesAtOnce();

    const winner = responses.find((response) => response.status === 201);
    const stored = await Payment.find({ orderId: order.id });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.toJSON()).toStrictEqual(winner?.body);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([winner?.body]);
  });

  test('the stored charge is never refunded; only a charge that lost is', async () => {
    const { order, http } = await payTenTimesAtOnce();

    // Real Stripe answers every copy with the one PaymentIntent, so nothing is refunded; the
    // mock answers each with its own, and the losers give theirs back.
    const stored = await Payment.findOne({ orderId: order.id });
    const refunded = http
      .sentTo('/v1/refunds')
      .map((refund) => refund.params.get('payment_intent'));
    expect(refunded).not.toContain(stored?.stripeId);
    expect(stored?.stripeRefundId).toBeUndefined();
  });

  test('every charge the SDK sent carried the same idempotency key', async () => {
    const { http } = await payTenTimesAtOnce();

    const charges = http.sentTo('/v1/payment_intents');
    expect(charges.length).toBeGreaterThanOrEqual(1);
    expect(new Set(charges.map((charge) => charge.idempotencyKey)).size).toBe(1);
    expect(charges[0]?.idempotencyKey).toMatch(/^payment:/);
    const methods = http.sentTo('/v1/payment_methods');
    expect(new Set(methods.map((method) => method.idempotencyKey)).size).toBe(
      token.startsWith('tok_') ? 1 : 0,
    );
  });
});
