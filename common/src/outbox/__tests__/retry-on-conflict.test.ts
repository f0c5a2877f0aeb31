import { setTimeout as sleep } from 'node:timers/promises';

import { createTestDatabase, type TestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { InMemoryEventBus } from '../../events/bus/in-memory-bus';
import { Subjects } from '../../events/subjects';
import { applyEntry, claimVersion } from '../apply-change';
import { Outbox } from '../outbox';
import {
  eventMessageId,
  OUTBOX_COLLECTION,
  type OutboxEntry,
  type RecordChange,
} from '../outbox-entry';
import { VersionConflictError } from '../version-conflict-error';

interface CounterRecord {
  _id: mongoose.Types.ObjectId;
  count: number;
  version: number;
}

const WRITER_GRACE_MS = 300;
const silent = pino({ level: 'silent' });
let database: TestDatabase;
let bus: InMemoryEventBus;
let outbox: Outbox;

const db = () => mongoose.connection.db!;
const counters = () => db().collection<CounterRecord>('counters');
const entries = () => db().collection<OutboxEntry>(OUTBOX_COLLECTION);

/** The change taking the counter to `version` with `count`, announced by a ticket:updated
 * whose price carries the count (any subject would do; the outbox does not read it). */
const counted = (id: mongoose.Types.ObjectId, version: number, count: number): RecordChange => ({
  collection: 'counters',
  id,
  version,
  set: { count },
  events: [
    {
      subject: Subjects.TicketUpdated,
      data: { id: id.toHexString(), version, title: 'counter', price: count, userId: 'test' },
    },
  ],
});

async function storedCounter(id: mongoose.Types.ObjectId): Promise<CounterRecord> {
  const record = await counters().findOne({ _id: id });
  if (!record) throw new Error(`counter ${id.toHexString()} is not stored`);
  return record;
}

/** One writer's decision: read the counter, add one, commit it as the next version. */
const increment = (id: mongoose.Types.ObjectId) => async () => {
  const { count, version } = await storedCounter(id);
  await outbox.commit(counted(id, version + 1, count + 1));
  return version + 1;
};

async function newCounter(): Promise<mongoose.Types.ObjectId> {
  const id = new mongoose.Types.ObjectId();
  await outbox.commit(counted(id, 0, 0));
  bus.clear();
  return id;
}

const publishedVersions = () =>
  bus
    .dataOf(Subjects.TicketUpdated)
    .map((data) => data.version)
    .sort((a, b) => a - b);

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeEach(async () => {
  await database.clear();
  bus = new InMemoryEventBus();
  outbox = new Outbox(db(), bus, { logger: silent, writerGraceMs: WRITER_GRACE_MS });
});
afterAll(() => database.drop());

describe('retryOnConflict', () => {
  it('lets 10 simultaneous writers all commit: versions 1..10, each published once', async () => {
    const id = await newCounter();

    // Each conflict is a version another writer committed, so 10 attempts always suffice.
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => outbox.retryOnConflict(increment(id), 10)),
    );

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(await storedCounter(id)).toMatchObject({ count: 10, version: 10 });
    expect(publishedVersions()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(
      bus
        .dataOf(Subjects.TicketUpdated)
        .map((data) => data.price)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('takes over the change of a writer that died after claiming, once writerGraceMs is up', async () => {
    const id = await newCounter();
    await claimVersion(db(), counted(id, 1, 41)); // the writer died here
    const started = Date.now();

    const version = await outbox.retryOnConflict(increment(id));

    expect(Date.now() - started).toBeGreaterThanOrEqual(WRITER_GRACE_MS);
    expect(version).toBe(2);
    expect(await storedCounter(id)).toMatchObject({ count: 42, version: 2 });
    expect(bus.dataOf(Subjects.TicketUpdated).map((data) => [data.version, data.price])).toEqual([
      [1, 41],
      [2, 42],
    ]);
  });

  it('leaves a live writer its change: its events are not published a second time', async () => {
    const id = await newCounter();
    const entry = await claimVersion(db(), counted(id, 1, 41));
    // The writer is slow but alive: it writes the record, then publishes, well within
    // writerGraceMs.
    const writer = (async () => {
      await sleep(WRITER_GRACE_MS / 3);
      await applyEntry(db(), entry);
      await sleep(WRITER_GRACE_MS / 3);
      const [event] = entry.events;
      await bus.publish(event!.subject, JSON.stringify(event!.data), {
        messageId: eventMessageId(entry, 0),
      });
      await entries().updateOne({ _id: entry._id }, { $set: { publishedAt: new Date() } });
    })();

    const version = await outbox.retryOnConflict(increment(id));
    await writer;

    expect(version).toBe(2);
    expect(await storedCounter(id)).toMatchObject({ count: 42, version: 2 });
    expect(bus.dataOf(Subjects.TicketUpdated).map((data) => data.version)).toEqual([1, 2]);
  });

  it('gives up after the given number of attempts, rethrowing the last conflict', async () => {
    const id = await newCounter();
    const conflict = new VersionConflictError('counters', id, 0);
    const decide = jest.fn(() => Promise.reject(conflict));

    await expect(outbox.retryOnConflict(decide, 3)).rejects.toBe(conflict);
    expect(decide).toHaveBeenCalledTimes(3);
  });

  it('rethrows any other error at once, without deciding again', async () => {
    const refused = new Error('Cannot edit a reserved ticket');
    const decide = jest.fn(() => Promise.reject(refused));

    await expect(outbox.retryOnConflict(decide)).rejects.toBe(refused);
    expect(decide).toHaveBeenCalledTimes(1);
  });

  it('names the record of a conflict by its id as stored, not as text', async () => {
    const id = await newCounter();
    await outbox.commit(counted(id, 1, 1));

    const conflict = await outbox.commit(counted(id, 1, 1)).catch((error: unknown) => error);

    expect(conflict).toBeInstanceOf(VersionConflictError);
    expect(conflict).toMatchObject({ collection: 'counters', recordId: id, version: 1 });
    expect((conflict as VersionConflictError).recordId).toBeInstanceOf(mongoose.Types.ObjectId);
  });
});
