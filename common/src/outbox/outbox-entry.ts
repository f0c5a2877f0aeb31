import type { mongo } from 'mongoose';

import type { MessageHeaders } from '../events/bus/message-headers';
import type { Event } from '../events/event-map';

export type RecordId = string | mongo.ObjectId;

/** One change to one record, with the events that announce it. */
export interface RecordChange {
  /** The collection holding the record. */
  collection: string;
  /** The record's `_id`. */
  id: RecordId;
  /** The version the record reaches: 0 creates it, N updates it from N-1. */
  version: number;
  /** The fields written. For version 0, the whole record (without `_id` and `version`). */
  set: Record<string, unknown>;
  /** Published, in order, once the change is in the record. */
  events: Event[];
}

/** A change as stored in the `outbox` collection. Its `_id` names the record and the version,
 * so storing it is the claim on that version: a second change to the same version is refused
 * by the unique `_id`, the one write every MongoDB-compatible server makes atomic. */
export interface OutboxEntry {
  _id: string;
  collection: string;
  recordId: RecordId;
  version: number;
  set: Record<string, unknown>;
  events: Event[];
  /** The trace context of the request that made the change (W3C headers), when tracing is
   * on: the events, published now or by the relay much later, join that trace. */
  trace?: MessageHeaders;
  createdAt: Date;
  /** Set once every event is stored on the bus. */
  publishedAt: Date | null;
  /** Set when the change could not be applied (a unique index refused it): never published. */
  abandonedAt: Date | null;
  /** Failed attempts by the relay that counted (see `Outbox`), and the last one's error. */
  attempts?: number;
  lastError?: string;
  /** The relay leaves the entry alone until then (backoff after a failed attempt). */
  retryAt?: Date | null;
  /** Set when the relay gave up on the entry after its last attempt: for an operator to see
   * and replay; the relay does not touch it again. */
  parkedAt?: Date | null;
}

export const OUTBOX_COLLECTION = 'outbox';

export const entryId = (change: Pick<RecordChange, 'collection' | 'id' | 'version'>): string =>
  `${change.collection}/${String(change.id)}@${change.version}`;

/** The bus message id of the entry's nth event: stable, so a repeated publish is recognised. */
export const eventMessageId = (entry: Pick<OutboxEntry, '_id'>, index: number): string =>
  `${entry._id}#${index}`;

export const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
