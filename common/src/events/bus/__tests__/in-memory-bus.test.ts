import { Subjects } from '../../subjects';
import type { BusMessage } from '../event-bus';
import { InMemoryEventBus } from '../in-memory-bus';

const text = (message: BusMessage) => Buffer.from(message.data).toString();

const subscribeRecording = async (
  bus: InMemoryEventBus,
  queueGroup: string,
  ack: (message: BusMessage) => boolean = () => true,
) => {
  const received: BusMessage[] = [];
  await bus.subscribe({
    subject: Subjects.TicketCreated,
    queueGroup,
    ackWaitMs: 1_000,
    handler: async (message) => {
      received.push(message);
      if (ack(message)) message.ack();
    },
  });
  return received;
};

describe('the in-memory bus', () => {
  it('records every publish in order, for route tests to assert on', async () => {
    const bus = new InMemoryEventBus();

    await bus.publish(Subjects.TicketCreated, '{"id":"a"}', { messageId: '1' });
    await bus.publish(Subjects.OrderCancelled, new TextEncoder().encode('{"id":"b"}'), {
      messageId: '2',
    });

    expect(bus.published).toEqual([
      { subject: Subjects.TicketCreated, data: '{"id":"a"}', messageId: '1' },
      { subject: Subjects.OrderCancelled, data: '{"id":"b"}', messageId: '2' },
    ]);
    bus.clear();
    expect(bus.published).toEqual([]);
  });

  it('hands each event to one replica of every group, and a new group everything so far', async () => {
    const bus = new InMemoryEventBus();
    const firstA = await subscribeRecording(bus, 'first');
    const firstB = await subscribeRecording(bus, 'first');

    await bus.publish(Subjects.TicketCreated, '1', { messageId: '1' });
    await bus.publish(Subjects.TicketCreated, '2', { messageId: '2' });
    await bus.publish(Subjects.OrderCreated, 'other subject', { messageId: '3' });
    const late = await subscribeRecording(bus, 'late');
    await bus.settled();

    expect([...firstA, ...firstB].map(text).sort()).toEqual(['1', '2']);
    expect(firstA).toHaveLength(1);
    expect(late.map(text)).toEqual(['1', '2']);
  });

  it('keeps an unacked event until redeliver(), then delivers it as a redelivery', async () => {
    const bus = new InMemoryEventBus();
    const received = await subscribeRecording(bus, 'group', (message) => message.redelivered);

    await bus.publish(Subjects.TicketCreated, 'x', { messageId: '1' });
    await bus.settled();
    await bus.redeliver();
    await bus.redeliver();

    expect(
      received.map(({ deliveryCount, redelivered }) => ({ deliveryCount, redelivered })),
    ).toEqual([
      { deliveryCount: 1, redelivered: false },
      { deliveryCount: 2, redelivered: true },
    ]);
  });

  it('reports a handler that rejects through settled()', async () => {
    const bus = new InMemoryEventBus();
    await bus.subscribe({
      subject: Subjects.TicketCreated,
      queueGroup: 'group',
      ackWaitMs: 1_000,
      handler: () => Promise.reject(new Error('boom')),
    });

    await bus.publish(Subjects.TicketCreated, 'x', { messageId: '1' });

    await expect(bus.settled()).rejects.toThrow('boom');
    await bus.close();
    await expect(bus.closed()).resolves.toBeUndefined();
  });
});
