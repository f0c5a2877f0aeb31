import { InMemoryEventBus, Outbox, Subjects } from '@ticketing/common';
import { captureLogs, linesWith, useTestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';

import { orderCancelledData, orderCreatedData } from '../../../test/orders';
import { OrderCancelledListener } from '../order-cancelled-listener';
import { OrderCreatedListener } from '../order-created-listener';

useTestDatabase();

const UNKNOWN_TICKETS = ['0123456789abcdef01234567', 'not-an-id'];

describe.each(UNKNOWN_TICKETS)('order events naming the unknown ticket %p', (ticketId) => {
  test('are acked once, logged, and publish nothing', async () => {
    const logs = captureLogs();
    const bus = new InMemoryEventBus();
    const outbox = new Outbox(mongoose.connection.db!, bus, { logger: logs.logger });
    await new OrderCreatedListener(bus, outbox, logs.logger).listen();
    await new OrderCancelledListener(bus, outbox, logs.logger).listen();
    const created = orderCreatedData({ id: ticketId, price: 10 });

    await bus.publish(Subjects.OrderCreated, JSON.stringify(created), { messageId: 'c' });
    await bus.publish(Subjects.OrderCancelled, JSON.stringify(orderCancelledData(created)), {
      messageId: 'x',
    });
    await bus.redeliver();

    const handled = (subject: Subjects) =>
      linesWith(logs.lines, 'event handled', { subject, id: created.id });
    expect(handled(Subjects.OrderCreated)).toHaveLength(1);
    expect(handled(Subjects.OrderCancelled)).toHaveLength(1);
    expect(logs.lines.filter((line) => line.ticketId === ticketId)).toHaveLength(2);
    expect(bus.dataOf(Subjects.TicketUpdated)).toEqual([]);
  });
});
