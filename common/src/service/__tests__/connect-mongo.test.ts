import mongoose, { type Connection } from 'mongoose';

import { connectMongo } from '..';
import { captureLogs } from './capture-logs';
import { relay, unusedPort, useMongoServer } from './mongo-server';

const mongoUri = useMongoServer();

/** The server's URI with the test's own database name. */
const databaseUri = (uri: string) => `${uri.replace(/\/[^/]*$/, '')}/kit_connect_test`;

describe('connectMongo', () => {
  let connection: Connection;

  beforeEach(() => {
    connection = mongoose.createConnection();
  });

  afterEach(async () => {
    await connection.close();
  });

  test('a reachable server is connected on the first attempt, with a log line for it', async () => {
    const { logger, lines } = captureLogs();

    await connectMongo({ connection, uri: databaseUri(mongoUri()), logger });

    expect(connection.readyState).toBe(mongoose.ConnectionStates.connected);
    expect(lines).toMatchObject([
      { msg: 'connecting to MongoDB', attempt: 1, attempts: 10 },
      { msg: 'connected to MongoDB' },
    ]);
  });

  test('an unreachable server is tried the given number of times, then the error is thrown', async () => {
    const { logger, messages } = captureLogs();
    const uri = `mongodb://127.0.0.1:${await unusedPort()}/kit_connect_test`;

    const attempt = connectMongo({
      connection,
      uri,
      logger,
      attempts: 3,
      retryDelayMs: 10,
      serverSelectionTimeoutMs: 200,
    });

    await expect(attempt).rejects.toThrow();
    expect(messages()).toStrictEqual([
      'connecting to MongoDB',
      'MongoDB not reachable',
      'connecting to MongoDB',
      'MongoDB not reachable',
      'connecting to MongoDB',
      'could not connect to MongoDB',
    ]);
  });

  test('a server that starts late is connected on a later attempt', async () => {
    const port = await unusedPort();
    let server: ReturnType<typeof relay> | undefined;
    const { logger, lines } = captureLogs((line) => {
      if (line.msg === 'MongoDB not reachable') server ??= relay(port, mongoUri());
    });

    try {
      await connectMongo({
        connection,
        uri: `mongodb://127.0.0.1:${port}/kit_connect_test`,
        logger,
        retryDelayMs: 300,
        serverSelectionTimeoutMs: 300,
      });

      expect(connection.readyState).toBe(mongoose.ConnectionStates.connected);
      expect(lines.filter((line) => line.msg === 'connecting to MongoDB').length).toBeGreaterThan(
        1,
      );
      expect(lines.at(-1)).toMatchObject({ msg: 'connected to MongoDB' });
    } finally {
      await connection.close();
      await (await server)?.stop();
    }
  });

  test('the logged URL never carries the password', async () => {
    const { logger, lines } = captureLogs();
    const port = await unusedPort();

    const attempt = connectMongo({
      connection,
      uri: `mongodb://admin:hunter2@127.0.0.1:${port}/kit_connect_test`,
      logger,
      attempts: 1,
      serverSelectionTimeoutMs: 100,
    });

    await expect(attempt).rejects.toThrow();
    expect(JSON.stringify(lines)).not.toContain('hunter2');
    expect(lines[0]).toMatchObject({ url: `mongodb://127.0.0.1:${port}/kit_connect_test` });
  });
});
