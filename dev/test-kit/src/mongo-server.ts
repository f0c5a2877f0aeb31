import { MongoMemoryServer } from 'mongodb-memory-server';
import mongoose from 'mongoose';

// jest runs globalSetup and globalTeardown in the same (parent) process, so the server
// started by one is reachable from the other through this module-level variable.
let memoryServer: MongoMemoryServer | undefined;

/** 'ferretdb' or 'mongodb', read from the server itself (FerretDB adds ferretdbVersion). */
async function serverKind(uri: string): Promise<'ferretdb' | 'mongodb'> {
  const connection = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  try {
    const info = await connection.db!.admin().command({ buildInfo: 1 });
    return 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb';
  } finally {
    await connection.close();
  }
}

/**
 * jest globalSetup: uses the server named by MONGO_URI when it is set (CI points it at
 * FerretDB); otherwise starts mongodb-memory-server once for the whole run and exports its
 * URI through MONGO_URI. Also exports MONGO_SERVER_KIND. Test workers inherit both.
 */
export async function startMongoForTests(): Promise<void> {
  if (!process.env.MONGO_URI) {
    try {
      memoryServer = await MongoMemoryServer.create();
    } catch (error) {
      throw new Error(
        'MONGO_URI is not set and mongodb-memory-server could not start a MongoDB binary ' +
          `(${(error as Error).message}). Set MONGO_URI to a running MongoDB-compatible ` +
          'server, or run the tests through `npm run infra -- run mongo -- npm test` (FerretDB).',
        { cause: error },
      );
    }
    process.env.MONGO_URI = memoryServer.getUri();
  }
  process.env.MONGO_SERVER_KIND = await serverKind(process.env.MONGO_URI);
}

/** jest globalTeardown: stops the server that startMongoForTests started, if any. */
export async function stopMongoForTests(): Promise<void> {
  await memoryServer?.stop();
  memoryServer = undefined;
}
