import type { BusSubject } from '../parking/parked-event';
import type { Subjects } from '../subjects';
import type { MessageHeaders } from './message-headers';

/** The transports `connectEventBus` can choose from. */
export type Transport = 'nats-streaming' | 'jetstream';

export interface PublishOptions {
  /** Unique per event. JetStream drops a second publish with the same id inside its
   * duplicate window, so a retried publish (an outbox relay after a crash) is stored once.
   * NATS Streaming has no such feature; listeners are idempotent either way. */
  messageId: string;
  /** Carried beside the event (the trace context): message headers on JetStream, an envelope
   * around the event on NATS Streaming, which has no headers. */
  headers?: MessageHeaders;
}

/** One delivery of a stored event to one subscriber. */
export interface BusMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  /** What the publisher sent beside the event (`PublishOptions.headers`), if anything. */
  readonly headers?: MessageHeaders;
  /** Position in the server's log (per channel on NATS Streaming, per stream on JetStream). */
  readonly sequence: number;
  readonly redelivered: boolean;
  /** 1 on the first delivery, 2 on the first redelivery, ... */
  readonly deliveryCount: number;
  /** Tells the server the event is done with; an unacked event comes back after the ack-wait. */
  ack(): void;
}

/** A message as the server stores it, read back rather than delivered. */
export interface StoredMessage {
  readonly sequence: number;
  readonly data: Uint8Array;
}

export type MessageHandler = (message: BusMessage) => Promise<void>;

export interface SubscribeOptions {
  subject: Subjects;
  /** Replicas with the same group share the subscription: each event reaches one of them.
   * The group's position in the log is durable: it survives every replica going away. */
  queueGroup: string;
  /** How long the server waits for an ack before redelivering. */
  ackWaitMs: number;
  /** Most unacked events the server hands this replica at once (default 32). Must stay above
   * 1: a listener that defers an event until an earlier one arrives needs that one delivered. */
  maxInFlight?: number;
  /** Most messages of this subscription handled at once by this replica (default 1). */
  concurrency?: number;
  /** Messages with the same key are handled one at a time, in delivery order (default: one
   * key for all, so with any concurrency the subscription is handled serially). */
  keyOf?: (message: BusMessage) => string;
  /** Called for one message at a time per key (see `concurrency`, `keyOf`), in delivery order.
   * A message is not handed over again while its handler runs, however long it takes:
   * JetStream is told it is in progress, and NATS Streaming's copies of a message still queued
   * or running here are dropped. Its handler should still finish within `ackWaitMs`, which is
   * also how long a message a replica took and never acked (it crashed) waits before it goes
   * to another. */
  handler: MessageHandler;
}

/** The one interface the Publisher and Listener base classes use; one implementation per
 * transport, plus an in-memory one for route tests. */
export interface EventBus {
  readonly transport: Transport | 'in-memory';
  /** Resolves once the server has stored the event; rejects if it has not said so in time. */
  publish(subject: BusSubject, data: string | Uint8Array, options: PublishOptions): Promise<void>;
  /** Resolves once the server has registered the subscription. */
  subscribe(options: SubscribeOptions): Promise<void>;
  /** Every message the server holds on `subject`, oldest first (for operators' tools: it
   * reads the whole subject). */
  read(subject: BusSubject): Promise<StoredMessage[]>;
  /** Lets running handlers finish (their acks go out), then closes the connection. Events
   * delivered but not handled are redelivered to another replica after their ack-wait. */
  close(): Promise<void>;
  /** Resolves when the connection has ended: with the error if it was lost, with undefined
   * after `close()`. A service exits on an error so that it is restarted. */
  closed(): Promise<Error | undefined>;
  /** Whether the connection is up now: false while the client reconnects to a server that
   * went away (both clients retry forever) and once the connection has ended. */
  isConnected(): boolean;
}

export const DEFAULT_MAX_IN_FLIGHT = 32;
