// A write whose reply is lost: the server applied it, the client saw a reset. A real server
// behind a proxy that cuts the reply (dev/test-kit's mongo fault proxy), not a mocked driver.
import {
  createTestDatabase,
  type MongoFaultProxy,
  startMongoFaultProxy,
  type TestDatabase,
} from '@ticketing/test-kit';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { InMemoryEventBus } from '../../events/bus/in-memory-bus';
import { Subjects } from '../../events/subjects';
import { Outbox } from '../outbox';
import type { RecordChange } from '../outbox-entry';

const silent = pino({ level: 'silent' });
let database: TestDatabase;
let proxy: MongoFaultProxy;
// The outbox under test talks to the server through the proxy; the checks read it directly.
let throughProxy: mongoose.Connection;
let bus: InMemoryEventBus;
let outbox: Outbox;

const db = () => mongoose.connection.db!;

const ticket = (id: mongoose.Types.ObjectId, version: number, title: string): RecordChange => ({
  collection: 'tickets',
  id,
  version,
  set: { title, price: 10, userId: 'seller' },
  events: [
    {
      subject: version === 0 ? Subjects.TicketCreated : Subjects.TicketUpdated,
      data: { id: id.toHexString(), version, title, price: 10, userId: 'seller' },
    },
  ],
});

beforeAll(async () => {
  database = await createTestDatabase();
  proxy = await startMongoFaultProxy(process.env.MONGO_URI ?? '');
  throughProxy = await mongoose
    .createConnection(proxy.uri, { dbName: database.name, serverSelectionTimeoutMS: 10_000 })
    .asPromise();
});
beforeEach(async () => {
  await database.clear();
  bus = new InMemoryEventBus();
  outbox = new Outbox(throughProxy.db!, bus, { logger: silent, graceMs: 0 });
});
afterAll(async () => {
  await throughProxy.close();
  await proxy.close();
  await database.drop();
});

describe('the outbox, when the reply to a write is lost', () => {
  it('keeps the claim of a change the server applied, and the relay publishes its event', async () => {
    const id = new mongoose.Types.ObjectId();
    await outbox.commit(ticket(id, 0, 'concert'));
    const cut = proxy.cutReplyTo({ command: 'update', collection: 'tickets' });

    const commit = outbox.commit(ticket(id, 1, 'concert, moved'));

    await expect(commit).rejects.toThrow();
    await cut;
    // The change is in the record although the writer heard nothing back...
    expect(await db().collection('tickets').findOne({ _id: id })).toMatchObject({
      title: 'concert, moved',
      version: 1,
    });
    expect(bus.dataOf(Subjects.TicketUpdated)).toEqual([]);
    // ...so its event must not be lost: the relay finds the claim and publishes it, once.
    expect(await outbox.sweep()).toBe(1);
    expect(bus.dataOf(Subjects.TicketUpdated)).toEqual([
      expect.objectContaining({ version: 1, title: 'concert, moved' }),
    ]);
    expect(await outbox.sweep()).toBe(0);
  });

  it('answers a refused change with the refusal even when removing its claim fails', async () => {
    await db().collection('tickets').createIndex({ title: 1 }, { unique: true });
    await outbox.commit(ticket(new mongoose.Types.ObjectId(), 0, 'unique title'));
    const cut = proxy.cutReplyTo({ command: 'delete', collection: 'outbox' });

    const refused = outbox.commit(ticket(new mongoose.Types.ObjectId(), 0, 'unique title'));

    // A duplicate key stays a duplicate key (a 400 to the user), not the cleanup's reset.
    await expect(refused).rejects.toMatchObject({ code: 11000 });
    await cut;
    expect(await outbox.sweep()).toBe(0);
    expect(bus.dataOf(Subjects.TicketCreated)).toHaveLength(1);
  });
});
