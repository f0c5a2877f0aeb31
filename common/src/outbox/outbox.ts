import { setTimeout as sleep } from 'node:timers/promises';

import { mongo } from 'mongoose';
import type { Logger } from 'pino';

import type { EventBus } from '../events/bus/event-bus';
import { validEventData } from '../events/event-schemas';
import { defaultEventsLogger } from '../events/events-logger';
import { eventsPublished } from '../metrics/registry';
import { tracePublish } from '../tracing/event-spans';
import { applyEntry, claimVersion, recordVersion } from './apply-change';
import {
  entryId,
  eventMessageId,
  isDuplicateKeyError,
  OUTBOX_COLLECTION,
  type OutboxEntry,
  type RecordChange,
  type RecordId,
} from './outbox-entry';
import { type OutboxBacklog, readBacklog, watchBacklog } from './outbox-metrics';
import { VersionConflictError } from './version-conflict-error';

export interface OutboxOptions {
  logger?: Logger;
  /** How often the relay looks for changes whose events were not published (default 1 s). */
  sweepIntervalMs?: number;
  /** How old such a change must be before the relay takes it over from its writer (default
   * 5 s): younger ones are still being published by the process that made them. */
  graceMs?: number;
  /** Most entries one sweep handles (default 100). */
  batchSize?: number;
  /** After a conflict, how long the writer that took the version has to write it before
   * `retryOnConflict` takes its change over (default 1 s). */
  writerGraceMs?: number;
  /** Counted failures after which the relay parks an entry (default 8). */
  maxAttempts?: number;
  /** The relay's wait after an entry's first counted failure, doubled after each (default
   * 1 s; at most 5 minutes). */
  retryDelayMs?: number;
  /** How long a published or abandoned entry is kept before the relay deletes it (default 10
   * minutes): as long as it stays, its `_id` refuses a writer that read the record before
   * that version, however long that writer stalled. */
  retentionMs?: number;
  /** How often the relay deletes what is past its retention (default 1 minute). */
  pruneIntervalMs?: number;
}

const CATCH_UP_POLL_MS = 10;
const MAX_RETRY_DELAY_MS = 5 * 60_000;
// The server's code for an operation that ran out of its time limit.
const MAX_TIME_EXPIRED = 50;

/** A definite no: the server answered that it did not write the change (a version conflict,
 * a unique index, an invalid field...). A write-concern error or a time-out is no such answer:
 * the write may have landed. */
const isRefusal = (error: unknown): boolean =>
  error instanceof VersionConflictError ||
  isDuplicateKeyError(error) ||
  (error instanceof mongo.MongoServerError &&
    !(error instanceof mongo.MongoWriteConcernError) &&
    error.code !== MAX_TIME_EXPIRED);

/**
 * Changes records so that a change and the events announcing it never part ways, on a single
 * server without transactions (see common's README, "Reliable publishing"):
 * 1. the change and its events are stored as one outbox entry whose `_id` is the claim on the
 *    record's next version (a stale or concurrent change is refused here);
 * 2. the change is written into the record;
 * 3. the events are published (after the record's earlier versions still unpublished), and
 *    the entry is marked published.
 * If the process dies after 1 or 2, the relay (`start()`) finishes the entry later.
 */
export class Outbox {
  private readonly logger: Logger;
  private readonly sweepIntervalMs: number;
  private readonly graceMs: number;
  private readonly batchSize: number;
  private readonly writerGraceMs: number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly retentionMs: number;
  private readonly pruneIntervalMs: number;
  private prunedAt = 0;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
  private unwatchBacklog?: () => void;

  constructor(
    private readonly db: mongo.Db,
    private readonly bus: EventBus,
    options: OutboxOptions = {},
  ) {
    this.logger = options.logger ?? defaultEventsLogger();
    this.sweepIntervalMs = options.sweepIntervalMs ?? 1_000;
    this.graceMs = options.graceMs ?? 5_000;
    this.batchSize = options.batchSize ?? 100;
    this.writerGraceMs = options.writerGraceMs ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.retentionMs = options.retentionMs ?? 10 * 60_000;
    this.pruneIntervalMs = options.pruneIntervalMs ?? 60_000;
  }

  private get entries(): mongo.Collection<OutboxEntry> {
    return this.db.collection<OutboxEntry>(OUTBOX_COLLECTION);
  }

  /**
   * Applies the change and publishes its events. Throws `VersionConflictError` when the version
   * was taken, or the server's duplicate-key error when a unique index refuses the change; in
   * both cases nothing is published. A failed publish does not throw: the event is safe in the
   * outbox and the relay publishes it. Any other refusal by the server removes the claim too
   * and is rethrown. A failure with no answer from the server (a reset, a time-out) is
   * rethrown with the claim kept: the write may have landed, and the relay's apply, which is
   * idempotent, finishes it and publishes its events.
   */
  async commit(change: RecordChange): Promise<void> {
    // A malformed event is a bug in the caller: refused before anything is stored.
    for (const event of change.events) validEventData(event.subject, event.data);
    const entry = await claimVersion(this.db, change);
    try {
      await applyEntry(this.db, entry);
    } catch (error) {
      if (isRefusal(error)) await this.releaseClaim(entry);
      else {
        this.logger.warn(
          { err: error, entry: entry._id },
          'writing a change failed and it may have landed; the outbox relay will finish it',
        );
      }
      throw error;
    }
    try {
      await this.publishEarlier(entry);
      await this.publish(entry);
    } catch (error) {
      this.logger.warn(
        { err: error, entry: entry._id },
        'publish failed; the outbox relay will retry',
      );
    }
  }

