import './tracing';

import {
  busReadiness,
  closeHttpServer,
  connectEventBus,
  handleShutdown,
  listen,
  traceLogFields,
} from '@ticketing/common';
import { pino } from 'pino';

import { createApp } from './app';
import { readExpirationConfig } from './config';
import { OrderCreatedListener } from './events/listeners/order-created-listener';
import { ExpirationCompletePublisher } from './events/publishers/expiration-complete-publisher';
import { createExpirationQueue } from './queues/expiration-queue';
import { processExpirations } from './queues/process-expirations';
import { RedisConnections } from './queues/redis-connections';

async function main(): Promise<void> {
  const config = readExpirationConfig(process.env);
  const logger = pino({ name: 'expiration', level: config.logLevel, mixin: traceLogFields });

  const redis = new RedisConnections(config.redisUrl.href, logger);
  const queue = createExpirationQueue(redis.create);
  const bus = await connectEventBus({ ...config.eventBus, logger });

  const worker = processExpirations(queue, new ExpirationCompletePublisher(bus), logger);
  await new OrderCreatedListener(bus, queue, logger).listen();

  const checks = { redis: () => redis.isReady(), 'event bus': busReadiness(bus) };
  const server = await listen(createApp(checks, logger), config.port);
  logger.info({ port: config.port }, 'expiration service started');

  const { shutdown } = handleShutdown({
    logger,
    timeoutMs: 20_000,
    steps: [
      // Jobs already running finish first, while the bus can still carry what they publish.
      { name: 'running jobs', close: () => queue.pause(true) },
      { name: 'event bus', close: () => bus.close() },
      { name: 'queue', close: () => queue.close() },
      { name: 'redis', close: () => redis.close() },
      { name: 'http server', close: () => closeHttpServer(server) },
    ],
  });
  // Either ending on its own leaves the service deaf or mute: exit, to be restarted.
  void bus.closed().then((error) => {
    if (error) void shutdown(`event bus connection lost: ${error.message}`, 1);
  });
  worker.catch((error: unknown) => void shutdown(`expiration worker stopped: ${String(error)}`, 1));
}

main().catch((error: unknown) => {
  pino({ name: 'expiration' }).fatal({ err: error }, 'could not start');
  process.exit(1);
});
