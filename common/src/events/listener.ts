import type { Logger } from 'pino';

import { type DeliveryOutcome, eventsHandled, eventsRedelivered } from '../metrics/registry';
import { noteOnActiveSpan, traceDelivery } from '../tracing/event-spans';
import type { BusMessage, EventBus } from './bus/event-bus';
import type { Event } from './event-map';
import { checkEventData } from './event-schemas';
import { defaultEventsLogger } from './events-logger';
import { FailedAttempts } from './failed-attempts';
import { OutOfOrderError } from './out-of-order-error';
import { PARKED_SUBJECT, type ParkedEvent } from './parking/parked-event';
import { UnappliableEventError } from './unappliable-event-error';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The payload as a JSON object, or undefined when it is not one. */
function parseObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// More than a replica ever holds unacked (maxInFlight), so every queued copy is recognised.
const HANDLED_MEMORY = 1_000;
// With the default ack-wait of 5 s: the 8th attempt comes about 10 minutes after the first,
// no two more than 5 minutes apart.
const DEFAULT_MAX_ATTEMPTS = 8;
// Handlers mostly wait on the database: a few side by side keep one replica busy.
const DEFAULT_CONCURRENCY = 8;
const LONGEST_WAIT_IN_DELIVERIES = 60;

/** The last `capacity` numbers added, oldest forgotten first. */
class RecentSequences {
  private readonly sequences = new Set<number>();

  constructor(private readonly capacity: number) {}

  has(sequence: number): boolean {
    return this.sequences.has(sequence);
  }

  add(sequence: number): void {
    this.sequences.add(sequence);
    if (this.sequences.size > this.capacity) {
      this.sequences.delete(this.sequences.values().next().value as number);
    }
  }
}

const LOGGED_FIELDS = ['id', 'version', 'orderId'] as const;

