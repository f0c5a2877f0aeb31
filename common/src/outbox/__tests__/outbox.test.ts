import { createTestDatabase, type TestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { InMemoryEventBus } from '../../events/bus/in-memory-bus';
import { Subjects } from '../../events/subjects';
import { claimVersion } from '../apply-change';
import { Outbox } from '../outbox';
import type { RecordChange } from '../outbox-entry';
import { VersionConflictError } from '../version-conflict-error';
import { ticketCreated } from './ticket-created';

interface TicketRecord {
  _id: mongoose.Types.ObjectId;
  title: string;
  price: number;
  userId: string;
  version: number;
  orderId?: string;
}

const silent = pino({ level: 'silent' });
let database: TestDatabase;
let bus: InMemoryEventBus;
let outbox: Outbox;

const db = () => mongoose.connection.db!;
const tickets = () => db().collection<TicketRecord>('tickets');

const created = ticketCreated;

const reserved = (id: mongoose.Types.ObjectId, version: number, orderId: string): RecordChange => ({
  collection: 'tickets',
  id,
  version,
  set: { orderId },
  events: [
    {
      subject: Subjects.TicketUpdated,
      data: {
        id: id.toHexString(),
        version,
        title: 'concert',
        price: 10,
        userId: 'seller',
        orderId,
      },
    },
  ],
});

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeEach(async () => {
  await database.clear();
  bus = new InMemoryEventBus();
  outbox = new Outbox(db(), bus, { logger: silent, graceMs: 0 });
});
afterEach(() => outbox.stop());
afterAll(() => database.drop());

describe('the outbox', () => {
  it('creates a record at version 0 and publishes its event with a stable message id', async () => {
    const id = new mongoose.Types.ObjectId();

    await outbox.commit(created(id));

    expect(await tickets().findOne({ _id: id })).toMatchObject({ title: 'concert', version: 0 });
    expect(bus.published).toEqual([
      expect.objectContaining({ subject: Subjects.TicketCreated, messageId: `tickets/${id}@0#0` }),
    ]);
  });

  it("refuses a change whose event fails its subject's schema, storing nothing", async () => {
    const id = new mongoose.Types.ObjectId();
    const change = created(id);
    const [event] = change.events;
    if (event) event.data = { ...event.data, price: -1 };

    await expect(outbox.commit(change)).rejects.toThrow(
      /^not a valid ticket:created payload: price: /,
    );

    expect(await tickets().findOne({ _id: id })).toBeNull();
    expect(await db().collection('outbox').countDocuments()).toBe(0);
    expect(bus.published).toEqual([]);
  });

  it('refuses a second change to the same version and publishes nothing for it', async () => {
    const id = new mongoose.Types.ObjectId();
    await outbox.commit(created(id));
    await outbox.commit(reserved(id, 1, 'order-a'));

    const stale = outbox.commit(reserved(id, 1, 'order-b'));

    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    expect(await tickets().findOne({ _id: id })).toMatchObject({ orderId: 'order-a', version: 1 });
    expect(bus.dataOf(Subjects.TicketUpdated).map((data) => data.orderId)).toEqual(['order-a']);
  });

  it('lets exactly one of 20 simultaneous changes from the same version through', async () => {
    const id = new mongoose.Types.ObjectId();
    await outbox.commit(created(id));

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) => outbox.commit(reserved(id, 1, `order-${n}`))),
    );

    const winners = results.filter((result) => result.status === 'fulfilled');
    const losers = results.filter((result) => result.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers.map((result) => result.reason)).toEqual(
      Array(19).fill(expect.any(VersionConflictError)),
    );
    const [announced] = bus.dataOf(Subjects.TicketUpdated);
    expect(bus.dataOf(Subjects.TicketUpdated)).toHaveLength(1);
    expect(await tickets().findOne({ _id: id })).toMatchObject({
      orderId: announced?.orderId,
      version: 1,
    });
  });

  it('publishes nothing and keeps no entry when a unique index refuses the write', async () => {
    await tickets().createIndex({ title: 1 }, { unique: true });
    await outbox.commit(created(new mongoose.Types.ObjectId(), 'unique title'));

    const refused = outbox.commit(created(new mongoose.Types.ObjectId(), 'unique title'));

    await expect(refused).rejects.toMatchObject({ code: 11000 });
    expect(await outbox.sweep()).toBe(0);
    expect(bus.published).toHaveLength(1);
    expect(await db().collection('outbox').countDocuments()).toBe(1);
  });

  it('keeps an event whose publish failed and the relay publishes it', async () => {
    const id = new mongoose.Types.ObjectId();
    const publish = jest.spyOn(bus, 'publish').mockRejectedValueOnce(new Error('bus is down'));

    await outbox.commit(created(id));
    expect(bus.published).toHaveLength(0);
    publish.mockRestore();

    expect(await outbox.sweep()).toBe(1);
    expect(bus.dataOf(Subjects.TicketCreated)).toEqual([expect.objectContaining({ version: 0 })]);
    expect(await outbox.sweep()).toBe(0);
  });

  it('finishes a change whose writer stopped after claiming the version', async () => {
    const id = new mongoose.Types.ObjectId();
    await outbox.commit(created(id));
    await claimVersion(db(), reserved(id, 1, 'order-a')); // the writer died here

    const next = outbox.commit(reserved(id, 1, 'order-b'));
    await expect(next).rejects.toBeInstanceOf(VersionConflictError);
    await outbox.settle('tickets', id);

    expect(await tickets().findOne({ _id: id })).toMatchObject({ orderId: 'order-a', version: 1 });
    expect(bus.dataOf(Subjects.TicketUpdated).map((data) => data.orderId)).toEqual(['order-a']);
  });

  it('leaves a young unfinished change to its writer', async () => {
    const patient = new Outbox(db(), bus, { logger: silent, graceMs: 60_000 });
    const id = new mongoose.Types.ObjectId();
    await claimVersion(db(), created(id));

    expect(await patient.sweep()).toBe(0);
    expect(await tickets().countDocuments()).toBe(0);
  });
});
