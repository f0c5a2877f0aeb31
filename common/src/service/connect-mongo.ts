import { setTimeout as sleep } from 'node:timers/promises';

import type { Connection } from 'mongoose';
import type { Logger } from 'pino';

const MAX_RETRY_DELAY_MS = 5_000;

export interface ConnectMongoOptions {
  /**
   * The connection to open, usually `mongoose.connection` (where the models live). It is
   * passed in because mongoose is an optional peer of this package: a service without a
   * database must be able to load it.
   */
  connection: Connection;
  uri: string;
  logger: Logger;
  /** Attempts before giving up (default 10). */
  attempts?: number;
  /** Delay before the second attempt, doubled each time up to 5 s (default 500). */
  retryDelayMs?: number;
  /** How long one attempt looks for a server (default 5000). */
  serverSelectionTimeoutMs?: number;
}

/** The URI as it may be logged: without a user or password. */
const withoutCredentials = (uri: string): string => uri.replace(/\/\/[^@/]*@/, '//');

/**
 * Opens the connection, retrying with backoff and logging each attempt (in a cluster the
 * database may start after the service). Throws the last error once every attempt failed.
 */
export async function connectMongo(options: ConnectMongoOptions): Promise<Connection> {
  const { connection, uri, logger, attempts = 10, retryDelayMs = 500 } = options;
  const where = { url: withoutCredentials(uri) };
  for (let attempt = 1; ; attempt++) {
    logger.info({ ...where, attempt, attempts }, 'connecting to MongoDB');
    try {
      await connection.openUri(uri, {
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5_000,
      });
      logger.info(where, 'connected to MongoDB');
      return connection;
    } catch (error) {
      if (attempt >= attempts) {
        logger.error({ ...where, err: error, attempt }, 'could not connect to MongoDB');
        throw error;
      }
      const delayMs = Math.min(retryDelayMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
      logger.warn({ ...where, err: error, attempt, retryInMs: delayMs }, 'MongoDB not reachable');
      await sleep(delayMs);
    }
  }
}
