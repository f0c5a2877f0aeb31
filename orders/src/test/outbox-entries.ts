import { OUTBOX_COLLECTION, type OutboxEntry } from '@ticketing/common';
import mongoose from 'mongoose';

/** The outbox entries of one order, by version: every change it went through. */
export async function changesOf(orderId: string): Promise<OutboxEntry[]> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('connect the test database first (useTestDatabase)');
  return db
    .collection<OutboxEntry>(OUTBOX_COLLECTION)
    .find({ collection: 'orders', recordId: new mongoose.Types.ObjectId(orderId) })
    .sort({ version: 1 })
    .toArray();
}
