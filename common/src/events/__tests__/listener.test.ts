import { pino } from 'pino';

import type { BusMessage, EventBus, MessageHandler } from '../bus/event-bus';
import { InMemoryEventBus } from '../bus/in-memory-bus';
import { Listener } from '../listener';
import { OutOfOrderError } from '../out-of-order-error';
import { PARKED_SUBJECT, type ParkedEvent } from '../parking/parked-event';
import { QueueGroups } from '../queue-groups';
import { Subjects } from '../subjects';
import type { TicketCreatedEvent } from '../ticket-created-event';
import { UnappliableEventError } from '../unappliable-event-error';

type Data = TicketCreatedEvent['data'];

const buildTicket = (overrides: Partial<Data> = {}): Data => ({
  id: 'ticket-1',
  version: 0,
  title: 'concert',
  price: 20,
  userId: 'user-1',
  ...overrides,
});

/** Log lines as objects, to assert on what operators will see. */
function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return { logger, lines };
}

/** What the listener parked, as stored on the bus. */
const parkedOn = (bus: InMemoryEventBus): ParkedEvent[] =>
  bus.published
    .filter((message) => message.subject === PARKED_SUBJECT)
    .map((message) => JSON.parse(message.data) as ParkedEvent);

class TicketCreatedListener extends Listener<TicketCreatedEvent> {
  readonly subject = Subjects.TicketCreated;
  readonly queueGroupName = QueueGroups.OrdersService;
  apply: (data: Data) => Promise<void> = async () => undefined;

  async onMessage(data: Data): Promise<void> {
    await this.apply(data);
  }
}

/** A bus that only hands the test the listener's handler, to feed it messages directly. */
function handlerOf<L extends Listener<TicketCreatedEvent>>(listener: (bus: EventBus) => L) {
  let handler: MessageHandler | undefined;
  const bus = new InMemoryEventBus();
  bus.subscribe = async (options) => {
    handler = options.handler;
  };
  const created = listener(bus);
  return { bus, created, deliver: async (message: BusMessage) => handler?.(message) };
}

const messageOf = (payload: string | Uint8Array) => {
  const ack = jest.fn();
  const message: BusMessage = {
    subject: Subjects.TicketCreated,
    data: typeof payload === 'string' ? Buffer.from(payload) : payload,
    sequence: 7,
    redelivered: false,
    deliveryCount: 1,
    ack,
  };
  return { message, ack };
};

