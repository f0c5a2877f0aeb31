// The race between paying and expiring: the order is cancelled (order:cancelled handled by the
// real listener) while the card is being charged. The charge is held in flight at the HTTP
// client until the replica says cancelled, then let through to stripe-mock.
import { OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { OrderCancelledListener } from '../events/listeners/order-cancelled-listener';
import { Order, type OrderDoc } from '../models/order';
import { Payment } from '../models/payment';
import { refundKey } from '../services/idempotency-keys';
import { testApp, type TestServices, testServices } from '../test/app';
import { storeOrder } from '../test/factories';
import { postPayment } from '../test/requests';
import { inspectedStripe, type InspectingHttpClient, useStripeMock } from '../test/stripe';

useTestDatabase();
const stripeMock = useStripeMock();

let services: TestServices;
let http: InspectingHttpClient;

beforeEach(async () => {
  const inspected = inspectedStripe(stripeMock.url);
  http = inspected.http;
  services = testServices(inspected.stripe);
  await new OrderCancelledListener(services.bus, services).listen();
});

/** Orders announces that the order is cancelled; resolves once payments has handled it. */
async function cancelOrder(order: OrderDoc): Promise<void> {
  const data = { id: order.id, version: order.version + 1, ticket: { id: 'ticket' } };
  await services.bus.publish(Subjects.OrderCancelled, JSON.stringify(data), {
    messageId: `cancel-${order.id}`,
  });
  await services.bus.settled();
}

/** Starts a payment, cancels the order while its charge is in flight, then lets it finish. */
async function payWhileTheOrderIsCancelled(order: OrderDoc) {
  const charge = http.hold('/v1/payment_intents');
  const response = postPayment(
    testApp(services),
    { orderId: order.id, token: 'tok_visa' },
    order.userId,
  ).then((finished) => finished);
  await charge.reached;
  await cancelOrder(order);
  charge.release();
  return response;
}

describe('an order cancelled while its charge is in flight', () => {
  test('the request answers 400 Cannot pay for a cancelled order', async () => {
    const order = await storeOrder();

    const response = await payWhileTheOrderIsCancelled(order);

    expect(await Order.findById(order.id)).toMatchObject({ status: OrderStatus.Cancelled });
    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Cannot pay for a cancelled order' }],
    });
  });

  test('the charge is refunded once, under its own idempotency key', async () => {
    const order = await storeOrder();

    await payWhileTheOrderIsCancelled(order);

    const stored = await Payment.findOne({ orderId: order.id });
    const refunds = http.sentTo('/v1/refunds');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.params.get('payment_intent')).toBe(stored?.stripeId);
    expect(refunds[0]?.idempotencyKey).toBe(refundKey(stored?.stripeId ?? ''));
  });

  test('the payment is stored with its refund id, and no payment:created is published', async () => {
    const order = await storeOrder();

    await payWhileTheOrderIsCancelled(order);

    const stored = await Payment.find({ orderId: order.id });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.stripeId).toMatch(/^pi_/);
    expect(stored[0]?.stripeRefundId).toMatch(/^re_/);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([]);
  });

  test('a refund Stripe could not take is finished by the buyer’s next attempt', async () => {
    const order = await storeOrder();
    const outage = http.fail('/v1/refunds');

    const first = await payWhileTheOrderIsCancelled(order);
    const owed = await Payment.findOne({ orderId: order.id });
    outage.recover();
    const second = await postPayment(
      testApp(services),
      { orderId: order.id, token: 'tok_visa' },
      order.userId,
    );

    expect(first.status).toBe(503);
    expect(owed?.stripeRefundId).toBeUndefined();
    expect(second.status).toBe(400);
    expect(second.body).toStrictEqual({
      errors: [{ message: 'Cannot pay for a cancelled order' }],
    });
    expect((await Payment.findOne({ orderId: order.id }))?.stripeRefundId).toMatch(/^re_/);
    expect(http.sentTo('/v1/payment_intents')).toHaveLength(1);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([]);
  });
});
