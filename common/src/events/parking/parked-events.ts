import { randomUUID } from 'node:crypto';

import type { EventBus } from '../bus/event-bus';
import { checkEventData } from '../event-schemas';
import type { OrderCreatedEvent } from '../order-created-event';
import { isPastOrderCreatedHorizon, ORDER_CREATED_HORIZON_MS } from '../order-created-horizon';
import { Subjects } from '../subjects';
import { PARKED_SUBJECT, type ParkedEvent, type ParkingRecord } from './parked-event';

/** A parked event as an operator sees it. */
export interface ParkedEntry extends ParkedEvent {
  /** The record's own sequence on `PARKED_SUBJECT`: what `replay` takes. */
  id: number;
  /** When it was last replayed, if it was. */
  replayedAt?: string;
}

const parseRecord = (data: Uint8Array): ParkingRecord | undefined => {
  try {
    const record = JSON.parse(Buffer.from(data).toString('utf8')) as Partial<ParkingRecord>;
    return record.kind === 'parked' || record.kind === 'replayed'
      ? (record as ParkingRecord)
      : undefined;
  } catch {
    return undefined;
  }
};

/** Why an event that passes its schema would be parked again all the same, if it would. */
function stillUnappliable(subject: Subjects, data: unknown): string | undefined {
  if (subject !== Subjects.OrderCreated) return undefined;
  const { expiresAt } = data as OrderCreatedEvent['data'];
  if (!isPastOrderCreatedHorizon(expiresAt)) return undefined;
  const days = ORDER_CREATED_HORIZON_MS / 86_400_000;
  return (
    `its order expired at ${expiresAt}, more than ${days} days ago, and tickets may have ` +
    'forgotten whether it was cancelled; look the order up in orders instead'
  );
}

/** Every event parked on the bus, oldest first, with its replays. */
export async function listParked(bus: EventBus): Promise<ParkedEntry[]> {
  const entries = new Map<number, ParkedEntry>();
  for (const message of await bus.read(PARKED_SUBJECT)) {
    const record = parseRecord(message.data);
    if (record?.kind === 'parked')
      entries.set(message.sequence, { ...record, id: message.sequence });
    if (record?.kind === 'replayed') {
      const entry = entries.get(record.parked);
      if (entry) entry.replayedAt = record.replayedAt;
    }
  }
  return [...entries.values()];
}

/**
 * Publishes parked event `id` again on its subject, as a new event, and records the replay.
 * Every listener applies an event it already applied as a no-op (events.md), so the queue
 * groups that had handled it change nothing and the one that parked it gets it again. Refuses
 * a payload that still fails its subject's schema, and an `order:created` past its horizon
 * (`ORDER_CREATED_HORIZON_MS`): either would only be parked again.
 */
export async function replayParked(bus: EventBus, id: number): Promise<ParkedEntry> {
  const entry = (await listParked(bus)).find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`no parked event #${id} (npm run events -- parked lists them)`);
  let payload: unknown;
  try {
    payload = JSON.parse(entry.payload);
  } catch {
    throw new Error(`parked event #${id} would only be parked again: not JSON`);
  }
  const check = checkEventData(entry.subject, payload);
  const problem = check.ok ? stillUnappliable(entry.subject, check.data) : check.error;
  if (problem) throw new Error(`parked event #${id} would only be parked again: ${problem}`);
  await bus.publish(entry.subject, entry.payload, { messageId: `replay:${id}:${randomUUID()}` });
  const replayedAt = new Date().toISOString();
  await bus.publish(PARKED_SUBJECT, JSON.stringify({ kind: 'replayed', parked: id, replayedAt }), {
    messageId: `replayed:${id}:${replayedAt}`,
  });
  return { ...entry, replayedAt };
}
