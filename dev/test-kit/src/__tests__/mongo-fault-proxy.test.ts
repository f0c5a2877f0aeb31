// The fault proxy in front of the real server in MONGO_URI: a client writes through it, the
// checks read the server directly.
import mongoose from 'mongoose';

import { type MongoFaultProxy, startMongoFaultProxy } from '../mongo-fault-proxy';
import { useTestDatabase } from '../test-database';

let proxy: MongoFaultProxy;
let throughProxy: mongoose.Connection;

/** The documents the tests write, numbered so that the checks can list them in order. */
interface Note {
  _id: number;
  text?: string;
  count?: number;
}

const direct = (collection: string) => mongoose.connection.db!.collection<Note>(collection);
const proxied = (collection: string) => throughProxy.db!.collection<Note>(collection);

/** Runs each write in turn; resolves with the 1-based positions of those that failed. */
async function failedWrites(writes: (() => Promise<unknown>)[]): Promise<number[]> {
  const failed: number[] = [];
  for (const [index, write] of writes.entries()) {
    await write().catch(() => failed.push(index + 1));
  }
  return failed;
}

useTestDatabase();
// The proxied connection reaches the same database as mongoose's default connection.
beforeAll(async () => {
  proxy = await startMongoFaultProxy(process.env.MONGO_URI ?? '');
  throughProxy = await mongoose
    .createConnection(proxy.uri, {
      dbName: mongoose.connection.name,
      serverSelectionTimeoutMS: 10_000,
    })
    .asPromise();
});
afterAll(async () => {
  await throughProxy.close();
  await proxy.close();
});

describe('a mongo fault proxy cutting replies', () => {
  it('cuts every k-th matching write after the server applied it, and no other request', async () => {
    const cutting = proxy.cutReplies({
      commands: ['insert', 'update'],
      collections: ['notes'],
      every: 3,
    });

    const failed = await failedWrites(
      Array.from({ length: 6 }, (_, index) => async () => {
        // Writes elsewhere and reads pass through untouched, and are not counted.
        await proxied('other').insertOne({ _id: index });
        await proxied('notes').find({}).toArray();
        await (index % 2 === 0
          ? proxied('notes').insertOne({ _id: index, text: 'inserted' })
          : proxied('notes').updateOne({ _id: index - 1 }, { $set: { text: 'updated' } }));
      }),
    );
    const cut = cutting.stop();

    expect(failed).toEqual([3, 6]);
    expect({ matched: cutting.matched, cut }).toEqual({ matched: 6, cut: 2 });
    // The writes whose replies were lost (inserting 2, updating 4) landed all the same.
    expect(await direct('notes').find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 0, text: 'updated' },
      { _id: 2, text: 'updated' },
      { _id: 4, text: 'updated' },
    ]);
    expect(await direct('other').countDocuments()).toBe(6);
  });

  it('cuts findAndModify too, and nothing once stopped', async () => {
    await direct('notes').insertOne({ _id: 1, count: 0 });
    const cutting = proxy.cutReplies({
      commands: ['findAndModify'],
      collections: ['notes'],
      every: 2,
    });
    const increment = () =>
      proxied('notes').findOneAndUpdate(
        { _id: 1 },
        { $inc: { count: 1 } },
        { returnDocument: 'after' },
      );

    expect(await failedWrites([increment, increment])).toEqual([2]);
    cutting.stop();
    expect(await failedWrites([increment, increment])).toEqual([]);

    expect(cutting.cut).toBe(1);
    expect(await direct('notes').findOne({ _id: 1 })).toEqual({ _id: 1, count: 4 });
  });

  it('still cuts a single reply with cutReplyTo beside it', async () => {
    const cutting = proxy.cutReplies({ commands: ['insert'], collections: ['notes'], every: 100 });
    const cut = proxy.cutReplyTo({ command: 'delete', collection: 'notes' });

    await expect(proxied('notes').deleteMany({})).rejects.toThrow();
    await cut;
    expect(cutting.stop()).toBe(0);
  });
});
