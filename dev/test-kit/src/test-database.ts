import { randomBytes } from 'node:crypto';

import mongoose from 'mongoose';

export interface TestDatabase {
  name: string;
  /** Deletes every document, keeping collections and their indexes. */
  clear(): Promise<void>;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/** Names are short and plain so every MongoDB-compatible backend accepts them. */
const uniqueName = () => `test_${process.pid}_${randomBytes(4).toString('hex')}`;

/** Connects mongoose's default connection to a fresh database on the server in MONGO_URI. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const uri = process.env.MONGO_URI;
  if (!uri) {
    throw new Error('MONGO_URI is not set: add startMongoForTests as jest globalSetup');
  }
  const name = uniqueName();
  await mongoose.connect(uri, { dbName: name, serverSelectionTimeoutMS: 10_000 });
  // Indexes (unique email, ...) must exist before the first test relies on them.
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));

  return {
    name,
    clear: async () => {
      const collections = await mongoose.connection.db!.collections();
      await Promise.all(collections.map((collection) => collection.deleteMany({})));
    },
    drop: async () => {
      await mongoose.connection.dropDatabase();
      await mongoose.disconnect();
    },
  };
}

/**
 * Gives the calling test file its own database: created before the first test, emptied
 * before each test, dropped after the last.
 */
export function useTestDatabase(): void {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  beforeEach(async () => {
    await database?.clear();
  });
  afterAll(async () => {
    await database?.drop();
  });
}
