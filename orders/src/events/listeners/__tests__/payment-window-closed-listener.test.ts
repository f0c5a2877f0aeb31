// payment:window-closed through a real bus: the order is cancelled and order:cancelled published
// once, however often the event is delivered, and never for a paid order.
import { setTimeout as sleep } from 'node:timers/promises';

import { type EventBus, OrderStatus, type Outbox, Subjects } from '@ticketing/common';
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

import { Order } from '../../../models/order';
import { completeOrder } from '../../../services/complete-order';
import { EXPIRATION_WINDOW_SECONDS } from '../../../test/app';
import { startBusServers } from '../../../test/bus';
import { newId, saveOrder } from '../../../test/factories';
import { startOrderListeners } from '../../../test/order-listeners';
import { changesOf } from '../../../test/outbox-entries';

useTestDatabase();

// Long enough for a second order:cancelled to arrive if one had been published.
const DUPLICATE_WINDOW_MS = 500;

let servers: Infra;
beforeAll(async () => {
  servers = await startBusServers();
});
afterAll(() => servers.stop());

describe.each(transports)('payment:window-closed on %s', (transport) => {
  let bus: EventBus;
  let outbox: Outbox;
  let lines: LogLine[];
  let cancellations: Awaited<ReturnType<typeof recordEvents<Subjects.OrderCancelled>>>;

  beforeEach(async () => {
    bus = await connectTestBus(transport, servers);
    const logs = captureLogs();
    lines = logs.lines;
    ({ outbox } = await startOrderListeners(bus, logs.logger));
    cancellations = await recordEvents(bus, Subjects.OrderCancelled);
  });

  afterEach(() => bus.close());

  const closeWindow = (orderId: string) =>
    publishEvent(bus, Subjects.PaymentWindowClosed, { orderId });
  const handledFor = (orderId: string) =>
    linesWith(lines, 'event handled', { subject: Subjects.PaymentWindowClosed, orderId });
  const cancellationsOf = (orderId: string) =>
    cancellations.filter((event) => event.id === orderId);

  test('cancels the order and publishes order:cancelled once, even when delivered twice', async () => {
    const order = await saveOrder(outbox);

    await closeWindow(order.id);
    await closeWindow(order.id);

    await waitFor('both deliveries', () => handledFor(order.id).length === 2);
    await waitFor('order:cancelled', () => cancellationsOf(order.id).length > 0);
    await sleep(DUPLICATE_WINDOW_MS);
    expect(cancellationsOf(order.id)).toStrictEqual([
      { id: order.id, version: 1, ticket: { id: order.ticket } },
    ]);
    const stored = await Order.findById(order.id);
    expect(stored?.status).toBe(OrderStatus.Cancelled);
    expect(stored?.version).toBe(1);
    expect(stored?.ticketLock).toBe(`released:${order.id}`);
  });

  test('a closed window after the payment changes nothing and publishes nothing', async () => {
    const order = await saveOrder(outbox);
    await completeOrder(outbox, order.id);

    await closeWindow(order.id);

    await waitFor('the delivery', () => handledFor(order.id).length === 1);
    await sleep(DUPLICATE_WINDOW_MS);
    expect(cancellationsOf(order.id)).toStrictEqual([]);
    const stored = await Order.findById(order.id);
    expect(stored?.status).toBe(OrderStatus.Complete);
    expect(stored?.version).toBe(1);
    expect((await changesOf(order.id)).map((change) => change.version)).toStrictEqual([0, 1]);
  });

  test('a closed window for an unknown order is acked with a warning', async () => {
    const orderId = newId();

    await closeWindow(orderId);

    await waitFor('the delivery', () => handledFor(orderId).length === 1);
    expect(
      linesWith(lines, 'payment window closed for an unknown order; ignored', { orderId }),
    ).toHaveLength(1);
  });
});

describe.each(transports)('payment:window-closed ahead of the clock, on %s', (transport) => {
  let bus: EventBus;
  let outbox: Outbox;
  let lines: LogLine[];

  beforeEach(async () => {
    bus = await connectTestBus(transport, servers);
    const logs = captureLogs();
    lines = logs.lines;
    ({ outbox } = await startOrderListeners(bus, logs.logger, () => new Date()));
  });

  afterEach(() => bus.close());

  test('is deferred until the order expires by this clock, then cancels it', async () => {
    // Placed long enough ago that it expires 2 s from now.
    const placedAt = new Date(Date.now() - (EXPIRATION_WINDOW_SECONDS - 2) * 1_000);
    const order = await saveOrder(outbox, { placedAt });

    await publishEvent(bus, Subjects.PaymentWindowClosed, { orderId: order.id });
    await waitFor('the early closing deferred', () =>
      linesWith(lines, 'event not applied yet; will be redelivered', { orderId: order.id }).some(
        (line) => line.reason === "the deadline has not passed yet by this host's clock",
      ),
    );
    const whileHeld = await Order.findById(order.id);
    await waitFor('the order cancelled', async () => {
      const stored = await Order.findById(order.id);
      return stored?.status === OrderStatus.Cancelled;
    });
    const [, cancellation] = await changesOf(order.id);

    expect(whileHeld?.status).toBe(OrderStatus.Created);
    expect(cancellation?.version).toBe(1);
    expect(cancellation?.createdAt.getTime()).toBeGreaterThanOrEqual(order.expiresAt.getTime());
  });

  test('moments before the order expires, waits it out and cancels without a redelivery', async () => {
    const placedAt = new Date(Date.now() - (EXPIRATION_WINDOW_SECONDS * 1_000 - 300));
    const order = await saveOrder(outbox, { placedAt });

    await publishEvent(bus, Subjects.PaymentWindowClosed, { orderId: order.id });
    await waitFor('the order cancelled', async () => {
      const stored = await Order.findById(order.id);
      return stored?.status === OrderStatus.Cancelled;
    });
    const [, cancellation] = await changesOf(order.id);

    expect(
      linesWith(lines, 'event not applied yet; will be redelivered', { orderId: order.id }),
    ).toHaveLength(0);
    expect(cancellation?.createdAt.getTime()).toBeGreaterThanOrEqual(order.expiresAt.getTime());
  });
});
