import type { EventBus } from '@ticketing/common';
import type { Logger } from 'pino';

import { OrderCreatedListener } from '../events/listeners/order-created-listener';
import { ExpirationCompletePublisher } from '../events/publishers/expiration-complete-publisher';
import { createExpirationQueue, type RetryPolicy } from '../queues/expiration-queue';
import { processExpirations } from '../queues/process-expirations';
import { RedisConnections } from '../queues/redis-connections';

export interface InProcessOptions {
  redisUrl: string;
  bus: EventBus;
  logger: Logger;
  retry?: RetryPolicy;
}

/** The service's parts wired as index.ts wires them, inside the test process, so a test can
 * hand them a bus of its choosing and read their logs. Closing the bus is the caller's job. */
export async function startInProcess({ redisUrl, bus, logger, retry }: InProcessOptions) {
  const redis = new RedisConnections(redisUrl, logger);
  const queue = createExpirationQueue(redis.create, retry);
  const worker = processExpirations(queue, new ExpirationCompletePublisher(bus), logger);
  worker.catch((error: unknown) => logger.error({ err: error }, 'expiration worker stopped'));
  await new OrderCreatedListener(bus, queue, logger).listen();
  return {
    redis,
    queue,
    stop: async () => {
      await queue.close();
      await redis.close();
    },
  };
}
