// payment:created through a real bus: the order becomes complete once, silently (no later
// event depends on that version), and a payment for a cancelled order changes nothing.
import { type EventBus, OrderStatus, type Outbox, Subjects } from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';
import {
  captureLogs,
  connectTestBus,
  linesWith,
  type LogLine,
  publishEvent,
  transports,
  useTestDatabase,
  waitFor,
} from '@ticketing/test-kit';

import { Order } from '../../../models/order';
import { cancelOrder } from '../../../services/cancel-order';
import { startBusServers } from '../../../test/bus';
import { newId, saveOrder } from '../../../test/factories';
import { startOrderListeners } from '../../../test/order-listeners';
import { changesOf } from '../../../test/outbox-entries';

useTestDatabase();

let servers: Infra;
beforeAll(async () => {
  servers = await startBusServers();
});
afterAll(() => servers.stop());

describe.each(transports)('payment:created on %s', (transport) => {
  let bus: EventBus;
  let outbox: Outbox;
  let lines: LogLine[];

  beforeEach(async () => {
    bus = await connectTestBus(transport, servers);
    const logs = captureLogs();
    lines = logs.lines;
    ({ outbox } = await startOrderListeners(bus, logs.logger));
  });

  afterEach(() => bus.close());

  const pay = (orderId: string) =>
    publishEvent(bus, Subjects.PaymentCreated, { id: newId(), orderId, stripeId: 'ch_test' });
  const handledFor = (orderId: string) =>
    linesWith(lines, 'event handled', { subject: Subjects.PaymentCreated, orderId });

  test('marks the order complete at the next version, once, even when delivered twice', async () => {
    const order = await saveOrder(outbox);

    await pay(order.id);
    await pay(order.id);

    await waitFor('both deliveries', () => handledFor(order.id).length === 2);
    const stored = await Order.findById(order.id);
    expect(stored?.status).toBe(OrderStatus.Complete);
    expect(stored?.version).toBe(1);
    expect(stored?.ticketLock).toBe(order.ticket);
    const changes = await changesOf(order.id);
    expect(changes.map((change) => [change.version, change.events.length])).toStrictEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  test('a payment for a cancelled order changes nothing and is logged as a warning', async () => {
    const order = await saveOrder(outbox);
    await cancelOrder(outbox, order.id);

    await pay(order.id);

    await waitFor('the delivery', () => handledFor(order.id).length === 1);
    const stored = await Order.findById(order.id);
    expect(stored?.status).toBe(OrderStatus.Cancelled);
    expect(stored?.version).toBe(1);
    const warnings = linesWith(
      lines,
      'payment for an order that can no longer be completed; not applied',
      { orderId: order.id, status: OrderStatus.Cancelled },
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe(40);
  });

  test('a payment for an unknown order is acked with a warning', async () => {
    const orderId = newId();

    await pay(orderId);

    await waitFor('the delivery', () => handledFor(orderId).length === 1);
    expect(linesWith(lines, 'payment for an unknown order; ignored', { orderId })).toHaveLength(1);
  });
});
