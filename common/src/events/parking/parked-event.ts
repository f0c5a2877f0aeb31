import type { Subjects } from '../subjects';

/** Where listeners park the events they gave up on, on the bus itself: every service has it,
 * it survives restarts, and one command lists what all of them parked (`npm run events`). */
export const PARKED_SUBJECT = 'events:parked';

/** An event a listener gave up on: its payload failed the subject's schema, or its handler
 * failed `attempts` times. It was acked, so only a replay brings it back. */
export interface ParkedEvent {
  kind: 'parked';
  subject: Subjects;
  queueGroup: string;
  /** The event's position in the bus's log (per subject on NATS Streaming, per stream on
   * JetStream). */
  sequence: number;
  /** The payload exactly as received; it may not even be JSON. */
  payload: string;
  error: string;
  attempts: number;
  parkedAt: string;
}

/** Written when an operator replays a parked event, so that it is listed as replayed. */
export interface ReplayedEvent {
  kind: 'replayed';
  /** The parked record's own sequence on `PARKED_SUBJECT`. */
  parked: number;
  replayedAt: string;
}

export type ParkingRecord = ParkedEvent | ReplayedEvent;

/** The subjects a bus carries: the event catalog, and where parked events go. */
export type BusSubject = Subjects | typeof PARKED_SUBJECT;
