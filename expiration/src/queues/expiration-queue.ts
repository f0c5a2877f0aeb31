import type { MessageHeaders } from '@ticketing/common';
import Bull, { type Queue, type QueueOptions } from 'bull';

/** What a job carries: the order to announce, when it was due (for the lateness log), and,
 * when tracing is on, the trace context of the order:created that scheduled it. */
export interface ExpirationJob {
  orderId: string;
  expiresAt: string;
  trace?: MessageHeaders;
}

export type ExpirationQueue = Queue<ExpirationJob>;

/** The issue names this queue; Bull (not BullMQ) allows the colon in it. */
export const EXPIRATION_QUEUE_NAME = 'order:expiration';

export interface RetryPolicy {
  /** Delay before the first retry of a job that could not publish (default 1 s). */
  firstDelayMs: number;
  /** The delay doubles on each failure up to this (default 30 s). */
  maxDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 1_000, maxDelayMs: 30_000 };
const BACKOFF = 'capped-exponential';

// A job is never given up on: an expiration that is not announced leaves a ticket locked for
// good. With the delay capped, retries keep coming while the bus is down, and the first one
// after it is back succeeds.
const FOREVER = Number.MAX_SAFE_INTEGER;

// A completed job's id stays in Redis for a day, so an order:created redelivered after its job
// ran is recognised (same job id) and not scheduled again. A hash per order is a few hundred
// bytes; orders ignores a second expiration:complete anyway, so a replay older than this
// costs one duplicate event, nothing more.
const KEEP_COMPLETED_SECONDS = 24 * 60 * 60;

/** The delay before retry `attemptsMade` (1 after the first failure): doubling, capped. */
export const retryDelayMs = (attemptsMade: number, policy: RetryPolicy = DEFAULT_RETRY): number =>
  Math.min(policy.firstDelayMs * 2 ** Math.max(0, attemptsMade - 1), policy.maxDelayMs);

/** The Bull queue of expiration jobs, one per order, its id the order id. Its Redis
 * connections come from `createClient` so the service owns (and closes) them. */
export function createExpirationQueue(
  createClient: NonNullable<QueueOptions['createClient']>,
  retry: RetryPolicy = DEFAULT_RETRY,
): ExpirationQueue {
  return new Bull<ExpirationJob>(EXPIRATION_QUEUE_NAME, {
    createClient,
    settings: {
      backoffStrategies: { [BACKOFF]: (attemptsMade: number) => retryDelayMs(attemptsMade, retry) },
      // A job whose worker died mid-publish is handed out again within ~15 s (Bull's default
      // is up to a minute). Publishing takes milliseconds, so a 10 s lock is plenty.
      lockDuration: 10_000,
      stalledInterval: 5_000,
      // A stalled job is one whose process died; running it again is safe (one message id),
      // failing it would drop the expiration.
      maxStalledCount: FOREVER,
    },
    defaultJobOptions: {
      attempts: FOREVER,
      backoff: { type: BACKOFF },
      removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
      removeOnFail: false,
      stackTraceLimit: 5,
    },
  });
}