describe('a listener', () => {
  it('acks an event only after its handler resolves, and logs one line for it', async () => {
    const { logger, lines } = captureLogs();
    let finish!: () => void;
    const { created, deliver } = handlerOf((bus) => new TicketCreatedListener(bus, logger));
    created.apply = () =>
      new Promise<void>((resolve) => {
        finish = resolve;
      });
    await created.listen();
    const { message, ack } = messageOf(JSON.stringify(buildTicket({ version: 3 })));

    const handled = deliver(message);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ack).not.toHaveBeenCalled();
    finish();
    await handled;

    expect(ack).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'event handled',
        subject: 'ticket:created',
        queueGroup: 'orders-service',
        sequence: 7,
        id: 'ticket-1',
        version: 3,
      }),
    ]);
  });

  it('leaves an event unacked and logs a warning when its handler throws', async () => {
    const { logger, lines } = captureLogs();
    const { created, deliver } = handlerOf((bus) => new TicketCreatedListener(bus, logger));
    created.apply = () => Promise.reject(new Error('database unavailable'));
    await created.listen();
    const { message, ack } = messageOf(JSON.stringify(buildTicket()));

    await expect(deliver(message)).resolves.toBeUndefined();

    expect(ack).not.toHaveBeenCalled();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        err: expect.objectContaining({ message: 'database unavailable' }),
      }),
    ]);
  });

  it('leaves an out-of-order event unacked and logs it at info, not as an error', async () => {
    const { logger, lines } = captureLogs();
    const { created, deliver } = handlerOf((bus) => new TicketCreatedListener(bus, logger));
    created.apply = () => Promise.reject(new OutOfOrderError('holds version 1', { held: 1 }));
    await created.listen();
    const { message, ack } = messageOf(JSON.stringify(buildTicket({ version: 3 })));

    await deliver(message);

    expect(ack).not.toHaveBeenCalled();
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, reason: 'holds version 1', held: 1 }),
    ]);
  });

  it.each([
    ['text that is not JSON', 'not json at all'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['a JSON array', '[1,2]'],
    ['bytes that are not UTF-8', new Uint8Array([0xff, 0xfe, 0x7b])],
  ])(
    'parks a poison message (%s) at once: stored, acked, logged once as an error',
    async (_description, payload) => {
      const { logger, lines } = captureLogs();
      const { bus, created, deliver } = handlerOf((bus) => new TicketCreatedListener(bus, logger));
      created.apply = jest.fn();
      await created.listen();
      const { message, ack } = messageOf(payload);

      await deliver(message);

      expect(ack).toHaveBeenCalledTimes(1);
      expect(created.apply).not.toHaveBeenCalled();
      expect(parkedOn(bus)).toEqual([
        expect.objectContaining({
          subject: Subjects.TicketCreated,
          sequence: 7,
          payload: Buffer.from(payload).toString('utf8'),
          error: 'not a JSON object',
          attempts: 1,
        }),
      ]);
      expect(lines).toEqual([expect.objectContaining({ level: 50, sequence: 7 })]);
    },
  );

  it("parks a payload that fails its subject's schema at once, naming the fields", async () => {
    const { logger, lines } = captureLogs();
    const { bus, created, deliver } = handlerOf((bus) => new TicketCreatedListener(bus, logger));
    created.apply = jest.fn();
    await created.listen();
    const { message, ack } = messageOf(JSON.stringify({ ...buildTicket(), price: 'free' }));

    await deliver(message);

    expect(ack).toHaveBeenCalledTimes(1);
    expect(created.apply).not.toHaveBeenCalled();
    const [parked] = parkedOn(bus);
    expect(parked?.error).toMatch(/^not a valid ticket:created payload: price: /);
    expect(lines).toEqual([expect.objectContaining({ level: 50, id: 'ticket-1' })]);
  });

  it('retries a failing handler with backoff, then parks the event after maxAttempts', async () => {
    class ThreeTriesListener extends TicketCreatedListener {
      protected override readonly maxAttempts = 3;
    }
    const { logger, lines } = captureLogs();
    const bus = new InMemoryEventBus();
    const listener = new ThreeTriesListener(bus, logger);
    listener.apply = jest.fn(() => Promise.reject(new Error('the database is down')));
    await listener.listen();

    await bus.publish(Subjects.TicketCreated, JSON.stringify(buildTicket()), { messageId: 'm' });
    await bus.settled();
    const attemptsAfter: number[] = [];
    for (let delivery = 2; delivery <= 5; delivery++) {
      await bus.redeliver();
      attemptsAfter.push(jest.mocked(listener.apply).mock.calls.length);
    }

    // Deliveries 1 and 2 are attempts, 3 waits (backoff), 4 is the third attempt and parks it;
    // nothing comes back after that.
    expect(attemptsAfter).toEqual([2, 2, 3, 3]);
    expect(parkedOn(bus)).toEqual([
      expect.objectContaining({ error: 'the database is down', attempts: 3, sequence: 1 }),
    ]);
    const levels = lines.filter((line) => line.level !== 20).map((line) => line.level);
    expect(levels).toEqual([40, 40, 50]);
  });

  it('parks at once an event its handler calls unappliable, with the reason and details', async () => {
    const { logger, lines } = captureLogs();
    const bus = new InMemoryEventBus();
    const listener = new TicketCreatedListener(bus, logger);
    listener.apply = jest.fn(() =>
      Promise.reject(new UnappliableEventError('too old to apply', { expiresAt: 'then' })),
    );
    await listener.listen();

    await bus.publish(Subjects.TicketCreated, JSON.stringify(buildTicket()), { messageId: 'm' });
    await bus.settled();
    await bus.redeliver();

    expect(listener.apply).toHaveBeenCalledTimes(1);
    expect(parkedOn(bus)).toEqual([
      expect.objectContaining({ error: 'too old to apply', attempts: 1, sequence: 1 }),
    ]);
    expect(lines.filter((line) => line.level !== 20)).toEqual([
      expect.objectContaining({ level: 50, error: 'too old to apply', expiresAt: 'then' }),
    ]);
  });

  it('keeps an event unacked when the bus will not store it as parked, and parks it later', async () => {
    const { logger } = captureLogs();
    const { bus, created, deliver } = handlerOf((bus) => new TicketCreatedListener(bus, logger));
    await created.listen();
    const publish = bus.publish.bind(bus);
    bus.publish = () => Promise.reject(new Error('nats: timeout'));
    const first = messageOf('not json');

    await deliver(first.message);
    bus.publish = publish;
    const second = messageOf('not json');
    await deliver(second.message);

    expect(first.ack).not.toHaveBeenCalled();
    expect(second.ack).toHaveBeenCalledTimes(1);
    expect(parkedOn(bus)).toHaveLength(1);
  });

  it('never parks an event for being out of order', async () => {
    class OneTryListener extends TicketCreatedListener {
      protected override readonly maxAttempts = 1;
    }
    const bus = new InMemoryEventBus();
    const listener = new OneTryListener(bus, pino({ level: 'silent' }));
    let early = 4;
    listener.apply = async () => {
      if (early-- > 0) throw new OutOfOrderError('holds version 1', { held: 1 });
    };
    await listener.listen();

    await bus.publish(Subjects.TicketCreated, JSON.stringify(buildTicket()), { messageId: 'm' });
    for (let delivery = 2; delivery <= 5; delivery++) await bus.redeliver();

    expect(early).toBe(-1);
    expect(parkedOn(bus)).toEqual([]);
  });

  it('warns when its handler runs past the ack-wait', async () => {
    class QuickAckListener extends TicketCreatedListener {
      protected override readonly ackWaitMs = 20;
    }
    const { logger, lines } = captureLogs();
    const { created, deliver } = handlerOf((bus) => new QuickAckListener(bus, logger));
    created.apply = () => new Promise((resolve) => setTimeout(resolve, 60));
    await created.listen();
    const { message, ack } = messageOf(JSON.stringify(buildTicket()));

    await deliver(message);

    expect(ack).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, ackWaitMs: 20, durationMs: expect.any(Number) }),
      expect.objectContaining({ level: 30, msg: 'event handled' }),
    ]);
    expect(lines[0]?.durationMs).toBeGreaterThan(20);
  });

  it('processes a redelivered event once its handler succeeds', async () => {
    const bus = new InMemoryEventBus();
    const listener = new TicketCreatedListener(bus, pino({ level: 'silent' }));
    const applied: Data[] = [];
    let failures = 1;
    listener.apply = async (data) => {
      if (failures-- > 0) throw new Error('not now');
      applied.push(data);
    };
    await listener.listen();

    await bus.publish(Subjects.TicketCreated, JSON.stringify(buildTicket()), { messageId: 'm1' });
    await bus.settled();
    expect(applied).toEqual([]);
    await bus.redeliver();

    expect(applied).toEqual([buildTicket()]);
  });
});
