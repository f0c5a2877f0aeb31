// The jest setup's database when the run names none: mongodb-memory-server where it can start
// MongoDB, FerretDB through dev/infra where it cannot (no binary to download, as here).
import mongoose from 'mongoose';

import { startMongoForTests, stopMongoForTests } from '../mongo-server';

describe('startMongoForTests without MONGO_URI', () => {
  const saved = { ...process.env };
  afterEach(async () => {
    await stopMongoForTests();
    process.env = { ...saved };
  });

  test('where MongoDB cannot be started, it starts FerretDB and exports its URI', async () => {
    delete process.env.MONGO_URI;
    delete process.env.MONGO_SERVER_KIND;
    // A MongoDB binary that is not there: mongodb-memory-server fails as it does offline.
    process.env.MONGOMS_SYSTEM_BINARY = '/nonexistent/mongod';

    await startMongoForTests();

    expect(process.env.MONGO_SERVER_KIND).toBe('ferretdb');
    const connection = await mongoose.createConnection(process.env.MONGO_URI ?? '').asPromise();
    try {
      expect(await connection.db!.admin().ping()).toMatchObject({ ok: 1 });
    } finally {
      await connection.close();
    }
  });

  test('stopping it stops that FerretDB', async () => {
    delete process.env.MONGO_URI;
    process.env.MONGOMS_SYSTEM_BINARY = '/nonexistent/mongod';
    await startMongoForTests();
    const uri = process.env.MONGO_URI ?? '';

    await stopMongoForTests();

    await expect(
      mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1_000 }).asPromise(),
    ).rejects.toThrow();
  });
});
