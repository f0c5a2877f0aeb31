import type { Logger } from 'pino';

import type { BusMessage, EventBus } from './bus/event-bus';
import type { Event } from './event-map';
import { defaultEventsLogger } from './events-logger';
import { OutOfOrderError } from './out-of-order-error';

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
 * class subscribes (durable, queue-grouped, manual ack), parses, logs one line per event, and
 * acks only after `onMessage` resolves:
 * - `onMessage` throws: not acked, logged as an error, redelivered after `ackWaitMs`;
 * - `onMessage` throws `OutOfOrderError` ("not yet"): the same, logged at info;
 * - the payload is not a JSON object: acked and skipped, logged as an error, so one bad
 *   message cannot come back forever;
 * - `onMessage` runs longer than `ackWaitMs`: a warning besides. The bus does not hand the
 *   event over again meanwhile, but the ack-wait is too short for the listener's work (a
 *   listener whose work can take longer sets a longer one) or a dependency is slow.
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
  /** Sequences of the events handled and acked here lately. When this replica is busy for
   * longer than the ack-wait, the server redelivers events still waiting in its queue; each
   * copy reaches the handler after its first delivery was handled, and is then acked without
   * running the handler again, so a busy replica does not fall further behind doing its work
   * twice. */
  private readonly handled = new RecentSequences(HANDLED_MEMORY);

  constructor(
    protected readonly bus: EventBus,
    protected readonly logger: Logger = defaultEventsLogger(),
  ) {}

  abstract onMessage(data: E['data'], message: BusMessage): Promise<void>;

  /** Subscribes; resolves once the server has registered the subscription. */
  listen(): Promise<void> {
    return this.bus.subscribe({
      subject: this.subject,
      queueGroup: this.queueGroupName,
      ackWaitMs: this.ackWaitMs,
      maxInFlight: this.maxInFlight,
      handler: (message) => this.handle(message),
    });
  }

  private async handle(message: BusMessage): Promise<void> {
    const delivery = {
      subject: this.subject,
      queueGroup: this.queueGroupName,
      sequence: message.sequence,
      deliveryCount: message.deliveryCount,
    };
    if (message.deliveryCount > 1 && this.handled.has(message.sequence)) {
      message.ack();
      this.logger.debug(delivery, 'redelivery of an event already handled here; acked');
      return;
    }
    const data = parseObject(message.data);
    if (!data) {
      const payload = Buffer.from(message.data).toString('utf8', 0, 200);
      this.logger.error(
        { ...delivery, payload },
        'poison message: not a JSON object; acked, skipped',
      );
      message.ack();
      return;
    }
    const fields = { ...delivery, ...recordFields(data) };
    const started = performance.now();
    try {
      await this.onMessage(data as E['data'], message);
    } catch (error) {
      this.warnIfPastAckWait(fields, started);
      if (error instanceof OutOfOrderError) {
        this.logger.info(
          { ...fields, reason: error.message, ...error.details },
          'event not applied yet; will be redelivered',
        );
      } else {
        this.logger.error({ ...fields, err: error }, 'event handler failed; will be redelivered');
      }
      return;
    }
    message.ack();
    this.handled.add(message.sequence);
    const durationMs = this.warnIfPastAckWait(fields, started);
    this.logger.info({ ...fields, durationMs }, 'event handled');
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
