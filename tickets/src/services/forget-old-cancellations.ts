import type { Logger } from 'pino';

import { CANCELLATION_MEMORY_MS, forgetCancellationsBefore } from '../models/cancelled-order';

const HOUR_MS = 3_600_000;

export interface CancellationForgetter {
  /** One pass: deletes what is older than the memory; resolves with how many. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Keeps `cancelled_orders` bounded: once at start and then every `intervalMs` (an hour), deletes
 * the cancellations recorded longer than `CANCELLATION_MEMORY_MS` ago. In code because not
 * every MongoDB-compatible server takes a TTL index (FerretDB 1.24 does not). Every replica
 * runs it; deleting twice is harmless.
 */
export function startForgettingOldCancellations(
  logger: Logger,
  intervalMs = HOUR_MS,
): CancellationForgetter {
  let running: Promise<number> | undefined;
  const runOnce = () => {
    running ??= forgetCancellationsBefore(new Date(Date.now() - CANCELLATION_MEMORY_MS))
      .then((forgotten) => {
        if (forgotten > 0) logger.info({ forgotten }, 'forgot old order cancellations');
        return forgotten;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const pass = () =>
    runOnce().catch((error: unknown) =>
      logger.warn({ err: error }, 'could not forget old order cancellations; will try again'),
    );
  void pass();
  const timer = setInterval(() => void pass(), intervalMs);
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