  /**
   * Runs `decide` (read the record, decide, `commit`) until it commits without a version
   * conflict, at most `attempts` times; the last conflict is rethrown. Between attempts the
   * record is brought up to the version that was taken, so the next read sees it: its writer
   * is almost always alive and about to write it, and is taken over (`settle`) only when it
   * has not within `writerGraceMs` — settling at once would publish a live writer's events a
   * second time.
   */
  async retryOnConflict<T>(decide: () => Promise<T>, attempts = 5): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await decide();
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= attempts) throw error;
        await this.catchUp(error);
        // Writers that lost together would otherwise collide again on the next version.
        await sleep(Math.random() * 10 * attempt);
      }
    }
  }

  private async catchUp({ collection, recordId, version }: VersionConflictError): Promise<void> {
    const deadline = Date.now() + this.writerGraceMs;
    while (Date.now() < deadline) {
      const current = await recordVersion(this.db, collection, recordId);
      if (current !== undefined && current >= version) return;
      await sleep(CATCH_UP_POLL_MS);
    }
    await this.settle(collection, recordId);
  }

  /**
   * Finishes every unpublished change to one record, in version order, without waiting for
   * the relay: for a change whose writer died before writing it into the record.
   */
  async settle(collection: string, id: RecordId): Promise<void> {
    const pending = await this.entries
      .find({ collection, recordId: id, publishedAt: null, abandonedAt: null, parkedAt: null })
      .sort({ version: 1 })
      .toArray();
    for (const entry of pending) {
      if (!(await this.finish(entry))) return;
    }
  }

  /** Starts the relay: every `sweepIntervalMs`, finishes entries their writers left behind. */
  async start(): Promise<void> {
    await this.entries.createIndex({ publishedAt: 1, abandonedAt: 1, createdAt: 1 });
    this.timer ??= setInterval(() => {
      this.sweep().catch((error: unknown) =>
        this.logger.error({ err: error }, 'outbox sweep failed; will try again'),
      );
    }, this.sweepIntervalMs);
    this.unwatchBacklog ??= watchBacklog(this);
  }

  /** Stops the relay after the sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unwatchBacklog?.();
    this.unwatchBacklog = undefined;
    await this.sweeping?.catch(() => undefined);
  }

  /** What is still to be published, for the `outbox_*` gauges at /metrics. */
  async backlog(): Promise<OutboxBacklog> {
    return readBacklog(this.entries).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not read the outbox backlog for /metrics');
      throw error;
    });
  }

  /** One pass of the relay; resolves with how many entries it published. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  /**
   * Each entry is tried on its own: one that throws does not stop the ones after it. A failure
   * counts against an entry only when the same pass published another one, that is when the
   * bus and the database were working and the entry itself is the trouble; the entry then
   * waits (doubling each time) and is parked after `maxAttempts`. A pass in which nothing went
   * through counts nothing, so an outage of the bus or the database parks no entry.
   */
  private async sweepOnce(): Promise<number> {
    const now = new Date();
    const pending = await this.entries
      .find({
        publishedAt: null,
        abandonedAt: null,
        parkedAt: null,
        createdAt: { $lt: new Date(now.getTime() - this.graceMs) },
        $or: [{ retryAt: null }, { retryAt: { $lte: now } }],
      })
      .sort({ createdAt: 1 })
      .limit(this.batchSize)
      .toArray();
    let published = 0;
    const failed: { entry: OutboxEntry; error: unknown }[] = [];
    for (const entry of pending) {
      try {
        if (await this.finish(entry)) published++;
      } catch (error) {
        failed.push({ entry, error });
      }
    }
    for (const { entry, error } of failed) {
      if (published > 0) await this.countFailure(entry, error);
      else {
        this.logger.warn(
          { err: error, entry: entry._id },
          'outbox entry failed and nothing else went through (is the bus or the database down?); will try again',
        );
      }
    }
    await this.pruneWhenDue(now);
    return published;
  }

  /** Deletes the entries published or abandoned longer than `retentionMs` ago, so that the
   * outbox holds only recent changes and the relay's reads stay small. Parked entries stay for
   * the operator. Every replica prunes; deleting twice is harmless. */
  private async pruneWhenDue(now: Date): Promise<void> {
    if (now.getTime() - this.prunedAt < this.pruneIntervalMs) return;
    this.prunedAt = now.getTime();
    const before = new Date(now.getTime() - this.retentionMs);
    try {
      const published = await this.entries.deleteMany({ publishedAt: { $lt: before } });
      // Abandoned entries were never published: this filter uses the same index.
      const abandoned = await this.entries.deleteMany({
        publishedAt: null,
        abandonedAt: { $lt: before },
      });
      const deleted = published.deletedCount + abandoned.deletedCount;
      if (deleted > 0)
        this.logger.debug({ deleted }, 'outbox entries past their retention deleted');
    } catch (error) {
      this.logger.warn({ err: error }, 'deleting old outbox entries failed; will try again');
    }
  }

  private async countFailure(entry: OutboxEntry, error: unknown): Promise<void> {
    const attempts = (entry.attempts ?? 0) + 1;
    const lastError = String((error as Error)?.message ?? error);
    if (attempts >= this.maxAttempts) {
      await this.entries.updateOne(
        { _id: entry._id },
        { $set: { attempts, lastError, parkedAt: new Date() } },
      );
      this.logger.error(
        { err: error, entry: entry._id, attempts },
        'outbox entry parked: its change and events wait for an operator',
      );
      return;
    }
    const delay = Math.min(this.retryDelayMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
    await this.entries.updateOne(
      { _id: entry._id },
      { $set: { attempts, lastError, retryAt: new Date(Date.now() + delay) } },
    );
    this.logger.warn(
      { err: error, entry: entry._id, attempts, retryInMs: delay },
      'outbox entry failed; the relay will try it again',
    );
  }

  /** Applies the entry if its writer did not, then publishes it. */
  private async finish(entry: OutboxEntry): Promise<boolean> {
    try {
      await applyEntry(this.db, entry);
    } catch (error) {
      if (error instanceof VersionConflictError) {
        // An earlier version of the record is still pending; it goes first.
        this.logger.info({ entry: entry._id }, 'outbox entry waits for an earlier change');
        return false;
      }
      if (!isDuplicateKeyError(error)) throw error;
      await this.entries.updateOne({ _id: entry._id }, { $set: { abandonedAt: new Date() } });
      this.logger.warn({ entry: entry._id }, 'outbox entry refused by a unique index; abandoned');
      return false;
    }
    await this.publishEarlier(entry);
    await this.publish(entry);
    this.logger.info({ entry: entry._id }, 'published the events of an unfinished change');
    return true;
  }

  /**
   * Publishes the record's earlier versions that are still unpublished, oldest first, so that
   * the bus never carries version N+1 ahead of N. A consumer holding N+1 back until N arrives
   * would otherwise wait on a bus that delivers N only after what it holds back (NATS
   * Streaming hands a subscription at most its `maxInFlight` unacked events). An earlier
   * version's writer gets until its entry is `writerGraceMs` old to publish it, as in
   * `retryOnConflict`, so a live one's events do not go out twice. Throws, publishing nothing
   * more, while an earlier version is parked: its later versions wait for it.
   */
  private async publishEarlier(entry: OutboxEntry): Promise<void> {
    if (entry.version === 0) return;
    const previous = await this.unpublishedEntry(
      entryId({ collection: entry.collection, id: entry.recordId, version: entry.version - 1 }),
    );
    if (!previous) return;
    if (previous.parkedAt) {
      throw new Error(`${previous._id} is parked: the record's later versions wait for it`);
    }
    await this.publishEarlier(previous);
    await this.publish(previous);
  }

  /** The entry, once its writer has had `writerGraceMs` to publish it; undefined when it is
   * published or abandoned by then, or gone (published, then deleted by `pruneWhenDue`). */
  private async unpublishedEntry(id: string): Promise<OutboxEntry | undefined> {
    for (;;) {
      const entry = await this.entries.findOne({ _id: id });
      if (!entry || entry.publishedAt || entry.abandonedAt) return undefined;
      if (entry.parkedAt || Date.now() >= entry.createdAt.getTime() + this.writerGraceMs) {
        return entry;
      }
      await sleep(CATCH_UP_POLL_MS);
    }
  }

  /** Removes the claim of a change the server refused, so that nothing ever applies it. The
   * refusal is what the caller hears; a failure here is logged, and the relay then meets the
   * same refusal and abandons the entry (or, for a version conflict, applies it once the
   * earlier change is in, which the log line says). */
  private async releaseClaim(entry: OutboxEntry): Promise<void> {
    try {
      await this.entries.deleteOne({ _id: entry._id });
    } catch (error) {
      this.logger.error(
        { err: error, entry: entry._id },
        'could not remove the claim of a refused change; the outbox relay will meet it',
      );
    }
  }

  private async publish(entry: OutboxEntry): Promise<void> {
    for (const [index, event] of entry.events.entries()) {
      await tracePublish(event.subject, entry.trace, (headers) =>
        this.bus.publish(event.subject, JSON.stringify(event.data), {
          messageId: eventMessageId(entry, index),
          headers,
        }),
      );
      eventsPublished.inc({ subject: event.subject });
    }
    await this.entries.updateOne({ _id: entry._id }, { $set: { publishedAt: new Date() } });
  }
}
