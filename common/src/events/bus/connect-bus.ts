import { setTimeout as sleep } from 'node:timers/promises';

import type { Logger } from 'pino';

import { defaultEventsLogger } from '../events-logger';
import type { EventBus } from './event-bus';
import type { EventBusConfig } from './event-bus-config';
import { JetStreamBus } from './jetstream-bus';
import { NatsStreamingBus } from './nats-streaming-bus';

const MAX_RETRY_DELAY_MS = 5_000;

/** The URL as it may be logged: without a user or password. */
const withoutCredentials = (url: string): string => url.replace(/\/\/[^@/]*@/, '//');

const open = (config: EventBusConfig, logger: Logger): Promise<EventBus> =>
  config.transport === 'nats-streaming'
    ? NatsStreamingBus.connect({ ...config, logger })
    : JetStreamBus.connect({ ...config, logger });

/** Connects to the transport the config names, retrying with backoff and logging each attempt
 * (the bus may start after the service). Close it with `close()`, which drains. */
export async function connectEventBus(config: EventBusConfig): Promise<EventBus> {
  const logger = config.logger ?? defaultEventsLogger();
  const attempts = config.connectAttempts ?? 10;
  const where = {
    transport: config.transport,
    url: withoutCredentials(config.url),
    clientId: config.clientId,
  };
  for (let attempt = 1; ; attempt++) {
    logger.info({ ...where, attempt, attempts }, 'connecting to the event bus');
    try {
      const bus = await open(config, logger);
      logger.info(where, 'connected to the event bus');
      return bus;
    } catch (error) {
      if (attempt >= attempts) {
        logger.error({ ...where, err: error, attempt }, 'could not connect to the event bus');
        throw error;
      }
      const delayMs = Math.min(
        (config.retryDelayMs ?? 500) * 2 ** (attempt - 1),
        MAX_RETRY_DELAY_MS,
      );
      logger.warn({ ...where, err: error, attempt, retryInMs: delayMs }, 'event bus not reachable');
      await sleep(delayMs);
    }
  }
}
