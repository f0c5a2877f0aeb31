import type { Logger } from 'pino';

import type { ExpirationCompletePublisher } from '../events/publishers/expiration-complete-publisher';
import {
  expirationLateness,
  expirationPublishFailures,
  watchExpirationQueue,
} from './expiration-metrics';
import type { ExpirationQueue } from './expiration-queue';

// Jobs published at once by this replica. Each job waits on one round trip to the bus, so a
// burst of orders expiring together drains this many at a time.
const CONCURRENCY = 20;

/** A socket error (ECONNREFUSED, ECONNRESET, ...): Node sets `syscall` on those. */
const isConnectionError = (error: Error): boolean => 'syscall' in error;

/** Runs due jobs: each publishes expiration:complete for its order. A publish that fails
 * fails the job, which Bull retries with backoff; every failure is logged. The promise
 * resolves when the queue closes and rejects if the worker cannot run at all. */
export function processExpirations(
  queue: ExpirationQueue,
  publisher: ExpirationCompletePublisher,
  logger: Logger,
): Promise<void> {
  const unwatch = watchExpirationQueue(queue);
  queue.on('failed', (job, error) => {
    expirationPublishFailures.inc();
    const fields = { orderId: job.data.orderId, attemptsMade: job.attemptsMade, err: error };
    logger.warn(fields, 'could not publish expiration:complete; will retry with backoff');
  });
  queue.on('stalled', (job) =>
    logger.warn({ orderId: job.data.orderId }, 'expiration job stalled; running it again'),
  );
  queue.on('error', (error) => {
    // Bull repeats each connection's errors here; RedisConnections already logs those.
    if (isConnectionError(error)) return;
    logger.error({ err: error }, 'expiration queue error');
  });

  return queue
    .process(CONCURRENCY, async (job) => {
      const { orderId, expiresAt, trace } = job.data;
      await publisher.publishFor(orderId, trace);
      const latenessMs = Date.now() - Date.parse(expiresAt);
      expirationLateness.observe(Math.max(0, latenessMs) / 1_000);
      logger.info({ orderId, latenessMs }, 'expiration:complete published');
    })
    .finally(unwatch);
}
