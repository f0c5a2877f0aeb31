import { type Infra, startInfra } from '@ticketing/dev-infra';
import { MongoMemoryServer } from 'mongodb-memory-server';
import mongoose from 'mongoose';

// jest runs globalSetup and globalTeardown in the same (parent) process, so the server
// started by one is reachable from the other through these module-level variables.
let memoryServer: MongoMemoryServer | undefined;
let ferretdb: Infra | undefined;

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
 * jest globalSetup: uses the server named by MONGO_URI when it is set; otherwise starts
 * mongodb-memory-server once for the whole run, and where it cannot start MongoDB (no binary
 * can be downloaded, as on our CI machines), FerretDB through dev/infra, as the other servers
 * are started, saying so once. Exports the URI through MONGO_URI and MONGO_SERVER_KIND; test
 * workers inherit both, and every later project's setup finds MONGO_URI set.
 */
export async function startMongoForTests(): Promise<void> {
  if (!process.env.MONGO_URI) process.env.MONGO_URI = await startOwnServer();
  process.env.MONGO_SERVER_KIND = await serverKind(process.env.MONGO_URI);
}

async function startOwnServer(): Promise<string> {
  // mongodb-memory-server prints its whole download error (a stack trace) through console.warn
  // when it cannot start; the one line below says what happened instead.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    memoryServer = await MongoMemoryServer.create();
    return memoryServer.getUri();
  } catch (error) {
    process.stderr.write(
      `[test-kit] MONGO_URI is not set and mongodb-memory-server could not start MongoDB ` +
        `(${(error as Error).message.split('\n')[0]}); starting FerretDB through dev/infra.\n`,
    );
  } finally {
    console.warn = warn;
  }
  try {
    ferretdb = await startInfra(['mongo']);
  } catch (error) {
    throw new Error(
      'MONGO_URI is not set, mongodb-memory-server could not start MongoDB, and FerretDB could ' +
        `not be started either (${(error as Error).message}). Run \`npm run provision\`, or set ` +
        'MONGO_URI to a running MongoDB-compatible server.',
      { cause: error },
    );
  }
  const uri = ferretdb.env.MONGO_URI;
  if (!uri) throw new Error('dev/infra started FerretDB without a MONGO_URI');
  return uri;
}

/** jest globalTeardown: stops the server that startMongoForTests started, if any. */
export async function stopMongoForTests(): Promise<void> {
  await memoryServer?.stop();
  await ferretdb?.stop();
  memoryServer = undefined;
  ferretdb = undefined;
}
