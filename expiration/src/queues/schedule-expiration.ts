import { activeTraceHeaders } from '@ticketing/common';

import type { ExpirationJob, ExpirationQueue } from './expiration-queue';

/** Adds the order's job, due at `expiresAt` (at once if that has passed). The job id is the
 * order id, so scheduling the same order again, however often, leaves one job. Resolves once
 * Redis has stored it. */
export async function scheduleExpiration(
  queue: ExpirationQueue,
  job: ExpirationJob,
  now: number = Date.now(),
): Promise<void> {
  const dueAt = Date.parse(job.expiresAt);
  // An unreadable expiresAt expires the order now: a ticket must never stay locked for good.
  const delay = Number.isNaN(dueAt) ? 0 : Math.max(0, dueAt - now);
  // Inside the order:created delivery's span: the job keeps its context for the publish.
  const trace = activeTraceHeaders();
  const data = Object.keys(trace).length > 0 ? { ...job, trace } : job;
  await queue.add(data, { jobId: job.orderId, delay });
}
