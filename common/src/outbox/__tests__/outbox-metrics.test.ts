// The outbox at /metrics: how many entries wait to be published, how many are parked, and how
// old the oldest waiting one is, read from the database while the relay runs.
import { createTestDatabase, seriesValue, type TestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { InMemoryEventBus } from '../../events/bus/in-memory-bus';
import { metricsRegistry } from '../../metrics/registry';
import { claimVersion } from '../apply-change';
import { Outbox } from '../outbox';
import { OUTBOX_COLLECTION, type OutboxEntry } from '../outbox-entry';
import { ticketCreated } from './ticket-created';

let database: TestDatabase;
const db = () => mongoose.connection.db!;

const valueOf = async (series: string) => seriesValue(await metricsRegistry.metrics(), series);

const PENDING = 'outbox_entries{state="pending"}';
const PARKED = 'outbox_entries{state="parked"}';
const OLDEST = 'outbox_oldest_pending_age_seconds';
// Past the snapshot both gauges share (1 s), so that the next scrape reads the outbox again.
const nextScrape = () => new Promise((resolve) => setTimeout(resolve, 1_100));

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeEach(() => database.clear());
afterAll(() => database.drop());

it('counts pending and parked entries and the oldest pending one’s age while the relay runs', async () => {
  const outbox = new Outbox(db(), new InMemoryEventBus(), {
    logger: pino({ level: 'silent' }),
    graceMs: 0,
    // No sweep of its own: the test sweeps when it wants the entries published.
    sweepIntervalMs: 60 * 60_000,
  });
  const changes = [1, 2, 3].map(() => ticketCreated(new mongoose.Types.ObjectId()));
  // Claimed and left: as writers that died before publishing would leave them.
  for (const change of changes) await claimVersion(db(), change);
  const parked = `tickets/${String(changes[2]?.id)}@0`;
  await db()
    .collection<OutboxEntry>(OUTBOX_COLLECTION)
    .updateOne({ _id: parked }, { $set: { parkedAt: new Date() } });
  expect(await valueOf(PENDING)).toBeUndefined();

  await outbox.start();
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await valueOf(PENDING)).toBe(2);
  expect(await valueOf(PARKED)).toBe(1);
  expect(await valueOf(OLDEST)).toBeGreaterThanOrEqual(0.2);

  await outbox.sweep();
  await nextScrape();
  expect(await valueOf(PENDING)).toBe(0);
  expect(await valueOf(PARKED)).toBe(1);
  expect(await valueOf(OLDEST)).toBe(0);

  await outbox.stop();
  expect(await valueOf(PENDING)).toBeUndefined();
  expect(await valueOf(OLDEST)).toBe(0);
});
