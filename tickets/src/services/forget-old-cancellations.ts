import { type PeriodicTask, startPeriodicTask } from '@ticketing/common';
import type { Logger } from 'pino';

import { CANCELLATION_MEMORY_MS, forgetCancellationsBefore } from '../models/cancelled-order';

const HOUR_MS = 3_600_000;

/**
 * Keeps `cancelled_orders` bounded: once at start and then every hour, deletes the
 * cancellations recorded longer than `CANCELLATION_MEMORY_MS` ago. In code because not every
 * MongoDB-compatible server takes a TTL index (FerretDB 1.24 does not). Every replica runs it;
 * deleting twice is harmless. Each pass resolves with how many it forgot.
 */
export const startForgettingOldCancellations = (logger: Logger): PeriodicTask<number> =>
  startPeriodicTask({
    intervalMs: HOUR_MS,
    logger,
    failure: 'could not forget old order cancellations',
    run: async () => {
      const forgotten = await forgetCancellationsBefore(
        new Date(Date.now() - CANCELLATION_MEMORY_MS),
      );
      if (forgotten > 0) logger.info({ forgotten }, 'forgot old order cancellations');
      return forgotten;
    },
  });
