import type { mongo } from 'mongoose';

import { activeTraceHeaders } from '../tracing/event-spans';
import {
  entryId,
  isDuplicateKeyError,
  OUTBOX_COLLECTION,
  type OutboxEntry,
  type RecordChange,
  type RecordId,
} from './outbox-entry';
import { VersionConflictError } from './version-conflict-error';

/** Stores the change in the outbox: the claim on its version. */
export async function claimVersion(db: mongo.Db, change: RecordChange): Promise<OutboxEntry> {
  const trace = activeTraceHeaders();
  const entry: OutboxEntry = {
    _id: entryId(change),
    collection: change.collection,
    recordId: change.id,
    version: change.version,
    set: change.set,
    events: change.events,
    // Only when tracing is on: an entry without a trace stays as small as before.
    ...(Object.keys(trace).length > 0 ? { trace } : {}),
    createdAt: new Date(),
    publishedAt: null,
    abandonedAt: null,
  };
  try {
    await db.collection<OutboxEntry>(OUTBOX_COLLECTION).insertOne(entry);
  } catch (error) {
    if (isDuplicateKeyError(error)) {
      throw new VersionConflictError(change.collection, change.id, change.version);
    }
    throw error;
  }
  return entry;
}

/** What the outbox reads and writes in a record: any collection, any fields. */
type VersionedRecord = { _id: RecordId; version: number } & Record<string, unknown>;

/** The record's version, or undefined when there is no record. */
export async function recordVersion(
  db: mongo.Db,
  collection: string,
  id: RecordId,
): Promise<number | undefined> {
  const record = await db
    .collection<VersionedRecord>(collection)
    .findOne({ _id: id }, { projection: { version: 1 } });
  return record?.version;
}

const versionOf = (db: mongo.Db, entry: OutboxEntry) =>
  recordVersion(db, entry.collection, entry.recordId);

/**
 * Writes the entry's change into its record; doing it twice is harmless. Throws the server's
 * duplicate-key error when a unique index refuses the change, and `VersionConflictError` when
 * the record is no longer at the version the change was made from.
 */
export async function applyEntry(db: mongo.Db, entry: OutboxEntry): Promise<void> {
  const records = db.collection<VersionedRecord>(entry.collection);
  if (entry.version === 0) {
    try {
      await records.insertOne({ ...entry.set, _id: entry.recordId, version: 0 });
      return;
    } catch (error) {
      // Already created (by an earlier attempt at this entry) is success; anything else is not.
      if (isDuplicateKeyError(error) && (await versionOf(db, entry)) !== undefined) return;
      throw error;
    }
  }
  const result = await records.updateOne(
    { _id: entry.recordId, version: entry.version - 1 },
    { $set: { ...entry.set, version: entry.version } },
  );
  if (result.matchedCount === 1) return;
  const current = await versionOf(db, entry);
  if (current !== undefined && current >= entry.version) return;
  throw new VersionConflictError(entry.collection, entry.recordId, entry.version);
}
