// The two listeners against a real bus (NATS Streaming and JetStream, servers started for this
// file), the real database and the real Stripe SDK talking to stripe-mock. The test plays the
// orders service: it publishes order:created and order:cancelled.
import { type EventBus, OrderStatus, Outbox, Subjects, type Transport } from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';
import {
  captureLogs,
  connectTestBus,
  linesWith,
  type LogLine,
  transports,
  useTestDatabase,
  waitFor,
} from '@ticketing/test-kit';
import mongoose from 'mongoose';

import { Order } from '../../../models/order';
import { Payment } from '../../../models/payment';
import type { PaymentServices } from '../../../services/payment-services';
import { publishOrderCancelled, publishOrderCreated, startBusServer } from '../../../test/bus';
import { buildOrderCancelled, buildOrderCreated, storePaymentFor } from '../../../test/factories';
import { inspectedStripe, type InspectingHttpClient, useStripeMock } from '../../../test/stripe';
import { OrderCancelledListener } from '../order-cancelled-listener';
import { OrderCreatedListener } from '../order-created-listener';

useTestDatabase();
const stripeMock = useStripeMock();

describe.each(transports)('the order listeners on %s', (transport: Transport) => {
  let infra: Infra;
  let serviceBus: EventBus;
  let ordersBus: EventBus;
  let services: PaymentServices;
  let http: InspectingHttpClient;
  let logs: LogLine[];

  beforeAll(async () => {
    infra = await startBusServer(transport);
    serviceBus = await connectTestBus(transport, infra);
    ordersBus = await connectTestBus(transport, infra);
    const inspected = inspectedStripe(stripeMock.url);
    const captured = captureLogs();
    http = inspected.http;
    logs = captured.lines;
    const { db } = mongoose.connection;
    if (!db) throw new Error('the test database is not connected');
    const outbox = new Outbox(db, serviceBus, { logger: captured.logger });
    services = { stripe: inspected.stripe, outbox, logger: captured.logger };
    await new OrderCreatedListener(serviceBus, captured.logger).listen();
    await new OrderCancelledListener(serviceBus, services).listen();
  });

  afterAll(async () => {
    await Promise.all([serviceBus?.close(), ordersBus?.close()]);
    await infra?.stop();
  });

  /** The refund requests the SDK sent for one charge (the client is shared by the tests). */
  const refundsOf = (stripeId: string) =>
    http.sentTo('/v1/refunds').filter((refund) => refund.params.get('payment_intent') === stripeId);

  /** Resolves once `count` deliveries of the subject for the order were handled and acked. */
  const handled = (subject: Subjects, orderId: string, count = 1) =>
    waitFor(`${count} × ${subject} handled for ${orderId}`, () => {
      return linesWith(logs, 'event handled', { subject, id: orderId }).length >= count;
    });

  test('order:created stores the replica: owner, price, status, version', async () => {
    const created = buildOrderCreated({ ticket: { id: 'ticket-1', price: 19.99 } });

    await publishOrderCreated(ordersBus, created);
    await handled(Subjects.OrderCreated, created.id);

    const order = await Order.findById(created.id);
    expect(order?.toJSON()).toStrictEqual({
      id: created.id,
      version: 0,
      userId: created.userId,
      price: 19.99,
      status: OrderStatus.Created,
    });
  });

  test('a second delivery of order:created is acked and changes nothing', async () => {
    const created = buildOrderCreated();

    await publishOrderCreated(ordersBus, created);
    await publishOrderCreated(ordersBus, created);
    await handled(Subjects.OrderCreated, created.id, 2);

    expect(await Order.countDocuments({ _id: created.id })).toBe(1);
  });

  test('order:cancelled over version 0 makes the replica cancelled at version 1', async () => {
    const created = buildOrderCreated();
    await publishOrderCreated(ordersBus, created);
    await handled(Subjects.OrderCreated, created.id);
    const refundsBefore = http.sentTo('/v1/refunds').length;

    await publishOrderCancelled(ordersBus, buildOrderCancelled(created));
    await handled(Subjects.OrderCancelled, created.id);

    expect(await Order.findById(created.id)).toMatchObject({
      status: OrderStatus.Cancelled,
      version: 1,
    });
    // No payment was taken, so there is nothing to give back.
    expect(http.sentTo('/v1/refunds')).toHaveLength(refundsBefore);
  });

  test('order:cancelled arriving before order:created waits for it, then applies', async () => {
    const created = buildOrderCreated();

    await publishOrderCancelled(ordersBus, buildOrderCancelled(created));
    await waitFor('the early order:cancelled to be put back', () => {
      return (
        linesWith(logs, 'event not applied yet; will be redelivered', { id: created.id }).length > 0
      );
    });
    await publishOrderCreated(ordersBus, created);
    await handled(Subjects.OrderCancelled, created.id);

    expect(await Order.findById(created.id)).toMatchObject({
      status: OrderStatus.Cancelled,
      version: 1,
    });
  });

  test('a late order:cancelled refunds the stored payment once, however often it comes', async () => {
    const created = buildOrderCreated();
    await publishOrderCreated(ordersBus, created);
    await handled(Subjects.OrderCreated, created.id);
    const payment = await storePaymentFor(services.outbox, created.id, 'pi_taken_earlier');

    await publishOrderCancelled(ordersBus, buildOrderCancelled(created));
    await publishOrderCancelled(ordersBus, buildOrderCancelled(created));
    await handled(Subjects.OrderCancelled, created.id, 2);

    expect(refundsOf('pi_taken_earlier')).toHaveLength(1);
    const stored = await Payment.findById(payment.id);
    expect(stored?.stripeRefundId).toMatch(/^re_/);
    expect(stored?.version).toBe(1);
  });

  test('a refund Stripe cannot take now is made when the event comes back', async () => {
    const created = buildOrderCreated();
    await publishOrderCreated(ordersBus, created);
    await handled(Subjects.OrderCreated, created.id);
    await storePaymentFor(services.outbox, created.id, 'pi_refund_later');
    const outage = http.fail('/v1/refunds');

    await publishOrderCancelled(ordersBus, buildOrderCancelled(created));
    await waitFor('the failed refund to leave the event unacked', () => {
      return (
        linesWith(logs, 'event handler failed; will be redelivered', { id: created.id }).length > 0
      );
    });
    outage.recover();
    await handled(Subjects.OrderCancelled, created.id);

    const stored = await Payment.findOne({ orderId: created.id });
    expect(stored?.stripeRefundId).toMatch(/^re_/);
    const refundKeys = refundsOf('pi_refund_later').map((refund) => refund.idempotencyKey);
    expect(refundKeys.length).toBeGreaterThan(1);
    expect(new Set(refundKeys)).toStrictEqual(new Set(['refund:pi_refund_later']));
  });
});
