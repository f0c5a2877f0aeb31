// One contract, both real servers: whatever a service relies on from the bus is checked here
// against NATS Streaming and JetStream alike. Servers come from STAN_URL/STAN_CLUSTER_ID/
// NATS_URL when all are set, otherwise they are started for this file.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Subjects } from '../../subjects';
import type { BusMessage, EventBus, Transport } from '../event-bus';
import { useRealBusServers } from './real-bus-servers';

const servers = useRealBusServers();

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await sleep(20);
  }
}

interface Payload {
  run: string;
  n: number;
}

// Each test tags its events with a fresh run id and ignores (acks) everything else the
// servers hold: a new durable group starts from the first stored event.
let run: string;

const ownEvent = (message: BusMessage): Payload | undefined => {
  const payload = JSON.parse(Buffer.from(message.data).toString()) as Payload;
  return payload.run === run ? payload : undefined;
};

/** A handler that records the events of the current test and acks everything. */
const recordOwn = (received: number[]) => async (message: BusMessage) => {
  const own = ownEvent(message);
  if (own) received.push(own.n);
  message.ack();
};

const open: EventBus[] = [];
const connect = async (transport: Transport) => {
  const bus = await servers.connect(transport, 'contract');
  open.push(bus);
  return bus;
};
const publish = (bus: EventBus, subject: Subjects, n: number, messageId = `${run}-${n}`) =>
  bus.publish(subject, JSON.stringify({ run, n }), { messageId });

beforeEach(() => {
  run = randomUUID();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
});

