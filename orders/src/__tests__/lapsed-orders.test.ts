// The sweep for orders whose expiration:complete never came, against the real database: it
// cancels what lapsed and nothing else, and racing the expiration and another replica's
// sweep it cancels each order once.
import { InMemoryEventBus, OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { ExpirationCompleteListener } from '../events/listeners/expiration-complete-listener';
import { Order } from '../models/order';
import { cancelLapsedOrders } from '../services/cancel-lapsed-orders';
import { completeOrder } from '../services/complete-order';
import { EXPIRATION_WINDOW_SECONDS, silentLogger, testOutbox } from '../test/app';
import { saveOrder } from '../test/factories';
import { changesOf } from '../test/outbox-entries';

useTestDatabase();

const GRACE_MS = 60_000;

/** Placed so that it expired `msAgo` ago. */
const expiredAgo = (msAgo: number) =>
  new Date(Date.now() - EXPIRATION_WINDOW_SECONDS * 1_000 - msAgo);

/** The distinct order:cancelled events published for the order (a message id per entry). */
const cancellationsOf = (bus: InMemoryEventBus, orderId: string) =>
  new Set(
    bus.published
      .filter((message) => message.subject === Subjects.OrderCancelled)
      .filter((message) => message.data.includes(orderId))
      .map((message) => message.messageId),
  ).size;

describe('the sweep for lapsed orders', () => {
  test('cancels an active order past its expiry and the grace, and nothing else', async () => {
    const bus = new InMemoryEventBus();
    const outbox = testOutbox(bus);
    const lapsed = await saveOrder(outbox, { placedAt: expiredAgo(GRACE_MS + 5_000) });
    const inGrace = await saveOrder(outbox, { placedAt: expiredAgo(GRACE_MS - 5_000) });
    const held = await saveOrder(outbox);
    const paid = await saveOrder(outbox, { placedAt: expiredAgo(GRACE_MS + 5_000) });
    await completeOrder(outbox, paid.id);

    const cancelled = await cancelLapsedOrders({ outbox, logger: silentLogger, graceMs: GRACE_MS });

    expect(cancelled).toBe(1);
    const statuses = await Promise.all(
      [lapsed, inGrace, held, paid].map(async (order) => (await Order.findById(order.id))?.status),
    );
    expect(statuses).toEqual([
      OrderStatus.Cancelled,
      OrderStatus.Created,
      OrderStatus.Created,
      OrderStatus.Complete,
    ]);
    expect(cancellationsOf(bus, lapsed.id)).toBe(1);
    expect(bus.dataOf(Subjects.OrderCancelled)).toStrictEqual([
      { id: lapsed.id, version: 1, ticket: { id: lapsed.ticket } },
    ]);
  });

  test('two replicas sweeping while the expirations arrive cancel each order once', async () => {
    const bus = new InMemoryEventBus();
    const replicas = [testOutbox(bus), testOutbox(bus)];
    const orders = await Promise.all(
      Array.from({ length: 8 }, () =>
        saveOrder(replicas[0]!, { placedAt: expiredAgo(GRACE_MS + 5_000) }),
      ),
    );
    const expiration = new ExpirationCompleteListener(bus, replicas[1]!, silentLogger);

    const swept = await Promise.all([
      ...replicas.map((outbox) =>
        cancelLapsedOrders({ outbox, logger: silentLogger, graceMs: GRACE_MS }),
      ),
      ...orders.map((order) => expiration.onMessage({ orderId: order.id }).then(() => 0)),
    ]);

    for (const order of orders) {
      expect((await Order.findById(order.id))?.status).toBe(OrderStatus.Cancelled);
      expect((await changesOf(order.id)).map((change) => change.version)).toEqual([0, 1]);
      expect(cancellationsOf(bus, order.id)).toBe(1);
    }
    expect(swept.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(orders.length);
  });
});