/** The record ids and version in a payload, for the log line. */
const recordFields = (data: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(LOGGED_FIELDS.filter((key) => key in data).map((key) => [key, data[key]]));

/** Handles one kind of event for one service. The subclass only applies the change; this
 * class subscribes (durable, queue-grouped, manual ack), handles up to `concurrency` events
 * at once but one at a time per record (`keyOf`), checks the payload against its subject's
 * schema, logs one line per event, and acks only after `onMessage` resolves:
 * - `onMessage` throws: not acked, logged as a warning, attempted again on a later delivery,
 *   with backoff (`FailedAttempts`); after `maxAttempts` failures the event is parked;
 * - `onMessage` throws `OutOfOrderError` ("not yet"): not acked, logged at info, attempted
 *   again on the next delivery, and never parked for it (the event it waits for is retried,
 *   or parked, itself);
 * - `onMessage` throws `UnappliableEventError` ("never, as it stands"), or the payload is not
 *   JSON or fails the schema: parked at once.
 * Each delivery runs in a span, the child of the publisher's (README, "Traces"), and every
 * log line written meanwhile carries its trace id.
 * Parking stores the event on the bus (`PARKED_SUBJECT`, with its payload, error and
 * attempts), logs it once as an error and acks it; `npm run events` lists and replays it. If
 * the bus refuses to store it, the event is left unacked and parked on a later delivery.
 * An `onMessage` that runs longer than `ackWaitMs` logs a warning besides: the bus does not
 * hand the event over again meanwhile, but the ack-wait is too short for the listener's work
 * (a listener whose work can take longer sets a longer one) or a dependency is slow.
 */
export abstract class Listener<E extends Event> {
  abstract readonly subject: E['subject'];
  /** Usually a `QueueGroups` member: one group per service. */
  abstract readonly queueGroupName: string;
  /** How long the server waits for the ack before redelivering (NATS Streaming: ≥ 1 s, whole
   * seconds). */
  protected readonly ackWaitMs: number = 5_000;
  /** Most unacked events the server hands this replica at once (default: the bus's). */
  protected readonly maxInFlight?: number;
  /** Events this replica handles at once; never two with the same `keyOf` (default 8). */
  protected readonly concurrency: number = DEFAULT_CONCURRENCY;
  /** Failed attempts of `onMessage` before an event is parked. */
  protected readonly maxAttempts: number = DEFAULT_MAX_ATTEMPTS;
  /** Sequences of the events handled and acked here lately. When this replica is busy for
   * longer than the ack-wait, the server redelivers events still waiting in its queue; each
   * copy reaches the handler after its first delivery was handled, and is then acked without
   * running the handler again, so a busy replica does not fall further behind doing its work
   * twice. */
  private readonly handled = new RecentSequences(HANDLED_MEMORY);
  private readonly failed = new FailedAttempts(HANDLED_MEMORY, LONGEST_WAIT_IN_DELIVERIES);

  constructor(
    protected readonly bus: EventBus,
    protected readonly logger: Logger = defaultEventsLogger(),
  ) {}

  abstract onMessage(data: E['data'], message: BusMessage): Promise<void>;

  /** The record the handler changes, from the payload (not checked yet): events with the
   * same key are handled one after another in delivery order, so a later version does not
   * overtake an earlier one here. The event's `id` unless the subclass says otherwise. */
  protected keyOf(payload: Record<string, unknown>): unknown {
    return payload.id;
  }

  /** Subscribes; resolves once the server has registered the subscription. */
  listen(): Promise<void> {
    return this.bus.subscribe({
      subject: this.subject,
      queueGroup: this.queueGroupName,
      ackWaitMs: this.ackWaitMs,
      maxInFlight: this.maxInFlight,
      concurrency: this.concurrency,
      keyOf: (message) => String(this.keyOf(parseObject(message.data) ?? {}) ?? ''),
      handler: (message) =>
        traceDelivery(this.subject, this.queueGroupName, message, () => this.handle(message)),
    });
  }

  private async handle(message: BusMessage): Promise<void> {
    const delivery = {
      subject: this.subject,
      queueGroup: this.queueGroupName,
      sequence: message.sequence,
      deliveryCount: message.deliveryCount,
    };
    if (message.deliveryCount > 1) eventsRedelivered.inc({ subject: this.subject });
    if (message.deliveryCount > 1 && this.handled.has(message.sequence)) {
      this.count('already handled');
      message.ack();
      this.logger.debug(delivery, 'redelivery of an event already handled here; acked');
      return;
    }
    if (this.failed.shouldWait(message.sequence)) {
      this.count('backing off');
      this.logger.debug(delivery, 'redelivery of a failing event let pass (backoff)');
      return;
    }
    const object = parseObject(message.data);
    if (!object) {
      await this.park(message, delivery, 'not a JSON object', 1);
      return;
    }
    const fields = { ...delivery, ...recordFields(object) };
    noteOnActiveSpan({
      'ticketing.record.id': typeof object.id === 'string' ? object.id : undefined,
      'ticketing.record.version': typeof object.version === 'number' ? object.version : undefined,
      'ticketing.order.id': typeof object.orderId === 'string' ? object.orderId : undefined,
    });
    const check = checkEventData(this.subject, object);
    if (!check.ok) {
      await this.park(message, fields, check.error, 1);
      return;
    }
    const started = performance.now();
    try {
      await this.onMessage(check.data as E['data'], message);
    } catch (error) {
      this.warnIfPastAckWait(fields, started);
      await this.failedAttempt(message, fields, error);
      return;
    }
    message.ack();
    this.count('applied');
    this.handled.add(message.sequence);
    this.failed.forget(message.sequence);
    const durationMs = this.warnIfPastAckWait(fields, started);
    this.logger.info({ ...fields, durationMs }, 'event handled');
  }

  private async failedAttempt(
    message: BusMessage,
    fields: Record<string, unknown>,
    error: unknown,
  ): Promise<void> {
    if (error instanceof OutOfOrderError) {
      this.count('deferred');
      this.logger.info(
        { ...fields, reason: error.message, ...error.details },
        'event not applied yet; will be redelivered',
      );
      return;
    }
    const attempts = this.failed.fail(message.sequence);
    if (attempts >= this.maxAttempts || error instanceof UnappliableEventError) {
      const reason = error instanceof Error ? error.message : String(error);
      const details = error instanceof UnappliableEventError ? error.details : {};
      await this.park(message, { ...fields, ...details }, reason, attempts);
      return;
    }
    this.count('failed');
    this.logger.warn(
      { ...fields, err: error, attempts, maxAttempts: this.maxAttempts },
      'event handler failed; will be redelivered',
    );
  }

  private count(outcome: DeliveryOutcome): void {
    eventsHandled.inc({ subject: this.subject, outcome });
    noteOnActiveSpan({ 'ticketing.event.outcome': outcome });
  }

  /** Stores the event on the bus's parked subject, then acks it. */
  private async park(
    message: BusMessage,
    fields: Record<string, unknown>,
    error: string,
    attempts: number,
  ): Promise<void> {
    const parked: ParkedEvent = {
      kind: 'parked',
      subject: this.subject,
      queueGroup: this.queueGroupName,
      sequence: message.sequence,
      payload: Buffer.from(message.data).toString('utf8'),
      error,
      attempts,
      parkedAt: new Date().toISOString(),
    };
    try {
      await this.bus.publish(PARKED_SUBJECT, JSON.stringify(parked), {
        messageId: `parked:${this.queueGroupName}:${this.subject}:${message.sequence}`,
      });
    } catch (publishError) {
      this.logger.warn(
        { ...fields, err: publishError, error },
        'could not park the event; it stays unacked and is parked on a later delivery',
      );
      return;
    }
    message.ack();
    this.count('parked');
    this.failed.forget(message.sequence);
    this.logger.error(
      { ...fields, error, attempts, payload: parked.payload.slice(0, 200) },
      'event parked: acked, kept on the bus for an operator (npm run events -- parked)',
    );
  }

  /** Returns how long the handler ran. */
  private warnIfPastAckWait(fields: Record<string, unknown>, started: number): number {
    const durationMs = Math.round(performance.now() - started);
    if (durationMs > this.ackWaitMs) {
      this.logger.warn(
        { ...fields, durationMs, ackWaitMs: this.ackWaitMs },
        'event handler ran past its ack-wait: a dependency is slow, or the ack-wait too short',
      );
    }
    return durationMs;
  }
}
