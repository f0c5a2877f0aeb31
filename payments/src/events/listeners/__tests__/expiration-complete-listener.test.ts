// expiration:complete against a real bus (NATS Streaming and JetStream, servers started for this
// file) and the real database: payments closes the order's payment window and announces it
// once, however often the expiration is delivered; it waits for its own clock and for the
// order's order:created; and it leaves an order paid or charging alone.
import { type EventBus, Outbox, Subjects, type Transport } from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';
import {
  captureLogs,
  connectTestBus,
  linesWith,
  type LogLine,
  publishEvent,
  recordEvents,
  transports,
  useTestDatabase,
  waitFor,
} from '@ticketing/test-kit';
import mongoose from 'mongoose';

import { ChargeAttempt } from '../../../models/charge-attempt';
import type { PaymentServices } from '../../../services/payment-services';
import { startBusServer } from '../../../test/bus';
import { buildOrderCreated, storeOrder, storePaymentFor } from '../../../test/factories';
import { inspectedStripe, useStripeMock } from '../../../test/stripe';
import { ExpirationCompleteListener } from '../expiration-complete-listener';
import { OrderCreatedListener } from '../order-created-listener';

useTestDatabase();
const stripeMock = useStripeMock();

// Long enough for a second payment:window-closed to arrive if one had been published.
const DUPLICATE_WINDOW_MS = 500;

describe.each(transports)('expiration:complete on %s', (transport: Transport) => {
  let infra: Infra;
  let serviceBus: EventBus;
  let otherBus: EventBus;
  let logs: LogLine[];
  let closed: { orderId: string }[];
  let payments: PaymentServices;

  beforeAll(async () => {
    infra = await startBusServer(transport);
    serviceBus = await connectTestBus(transport, infra);
    otherBus = await connectTestBus(transport, infra);
    const captured = captureLogs();
    logs = captured.lines;
    const { db } = mongoose.connection;
    if (!db) throw new Error('the test database is not connected');
    payments = {
      stripe: inspectedStripe(stripeMock.url).stripe,
      outbox: new Outbox(db, serviceBus, { logger: captured.logger }),
      logger: captured.logger,
    };
    await new OrderCreatedListener(serviceBus, captured.logger).listen();
    await new ExpirationCompleteListener(serviceBus, payments).listen();
    closed = await recordEvents(otherBus, Subjects.PaymentWindowClosed);
  });

  afterAll(async () => {
    await Promise.all([serviceBus?.close(), otherBus?.close()]);
    await infra?.stop();
  });

  const expire = (orderId: string) =>
    publishEvent(otherBus, Subjects.ExpirationComplete, { orderId });
  const handledFor = (orderId: string) =>
    linesWith(logs, 'event handled', { subject: Subjects.ExpirationComplete, orderId });
  const closedFor = (orderId: string) => closed.filter((event) => event.orderId === orderId);
  const expired = () => ({ expiresAt: new Date(Date.now() - 1_000) });

  test('closes the window of an unpaid order and announces it once, even when delivered twice', async () => {
    const order = await storeOrder(expired());

    await expire(order.id);
    await expire(order.id);

    await waitFor('both deliveries', () => handledFor(order.id).length === 2);
    await waitFor('payment:window-closed', () => closedFor(order.id).length > 0);
    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WINDOW_MS));
    expect(closedFor(order.id)).toStrictEqual([{ orderId: order.id }]);
    expect(await ChargeAttempt.countDocuments({ orderId: order.id, state: 'closed' })).toBe(1);
  });

  test('a paid order, or one with a charge in flight, keeps its window', async () => {
    const paid = await storeOrder(expired());
    await storePaymentFor(payments.outbox, paid.id);
    const charging = await storeOrder(expired());
    await ChargeAttempt.create({
      orderId: charging.id,
      number: 1,
      paymentMethod: 'pm_card_visa',
      amountInCents: 2000,
      state: 'charging',
      startedAt: new Date(Date.now() - 2_000),
    });

    await expire(paid.id);
    await expire(charging.id);

    await waitFor('both deliveries', () =>
      [paid, charging].every((order) => handledFor(order.id).length === 1),
    );
    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WINDOW_MS));
    expect(closedFor(paid.id)).toStrictEqual([]);
    expect(closedFor(charging.id)).toStrictEqual([]);
    expect(
      linesWith(
        logs,
        'reservation ran out with a charge in flight: it started in time, so its end decides',
        {
          orderId: charging.id,
        },
      ),
    ).toHaveLength(1);
  });

  test('an expiration ahead of this clock waits until the order has expired here', async () => {
    const order = await storeOrder({ expiresAt: new Date(Date.now() + 2_000) });

    await expire(order.id);

    await waitFor('the early expiration deferred', () =>
      linesWith(logs, 'event not applied yet; will be redelivered', { orderId: order.id }).some(
        (line) => line.reason === "the deadline has not passed yet by this host's clock",
      ),
    );
    const closedEarly = closedFor(order.id).length;
    await waitFor('payment:window-closed', () => closedFor(order.id).length > 0);
    const [entry] = await ChargeAttempt.find({ orderId: order.id, state: 'closed' });

    expect(closedEarly).toBe(0);
    expect(entry?.startedAt.getTime()).toBeGreaterThan(Date.now() - 10_000);
    expect(entry?.startedAt.getTime()).toBeGreaterThanOrEqual(order.expiresAt!.getTime());
  });

  test("an expiration ahead of the order's order:created waits for it", async () => {
    const created = buildOrderCreated({ expiresAt: new Date(Date.now() - 1_000).toISOString() });

    await expire(created.id);
    await waitFor('the expiration deferred', () =>
      linesWith(logs, 'event not applied yet; will be redelivered', {
        orderId: created.id,
      }).some((line) => line.reason === 'order:created not handled yet'),
    );
    await publishEvent(otherBus, Subjects.OrderCreated, created);

    await waitFor('payment:window-closed', () => closedFor(created.id).length > 0);
    expect(closedFor(created.id)).toStrictEqual([{ orderId: created.id }]);
  });
});
