import { metricsRegistry } from '@ticketing/common';
import { Counter, Gauge, Histogram } from 'prom-client';

import type { ExpirationQueue } from './expiration-queue';

const queues = new Set<ExpirationQueue>();

// Bull's names for where a job is: delayed (its order's deadline, or a retry's backoff, is
// ahead), waiting (due, not picked up yet: it is late), active (publishing), failed (never
// here: a job is retried forever), completed (kept a day to recognise a redelivery).
const STATES = ['delayed', 'waiting', 'active', 'failed'] as const;

export const expirationJobs = new Gauge({
  name: 'expiration_jobs',
  help: 'Expiration jobs by state: delayed (deadline or retry ahead), waiting (due and not picked up yet: late), active (publishing), failed',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  async collect() {
    // Read first, then set at once: scrapes that overlap must not add into each other.
    const read = await Promise.all(
      [...queues].map((queue) => queue.getJobCounts().catch(() => undefined)),
    );
    this.reset();
    // The scrape leaves out what it could not read (Redis away) rather than report 0.
    const counts = read.filter((each) => each !== undefined);
    if (counts.length === 0) return;
    for (const state of STATES) {
      this.set(
        { state },
        counts.reduce((total, each) => total + each[state], 0),
      );
    }
  },
});

export const expirationLateness = new Histogram({
  name: 'expiration_lateness_seconds',
  help: 'How long after its order’s deadline expiration:complete was published',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

export const expirationPublishFailures = new Counter({
  name: 'expiration_publish_failures_total',
  help: 'Attempts to publish expiration:complete that failed (each is retried with backoff)',
  registers: [metricsRegistry],
});

/** Counts the queue's jobs in `expiration_jobs` until the returned function is called. */
export function watchExpirationQueue(queue: ExpirationQueue): () => void {
  queues.add(queue);
  return () => queues.delete(queue);
}
