import type { mongo } from 'mongoose';
import { Gauge } from 'prom-client';

import { metricsRegistry } from '../metrics/registry';
import type { OutboxEntry } from './outbox-entry';

/** What an outbox holds that is not published yet, as read at one moment. */
export interface OutboxBacklog {
  /** Entries the writer or the relay is still to publish (parked ones not included). */
  pending: number;
  /** Entries the relay gave up on, waiting for an operator. */
  parked: number;
  /** When the oldest pending entry was stored; undefined when none is pending. */
  oldestPendingAt?: Date;
}

/** Counts what `entries` holds unpublished, and finds the oldest pending entry. */
export async function readBacklog(entries: mongo.Collection<OutboxEntry>): Promise<OutboxBacklog> {
  const unpublished = { publishedAt: null, abandonedAt: null };
  const [pending, parked, oldest] = await Promise.all([
    entries.countDocuments({ ...unpublished, parkedAt: null }),
    entries.countDocuments({ ...unpublished, parkedAt: { $type: 'date' } }),
    entries.findOne(
      { ...unpublished, parkedAt: null },
      { sort: { createdAt: 1 }, projection: { createdAt: 1 } },
    ),
  ]);
  return { pending, parked, oldestPendingAt: oldest?.createdAt };
}

export interface BacklogSource {
  backlog(): Promise<OutboxBacklog>;
}

// The relays running in this process (one per service; tests may run several).
const sources = new Set<BacklogSource>();

// Both gauges are read in the same scrape: one read of the outboxes serves them both.
const SNAPSHOT_TTL_MS = 1_000;
let snapshot: { at: number; totals: Promise<OutboxBacklog> } | undefined;

async function readTotals(): Promise<OutboxBacklog> {
  const backlogs = await Promise.all([...sources].map((source) => source.backlog()));
  return backlogs.reduce<OutboxBacklog>(
    (total, each) => ({
      pending: total.pending + each.pending,
      parked: total.parked + each.parked,
      oldestPendingAt:
        !total.oldestPendingAt ||
        (each.oldestPendingAt && each.oldestPendingAt < total.oldestPendingAt)
          ? each.oldestPendingAt
          : total.oldestPendingAt,
    }),
    { pending: 0, parked: 0 },
  );
}

/** The outboxes' totals, read at most once a second; undefined when the read fails (the
 * database is away): that scrape then reports no count rather than a made-up one. */
async function totals(): Promise<OutboxBacklog | undefined> {
  if (!snapshot || Date.now() - snapshot.at > SNAPSHOT_TTL_MS) {
    snapshot = { at: Date.now(), totals: readTotals() };
  }
  return snapshot.totals.catch(() => undefined);
}

export const outboxEntries = new Gauge({
  name: 'outbox_entries',
  help: 'Outbox entries not published yet, by state: pending (the writer or the relay is publishing them) or parked (waiting for an operator)',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    if (sources.size === 0) return;
    const read = await totals();
    if (!read) return;
    this.set({ state: 'pending' }, read.pending);
    this.set({ state: 'parked' }, read.parked);
  },
});

export const outboxOldestPendingAge = new Gauge({
  name: 'outbox_oldest_pending_age_seconds',
  help: 'Age of the oldest outbox entry still to be published; 0 when none is pending',
  registers: [metricsRegistry],
  async collect() {
    if (sources.size === 0) return this.set(0);
    const read = await totals();
    // A gauge without labels is always served: NaN says the read failed.
    if (!read) return this.set(Number.NaN);
    const oldest = read.oldestPendingAt?.getTime();
    this.set(oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1_000));
  },
});

/** Counts the outbox in the gauges above while its relay runs. */
export function watchBacklog(source: BacklogSource): () => void {
  sources.add(source);
  snapshot = undefined;
  return () => {
    sources.delete(source);
    snapshot = undefined;
  };
}
