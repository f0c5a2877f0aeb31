// The compile-time half of this file is checked by `tsc -p common/tsconfig.json` (ts-jest only
// transpiles, since the config sets isolatedModules): each `@ts-expect-error` below must meet
// an error, or the type check fails.
import { pino } from 'pino';

import { InMemoryEventBus } from '../bus/in-memory-bus';
import type { Event, EventMap } from '../event-map';
import { Listener } from '../listener';
import type { OrderCreatedEvent } from '../order-created-event';
import { OrderStatus } from '../order-status';
import { Publisher } from '../publisher';
import { QueueGroups } from '../queue-groups';
import { Subjects } from '../subjects';

class OrderCreatedPublisher extends Publisher<OrderCreatedEvent> {
  readonly subject = Subjects.OrderCreated;
}

class OrderCreatedListener extends Listener<OrderCreatedEvent> {
  readonly subject = Subjects.OrderCreated;
  readonly queueGroupName = QueueGroups.PaymentsService;
  readonly received: OrderCreatedEvent['data'][] = [];

  async onMessage(data: OrderCreatedEvent['data']): Promise<void> {
    this.received.push(data);
  }
}

const buildOrder = (overrides: Partial<OrderCreatedEvent['data']> = {}) => ({
  id: 'order-1',
  version: 0,
  status: OrderStatus.Created,
  userId: 'user-1',
  expiresAt: new Date('2030-01-01T00:15:00Z').toISOString(),
  ticket: { id: 'ticket-1', price: 20 },
  ...overrides,
});

describe('typed events', () => {
  it('cover every subject with exactly one event', () => {
    const everySubjectHasAnEvent: [Exclude<Subjects, Event['subject']>] extends [never]
      ? true
      : false = true;

    expect(everySubjectHasAnEvent).toBe(true);
  });

  it('reject a publisher or listener whose subject or data do not match (compile time)', () => {
    class WrongSubjectPublisher extends Publisher<OrderCreatedEvent> {
      // @ts-expect-error: an order:created publisher cannot publish on ticket:created
      readonly subject = Subjects.TicketCreated;
    }
    class WrongSubjectListener extends Listener<OrderCreatedEvent> {
      // @ts-expect-error: an order:created listener cannot listen on order:cancelled
      readonly subject = Subjects.OrderCancelled;
      readonly queueGroupName = QueueGroups.TicketsService;
      async onMessage(): Promise<void> {}
    }
    // @ts-expect-error: a payload that is not one of the catalog's events
    type Invented = Publisher<{ subject: Subjects.OrderCreated; data: { colour: string } }>;
    const publisher = new OrderCreatedPublisher(new InMemoryEventBus());
    const missingTicket = () =>
      // @ts-expect-error: order:created data needs the ticket
      publisher.publish({ ...buildOrder(), ticket: undefined });
    // @ts-expect-error: expiresAt travels as an ISO string, not a Date
    const dateInstead = () => publisher.publish({ ...buildOrder(), expiresAt: new Date() });
    const ticketPrice: EventMap[Subjects.TicketCreated]['price'] = 20;

    expect([WrongSubjectPublisher, WrongSubjectListener, missingTicket, dateInstead]).toHaveLength(
      4,
    );
    expect<Invented | number>(ticketPrice).toBe(20);
  });

  it('carry a published event to a listener as the same typed data', async () => {
    const bus = new InMemoryEventBus();
    const listener = new OrderCreatedListener(bus, pino({ level: 'silent' }));
    await listener.listen();

    await new OrderCreatedPublisher(bus).publish(buildOrder(), { messageId: 'outbox-1' });
    await bus.settled();

    expect(listener.received).toEqual([buildOrder()]);
    expect(bus.published).toEqual([
      { subject: Subjects.OrderCreated, data: JSON.stringify(buildOrder()), messageId: 'outbox-1' },
    ]);
    expect(bus.dataOf(Subjects.OrderCreated)).toEqual([buildOrder()]);
  });

  it('give each publish a fresh message id when the caller passes none', async () => {
    const bus = new InMemoryEventBus();
    const publisher = new OrderCreatedPublisher(bus);

    await publisher.publish(buildOrder());
    await publisher.publish(buildOrder());

    const [first, second] = bus.published.map((message) => message.messageId);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
  });
});
