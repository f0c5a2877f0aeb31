import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/** The connections Bull asks for: commands, pub/sub events, and blocking job fetches. */
export type ConnectionType = 'client' | 'subscriber' | 'bclient';

const QUIT_TIMEOUT_MS = 1_000;

// Never give up reconnecting, and keep trying often: after a Redis restart the scheduled jobs
// are still there (append-only file), and the sooner we are back the less late they fire.
const retryStrategy = (attempt: number): number => Math.min(attempt * 100, 2_000);

// Bull refuses blocking and subscriber connections with a per-command retry limit or a ready
// check: a blocking fetch must be allowed to wait out an outage.
const optionsFor = (type: ConnectionType): RedisOptions =>
  type === 'client'
    ? { retryStrategy }
    : { retryStrategy, maxRetriesPerRequest: null, enableReadyCheck: false };

async function quit(client: Redis): Promise<void> {
  if (client.status !== 'ready') return client.disconnect();
  const timeout = setTimeout(() => client.disconnect(), QUIT_TIMEOUT_MS);
  await client.quit().catch(() => client.disconnect());
  clearTimeout(timeout);
}

/** Owns every Redis connection of the service: creates them for Bull (`createClient`), says
 * whether all are up (for /readyz), and closes them last on shutdown. */
export class RedisConnections {
  private readonly clients: Redis[] = [];

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  readonly create = (type: ConnectionType): Redis => {
    const client = new Redis(this.url, optionsFor(type));
    // One line when a connection goes down and one when it is back, not one per attempt.
    let up = true;
    client.on('ready', () => {
      up = true;
      this.logger.info({ connection: type }, 'redis connected');
    });
    client.on('error', (error: Error) => {
      if (!up) return;
      up = false;
      this.logger.warn({ connection: type, err: error }, 'redis unreachable; reconnecting');
    });
    this.clients.push(client);
    return client;
  };

  isReady(): boolean {
    return this.clients.length > 0 && this.clients.every((client) => client.status === 'ready');
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map(quit));
  }
}
