// A record's versions go out in order, even when the writer of one died before publishing it.
// A consumer holds version N+1 back until it has N; on NATS Streaming a subscription gets at
// most maxInFlight unacked events, so if N went out after the ones held back, it would never
// be delivered. Servers of its own: a new durable group reads a subject's whole history.
import { randomUUID } from 'node:crypto';

import { type Infra, startInfra } from '@ticketing/dev-infra';
import { createTestDatabase, type TestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { connectEventBus } from '../../events/bus/connect-bus';
import type { BusMessage, EventBus, Transport } from '../../events/bus/event-bus';
import { InMemoryEventBus } from '../../events/bus/in-memory-bus';
import { Subjects } from '../../events/subjects';
import type { TicketUpdatedEvent } from '../../events/ticket-updated-event';
import { applyEntry, claimVersion } from '../apply-change';
import { Outbox } from '../outbox';
import { OUTBOX_COLLECTION, type OutboxEntry, type RecordChange } from '../outbox-entry';

const logger = pino({ level: 'silent' });
let database: TestDatabase;
let servers: Infra;

const db = () => mongoose.connection.db!;

beforeAll(async () => {
  database = await createTestDatabase();
  servers = await startInfra(['stan', 'nats']);
}, 60_000);
beforeEach(() => database.clear());
afterAll(async () => {
  await database.drop();
  await servers.stop();
});

const ticket = { title: 'concert', price: 10, userId: 'seller' };

const change = (id: mongoose.Types.ObjectId, version: number): RecordChange => ({
  collection: 'tickets',
  id,
  version,
  set: version === 0 ? ticket : { price: 10 + version },
  events: [
    version === 0
      ? { subject: Subjects.TicketCreated, data: { id: id.toHexString(), version, ...ticket } }
      : {
          subject: Subjects.TicketUpdated,
          data: { id: id.toHexString(), version, ...ticket, price: 10 + version },
        },
  ],
});

/** Version 1 written into the record by a writer that died before publishing it. */
async function diedBeforePublishing(outbox: Outbox, id: mongoose.Types.ObjectId) {
  await outbox.commit(change(id, 0));
  await applyEntry(db(), await claimVersion(db(), change(id, 1)));
}

describe('the outbox, after a writer died between writing and publishing', () => {
  test('the next version publishes the dead writer’s events first', async () => {
    const bus = new InMemoryEventBus();
    const outbox = new Outbox(db(), bus, { logger });
    const id = new mongoose.Types.ObjectId();
    await diedBeforePublishing(outbox, id);

    await outbox.commit(change(id, 2));

    const versions = bus.dataOf(Subjects.TicketUpdated).map((data) => data.version);
    expect(versions).toEqual([1, 2]);
  });

  test('while that version is parked, the next one is written but waits to be published', async () => {
    const bus = new InMemoryEventBus();
    const outbox = new Outbox(db(), bus, { logger });
    const id = new mongoose.Types.ObjectId();
    await diedBeforePublishing(outbox, id);
    await db()
      .collection<OutboxEntry>(OUTBOX_COLLECTION)
      .updateOne({ _id: `tickets/${id}@1` }, { $set: { parkedAt: new Date() } });

    await outbox.commit(change(id, 2));

    expect(bus.dataOf(Subjects.TicketUpdated)).toEqual([]);
    expect(await db().collection('tickets').findOne({ _id: id })).toMatchObject({ version: 2 });
    expect(
      await db()
        .collection<OutboxEntry>(OUTBOX_COLLECTION)
        .findOne({ _id: `tickets/${id}@2` }),
    ).toMatchObject({ publishedAt: null });
  });

  const connect = (transport: Transport): Promise<EventBus> =>
    transport === 'nats-streaming'
      ? connectEventBus({
          transport,
          url: servers.env.STAN_URL ?? '',
          clusterId: servers.env.STAN_CLUSTER_ID ?? '',
          clientId: `order-${randomUUID().slice(0, 8)}`,
          logger,
        })
      : connectEventBus({
          transport,
          url: servers.env.NATS_URL ?? '',
          clientId: `order-${randomUUID().slice(0, 8)}`,
          logger,
        });

  test.each<Transport>(['nats-streaming', 'jetstream'])(
    'a consumer that applies versions in order receives every one on %s (maxInFlight 2)',
    async (transport) => {
      const bus = await connect(transport);
      const outbox = new Outbox(db(), bus, { logger, graceMs: 200, sweepIntervalMs: 100 });
      const id = new mongoose.Types.ObjectId();
      let held = 0;
      const applied: number[] = [];
      await bus.subscribe({
        subject: Subjects.TicketUpdated,
        queueGroup: `in-order-${randomUUID()}`,
        ackWaitMs: 1_000,
        maxInFlight: 2,
        handler: async (message: BusMessage) => {
          const data = JSON.parse(
            Buffer.from(message.data).toString(),
          ) as TicketUpdatedEvent['data'];
          // Not acked: redelivered after the ack-wait, as a listener's OutOfOrderError is.
          if (data.version !== held + 1) return;
          held = data.version;
          applied.push(data.version);
          message.ack();
        },
      });
      try {
        await diedBeforePublishing(outbox, id);
        await outbox.commit(change(id, 2));
        await outbox.commit(change(id, 3));
        await outbox.start();

        const deadline = Date.now() + 15_000;
        while (held < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

        expect(applied).toEqual([1, 2, 3]);
      } finally {
        await outbox.stop();
        await bus.close();
      }
    },
    30_000,
  );
});