describe.each(['nats-streaming', 'jetstream'] as const)('the %s bus', (transport) => {
  it('hands each event to exactly one replica of every queue group', async () => {
    const seen = new Map<string, number[]>();
    for (const group of ['first', 'second']) {
      for (const replica of ['a', 'b']) {
        const received: number[] = [];
        seen.set(`${group}/${replica}`, received);
        const replicaBus = await connect(transport);
        await replicaBus.subscribe({
          subject: Subjects.TicketCreated,
          queueGroup: `${group}-${run}`,
          ackWaitMs: 5_000,
          handler: recordOwn(received),
        });
      }
    }
    const publisher = await connect(transport);

    for (let n = 0; n < 10; n++) await publish(publisher, Subjects.TicketCreated, n);

    const byGroup = (group: string) =>
      [...(seen.get(`${group}/a`) ?? []), ...(seen.get(`${group}/b`) ?? [])].sort((x, y) => x - y);
    await waitFor(() => byGroup('first').length >= 10 && byGroup('second').length >= 10);
    await sleep(300); // room for a duplicate to show up
    const all = Array.from({ length: 10 }, (_, n) => n);
    expect(byGroup('first')).toEqual(all);
    expect(byGroup('second')).toEqual(all);
  });

  it('redelivers an event whose handler threw after the ack-wait, then processes it once', async () => {
    const attempts: { at: number; deliveryCount: number; redelivered: boolean }[] = [];
    let processed = 0;
    const bus = await connect(transport);
    await bus.subscribe({
      subject: Subjects.TicketUpdated,
      queueGroup: `retry-${run}`,
      ackWaitMs: 1_000,
      handler: async (message) => {
        if (!ownEvent(message)) return message.ack();
        const { deliveryCount, redelivered } = message;
        attempts.push({ at: Date.now(), deliveryCount, redelivered });
        if (attempts.length === 1) throw new Error('the database is down');
        processed++;
        message.ack();
      },
    });

    await publish(bus, Subjects.TicketUpdated, 1);

    await waitFor(() => processed === 1);
    await sleep(1_500); // past another ack-wait: an acked event must not come back
    expect(processed).toBe(1);
    expect(attempts).toHaveLength(2);
    const [first, second] = attempts;
    expect(first).toMatchObject({ deliveryCount: 1, redelivered: false });
    expect(second).toMatchObject({ deliveryCount: 2, redelivered: true });
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('gives a returning durable subscriber what it missed and nothing it had acked', async () => {
    const queueGroup = `durable-${run}`;
    const received: number[] = [];
    const subscribe = (bus: EventBus) =>
      bus.subscribe({
        subject: Subjects.OrderCreated,
        queueGroup,
        ackWaitMs: 5_000,
        handler: recordOwn(received),
      });
    const publisher = await connect(transport);
    const before = await connect(transport);
    await subscribe(before);
    await publish(publisher, Subjects.OrderCreated, 1);
    await waitFor(() => received.length === 1);

    await before.close();
    await publish(publisher, Subjects.OrderCreated, 2);
    await publish(publisher, Subjects.OrderCreated, 3);
    await subscribe(await connect(transport));

    await waitFor(() => received.length >= 3);
    await sleep(300);
    expect(received).toEqual([1, 2, 3]);
  });

  // A handler slower than its ack-wait that fails (payments calling Stripe during an outage).
  // NATS Streaming redelivers the event every ack-wait while the handler runs; queued behind
  // it, each copy ran the handler again, in a queue that grew with every run.
  it('does not hand an event over again while its handler runs, however long', async () => {
    const HANDLER_MS = 3_000; // three ack-waits
    let runs = 0;
    let acked = false;
    const bus = await connect(transport);
    await bus.subscribe({
      subject: Subjects.PaymentCreated,
      queueGroup: `slow-${run}`,
      ackWaitMs: 1_000,
      handler: async (message) => {
        if (!ownEvent(message)) return message.ack();
        runs++;
        // The third run succeeds; it acks first, so a copy sent after it is the server's
        // doing, not a race with the ack.
        if (runs === 3) message.ack();
        await sleep(HANDLER_MS);
        if (runs === 3) acked = true;
      },
    });

    await publish(bus, Subjects.PaymentCreated, 1);

    await waitFor(() => acked, 30_000);
    await sleep(3_000); // three more ack-waits: a copy still queued would have run by now
    expect(runs).toBe(3);
  }, 45_000);

  it('with concurrency, handles other keys beside a slow one, and one key in order', async () => {
    const started: number[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const bus = await connect(transport);
    await bus.subscribe({
      subject: Subjects.TicketUpdated,
      queueGroup: `keyed-${run}`,
      ackWaitMs: 5_000,
      concurrency: 4,
      // Events 1 and 2 are about one record, 3 about another.
      keyOf: (message) => String((ownEvent(message)?.n ?? 0) === 3),
      handler: async (message) => {
        const own = ownEvent(message);
        if (own) started.push(own.n);
        if (own?.n === 1) await firstHeld;
        message.ack();
      },
    });

    for (const n of [1, 2, 3]) await publish(bus, Subjects.TicketUpdated, n);

    await waitFor(() => started.includes(3));
    expect(started).toEqual([1, 3]);
    releaseFirst();
    await waitFor(() => started.length === 3);
    expect(started).toEqual([1, 3, 2]);
  });

  it('tells closed() that the bus was closed on purpose', async () => {
    const bus = await connect(transport);

    await bus.close();

    await expect(bus.closed()).resolves.toBeUndefined();
  });
});

describe('the jetstream bus', () => {
  it('stores a publish repeated with the same message id once', async () => {
    const bus = await connect('jetstream');
    const received: number[] = [];

    await publish(bus, Subjects.ExpirationComplete, 1, `${run}-same`);
    await publish(bus, Subjects.ExpirationComplete, 1, `${run}-same`);
    await publish(bus, Subjects.ExpirationComplete, 2);
    await bus.subscribe({
      subject: Subjects.ExpirationComplete,
      queueGroup: `dedup-${run}`,
      ackWaitMs: 5_000,
      handler: recordOwn(received),
    });

    await waitFor(() => received.length >= 2);
    await sleep(300);
    expect(received).toEqual([1, 2]);
  });
});
