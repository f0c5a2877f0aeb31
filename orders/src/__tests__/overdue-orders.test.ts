// The sweep for orders whose expiration never came, against the real database: it announces
// expiration:complete for what is overdue and nothing else, again on every pass until the order
// is decided, and never cancels anything itself (payments decides; see payments'
// close-payment-window).
import { InMemoryEventBus, OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { Order } from '../models/order';
import { announceOverdueOrders } from '../services/announce-overdue-orders';
import { cancelOrder } from '../services/cancel-order';
import { completeOrder } from '../services/complete-order';
import { EXPIRATION_WINDOW_SECONDS, silentLogger, testOutbox } from '../test/app';
import { saveOrder } from '../test/factories';

useTestDatabase();

const GRACE_MS = 60_000;

/** Placed so that it expired `msAgo` ago. */
const expiredAgo = (msAgo: number) =>
  new Date(Date.now() - EXPIRATION_WINDOW_SECONDS * 1_000 - msAgo);

describe('the sweep for overdue orders', () => {
  test('announces expiration:complete for each unpaid order past its expiry and the grace, and changes no order', async () => {
    const bus = new InMemoryEventBus();
    const outbox = testOutbox(bus);
    const overdue = await saveOrder(outbox, { placedAt: expiredAgo(GRACE_MS + 5_000) });
    const inGrace = await saveOrder(outbox, { placedAt: expiredAgo(GRACE_MS - 5_000) });
    const held = await saveOrder(outbox);
    const paid = await saveOrder(outbox, { placedAt: expiredAgo(GRACE_MS + 5_000) });
    await completeOrder(outbox, paid.id);
    const cancelled = await saveOrder(outbox, { placedAt: expiredAgo(GRACE_MS + 5_000) });
    await cancelOrder(outbox, cancelled.id);

    const announced = await announceOverdueOrders({ bus, logger: silentLogger, graceMs: GRACE_MS });

    expect(announced).toBe(1);
    expect(bus.dataOf(Subjects.ExpirationComplete)).toStrictEqual([{ orderId: overdue.id }]);
    const statuses = await Promise.all(
      [overdue, inGrace, held].map(async (order) => (await Order.findById(order.id))?.status),
    );
    expect(statuses).toEqual([OrderStatus.Created, OrderStatus.Created, OrderStatus.Created]);
    expect((await Order.findById(overdue.id))?.version).toBe(0);
  });

  test('announces an overdue order again on the next pass, as a new event, until it is decided', async () => {
    const bus = new InMemoryEventBus();
    const outbox = testOutbox(bus);
    const order = await saveOrder(outbox, { placedAt: expiredAgo(GRACE_MS + 5_000) });
    const sweep = () => announceOverdueOrders({ bus, logger: silentLogger, graceMs: GRACE_MS });

    await sweep();
    await sweep();
    await cancelOrder(outbox, order.id);
    await sweep();

    const announcements = bus.published.filter(
      (message) => message.subject === Subjects.ExpirationComplete,
    );
    expect(announcements.map((message) => message.data)).toStrictEqual([
      JSON.stringify({ orderId: order.id }),
      JSON.stringify({ orderId: order.id }),
    ]);
    // Two events, not one repeated: JetStream would drop a repeated id inside its window.
    expect(new Set(announcements.map((message) => message.messageId)).size).toBe(2);
  });
});
