// The relay when an entry cannot be finished: a change the server refuses every time (here to
// a collection whose name no MongoDB-compatible server accepts), left claimed by a writer that
// died, and a bus that is gone. One bad entry must not hold back the rest, and an outage must park nothing.
import { createTestDatabase, type TestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { useRealBusServers } from '../../events/bus/__tests__/real-bus-servers';
import { InMemoryEventBus } from '../../events/bus/in-memory-bus';
import { Subjects } from '../../events/subjects';
import { claimVersion } from '../apply-change';
import { Outbox, type OutboxOptions } from '../outbox';
import { OUTBOX_COLLECTION, type OutboxEntry, type RecordChange } from '../outbox-entry';
import { ticketCreated } from './ticket-created';

const silent = pino({ level: 'silent' });
const servers = useRealBusServers();
let database: TestDatabase;

const db = () => mongoose.connection.db!;
const entries = () => db().collection<OutboxEntry>(OUTBOX_COLLECTION);

const created = (id: mongoose.Types.ObjectId) => ticketCreated(id);

/** A change the server refuses to write, every time: `$` is not allowed in a collection name. */
const unwritable = (id: mongoose.Types.ObjectId): RecordChange => ({
  ...created(id),
  collection: 'tickets$archive',
});

/** Claims changes as a writer that died before applying them would leave them. */
const leftClaimed = (...changes: RecordChange[]) =>
  Promise.all(changes.map((change) => claimVersion(db(), change)));

const newId = () => new mongoose.Types.ObjectId();

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeEach(() => database.clear());
afterAll(() => database.drop());

describe('the outbox relay', () => {
  const relay = (bus: InMemoryEventBus, options: OutboxOptions = {}) =>
    new Outbox(db(), bus, { logger: silent, graceMs: 0, retryDelayMs: 0, ...options });

  it('finishes every other entry past one that fails, and parks that one after its last attempt', async () => {
    const bus = new InMemoryEventBus();
    const outbox = relay(bus, { maxAttempts: 3 });
    const bad = newId();
    await leftClaimed(unwritable(bad));
    const good = [newId(), newId()];
    await leftClaimed(...good.map(created));

    // The bad entry is the oldest: it is tried first in every pass.
    expect(await outbox.sweep()).toBe(2);
    for (let pass = 2; pass <= 3; pass++) {
      const another = newId();
      good.push(another);
      await leftClaimed(created(another));
      expect(await outbox.sweep()).toBe(1);
    }

    const published = bus.dataOf(Subjects.TicketCreated).map((data) => data.id);
    expect(published).toEqual(expect.arrayContaining(good.map((id) => id.toHexString())));
    expect(await entries().findOne({ _id: `tickets$archive/${bad}@0` })).toMatchObject({
      attempts: 3,
      parkedAt: expect.any(Date),
      lastError: expect.stringMatching(/collection name/i),
      publishedAt: null,
    });
    // Parked: no later pass tries it again.
    await leftClaimed(created(newId()));
    expect(await outbox.sweep()).toBe(1);
    expect(await entries().findOne({ _id: `tickets$archive/${bad}@0` })).toMatchObject({
      attempts: 3,
    });
    expect(published).not.toContain(bad.toHexString());
  });

  it('leaves a failed entry alone until its backoff has passed', async () => {
    const bus = new InMemoryEventBus();
    const outbox = relay(bus, { retryDelayMs: 60_000 });
    const bad = newId();
    await leftClaimed(unwritable(bad));
    await leftClaimed(created(newId()));
    expect(await outbox.sweep()).toBe(1);

    await leftClaimed(created(newId()));
    expect(await outbox.sweep()).toBe(1);

    const entry = await entries().findOne({ _id: `tickets$archive/${bad}@0` });
    expect(entry).toMatchObject({ attempts: 1, retryAt: expect.any(Date) });
    expect(entry?.parkedAt ?? null).toBeNull();
  });

  it('counts no attempt against any entry while the bus is down, and publishes them all once it is back', async () => {
    const down = await servers.connect('jetstream', 'relay-failures');
    await down.close();
    const changes = [newId(), newId()].map(created);
    await leftClaimed(...changes);

    const outage = new Outbox(db(), down, { logger: silent, graceMs: 0, maxAttempts: 1 });
    expect(await outage.sweep()).toBe(0);
    expect(await outage.sweep()).toBe(0);
    expect(await entries().countDocuments({ attempts: { $gt: 0 } })).toBe(0);
    expect(await entries().countDocuments({ parkedAt: { $ne: null } })).toBe(0);

    const bus = new InMemoryEventBus();
    expect(await relay(bus).sweep()).toBe(2);
    expect(bus.dataOf(Subjects.TicketCreated)).toHaveLength(2);
  });
});
