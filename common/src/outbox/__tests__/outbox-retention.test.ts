// The outbox stays small: the relay deletes what can no longer matter (entries published or
// abandoned longer ago than the retention) and keeps what still can (recent claims, which
// refuse stale writers; unpublished entries; parked ones, for the operator).
import { createTestDatabase, type TestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { InMemoryEventBus } from '../../events/bus/in-memory-bus';
import { claimVersion } from '../apply-change';
import { Outbox } from '../outbox';
import { OUTBOX_COLLECTION, type OutboxEntry, type RecordChange } from '../outbox-entry';
import { VersionConflictError } from '../version-conflict-error';
import { ticketCreated } from './ticket-created';

const RETENTION_MS = 60_000;
let database: TestDatabase;

const db = () => mongoose.connection.db!;
const entries = () => db().collection<OutboxEntry>(OUTBOX_COLLECTION);
const longAgo = () => new Date(Date.now() - 2 * RETENTION_MS);

const created = () => ticketCreated(new mongoose.Types.ObjectId());

/** Commits a change and returns its entry's `_id`. */
async function committed(outbox: Outbox, change: RecordChange): Promise<string> {
  await outbox.commit(change);
  return `tickets/${String(change.id)}@0`;
}

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeEach(() => database.clear());
afterAll(() => database.drop());

describe('the outbox relay, past the retention', () => {
  it('deletes entries published or abandoned long ago, and keeps the rest', async () => {
    const outbox = new Outbox(db(), new InMemoryEventBus(), {
      logger: pino({ level: 'silent' }),
      graceMs: 60 * RETENTION_MS, // the relay finishes nothing here: only its pruning is tested
      retentionMs: RETENTION_MS,
      pruneIntervalMs: 0,
    });
    const oldPublished = await committed(outbox, created());
    const recentPublished = await committed(outbox, created());
    const oldAbandoned = await committed(outbox, created());
    const oldParked = (await claimVersion(db(), created()))._id;
    const unpublished = (await claimVersion(db(), created()))._id;
    await entries().updateOne({ _id: oldPublished }, { $set: { publishedAt: longAgo() } });
    await entries().updateOne(
      { _id: oldAbandoned },
      { $set: { publishedAt: null, abandonedAt: longAgo() } },
    );
    await entries().updateOne({ _id: oldParked }, { $set: { parkedAt: longAgo() } });
    await entries().updateOne({ _id: unpublished }, { $set: { createdAt: longAgo() } });

    await outbox.sweep();

    const left = (await entries().find().toArray()).map((entry) => entry._id).sort();
    expect(left).toEqual([recentPublished, oldParked, unpublished].sort());
  });

  it('still refuses a stale writer while the claim is kept', async () => {
    const outbox = new Outbox(db(), new InMemoryEventBus(), {
      logger: pino({ level: 'silent' }),
      retentionMs: RETENTION_MS,
      pruneIntervalMs: 0,
    });
    const change = created();
    await outbox.commit(change);
    await outbox.sweep();

    await expect(outbox.commit({ ...change, set: { title: 'stale' } })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
  });
});
