import {
  AckPolicy,
  connect,
  type ConsumerMessages,
  DeliverPolicy,
  headers as natsHeaders,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type MsgHdrs,
  nanos,
  type NatsConnection,
} from 'nats';
import type { Logger } from 'pino';

import { type BusSubject, PARKED_SUBJECT } from '../parking/parked-event';
import { Subjects } from '../subjects';
import {
  type ConnectionOptions,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  DEFAULT_RECONNECT_TIME_WAIT_MS,
  toError,
} from './connection-options';
import {
  type BusMessage,
  DEFAULT_MAX_IN_FLIGHT,
  type EventBus,
  type PublishOptions,
  type StoredMessage,
  type SubscribeOptions,
} from './event-bus';
import { durableName, ensureConsumer, ensureStream } from './jetstream-setup';
import { KeyedQueue } from './keyed-queue';
import { hasHeaders, type MessageHeaders } from './message-headers';

export interface JetStreamOptions extends ConnectionOptions {
  /** The stream holding every subject (default `TICKETING`). */
  stream?: string;
}

const DRAIN_TIMEOUT_MS = 2_000;
const READER_INACTIVE_MS = 60_000;

const toNatsHeaders = (headers: MessageHeaders): MsgHdrs => {
  const result = natsHeaders();
  for (const [key, value] of Object.entries(headers)) result.set(key, value);
  return result;
};

const fromNatsHeaders = (headers: MsgHdrs | undefined): MessageHeaders | undefined =>
  headers ? Object.fromEntries(headers.keys().map((key) => [key, headers.get(key)])) : undefined;

const toBusMessage = (message: JsMsg): BusMessage => ({
  subject: message.subject,
  data: message.data,
  headers: fromNatsHeaders(message.headers),
  sequence: message.seq,
  redelivered: message.redelivered,
  deliveryCount: message.info.deliveryCount,
  ack: () => message.ack(),
});

const reportProgress = (message: JsMsg): void => {
  try {
    message.working();
  } catch {
    // The connection is closing: the server sends the message again after the ack-wait.
  }
};

/** The JetStream transport (the official `nats` client): one file-backed stream for every
 * subject, one durable pull consumer per (queue group, subject) shared by the group's replicas,
 * explicit acks, and publishes de-duplicated by message id. */
export class JetStreamBus implements EventBus {
  readonly transport = 'jetstream';
  private readonly js: JetStreamClient;
  private readonly loops: Promise<void>[] = [];
  private readonly consumers: ConsumerMessages[] = [];
  private readonly ended: Promise<Error | undefined>;
  private draining = false;
  private closing?: Promise<void>;
  private failure?: Error;
  private reconnecting = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly publishTimeoutMs: number,
    private readonly logger: Logger,
  ) {
    this.js = jsm.jetstream();
    this.ended = nc.closed().then((error) => {
      if (this.failure) return this.failure;
      if (error) return toError(error);
      return this.closing ? undefined : new Error('connection closed');
    });
    this.logStatus().catch(() => undefined);
  }

  /** Connects, then creates or updates the stream; rejects on the first error. */
  static async connect(options: JetStreamOptions): Promise<JetStreamBus> {
    const nc = await connect({
      servers: options.url,
      name: options.clientId,
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectTimeWaitMs ?? DEFAULT_RECONNECT_TIME_WAIT_MS,
    });
    const stream = options.stream ?? 'TICKETING';
    try {
      const jsm = await nc.jetstreamManager();
      await ensureStream(jsm, stream, [...Object.values(Subjects), PARKED_SUBJECT]);
      const publishTimeoutMs = options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
      return new JetStreamBus(nc, jsm, stream, publishTimeoutMs, options.logger);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  async publish(
    subject: BusSubject,
    data: string | Uint8Array,
    options: PublishOptions,
  ): Promise<void> {
    const ack = await this.js.publish(subject, data, {
      msgID: options.messageId,
      timeout: this.publishTimeoutMs,
      ...(hasHeaders(options.headers) ? { headers: toNatsHeaders(options.headers) } : {}),
    });
    if (ack.duplicate) {
      this.logger.debug({ subject, messageId: options.messageId }, 'duplicate publish dropped');
    }
  }

  async subscribe(options: SubscribeOptions): Promise<void> {
    const { subject, queueGroup, ackWaitMs } = options;
    const durable = durableName(queueGroup, subject);
    await ensureConsumer(this.jsm, { stream: this.stream, durable, subject, ackWaitMs });
    const consumer = await this.js.consumers.get(this.stream, durable);
    const messages = await consumer.consume({
      max_messages: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    });
    this.consumers.push(messages);
    this.loops.push(this.run(messages, options, { subject, queueGroup }));
  }

  async read(subject: BusSubject): Promise<StoredMessage[]> {
    const info = await this.jsm.streams.info(this.stream, { subjects_filter: subject });
    if (!info.state.subjects?.[subject]) return [];
    // An ephemeral consumer of its own, which the server also removes a minute after it is
    // left behind (a reader that crashed).
    const { name } = await this.jsm.consumers.add(this.stream, {
      filter_subject: subject,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      inactive_threshold: nanos(READER_INACTIVE_MS),
    });
    try {
      const messages = await (await this.js.consumers.get(this.stream, name)).consume();
      const found: StoredMessage[] = [];
      // Leaving the loop stops the consumer's messages (close() would wait on them forever).
      for await (const message of messages) {
        found.push({ sequence: message.seq, data: message.data });
        if (message.info.pending === 0) break;
      }
      return found;
    } finally {
      await this.jsm.consumers.delete(this.stream, name).catch(() => undefined);
    }
  }

  close(): Promise<void> {
    this.closing ??= this.drain();
    return this.closing;
  }

  closed(): Promise<Error | undefined> {
    return this.ended;
  }

  isConnected(): boolean {
    return !this.reconnecting && !this.nc.isClosed();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    // Messages pulled but not handled stay unacked and go to another replica after ack-wait.
    await Promise.all(this.consumers.map((messages) => messages.close()));
    await Promise.all(this.loops);
    if (this.nc.isClosed()) return;
    // drain() needs the server. While it is unreachable, drain() either returns without
    // closing (no subscriptions) or never settles (it waits on each subscription's flush,
    // and close() does not settle that), hence the timeout, the race and the final close().
    const giveUp = setTimeout(() => void this.nc.close(), DRAIN_TIMEOUT_MS);
    await Promise.race([this.nc.drain().catch(() => undefined), this.nc.closed()]);
    clearTimeout(giveUp);
    await this.nc.close();
  }

  private async run(
    messages: ConsumerMessages,
    options: Pick<SubscribeOptions, 'handler' | 'ackWaitMs' | 'concurrency' | 'keyOf'>,
    labels: { subject: string; queueGroup: string },
  ): Promise<void> {
    const { handler, ackWaitMs, keyOf = () => '' } = options;
    const queue = new KeyedQueue(options.concurrency ?? 1, (error: unknown) =>
      this.logger.error({ err: error, ...labels }, 'event handler rejected'),
    );
    // Once the consumer has failed, messages still queued are left unacked, as on draining.
    let stopped = false;
    try {
      for await (const message of messages) {
        if (this.draining) break;
        // While the message waits and its handler runs, the server is told every half
        // ack-wait that it is in hand, so it does not send a copy (to another replica, or
        // behind this one).
        const busMessage = toBusMessage(message);
        const key = keyOf(busMessage);
        const inProgress = setInterval(() => reportProgress(message), ackWaitMs / 2);
        queue.push(key, async () => {
          try {
            // Left unacked while draining: the server hands it to another replica.
            if (!this.draining && !stopped) await handler(busMessage);
          } finally {
            clearInterval(inProgress);
          }
        });
        // The next message is taken only once there is room for it.
        await queue.room();
      }
      await queue.idle();
      if (!this.draining) throw new Error('the consumer stopped');
    } catch (error) {
      stopped = true;
      await queue.idle();
      if (this.draining) return;
      // A subscription that silently stopped would leave the service up but deaf; ending
      // the connection surfaces it through closed(), and the service exits to be restarted.
      this.failure ??= toError(error);
      this.logger.error({ err: error, ...labels }, 'subscription ended; closing the connection');
      await this.nc.close();
    }
  }

  private async logStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      const fields = { type: status.type, data: status.data };
      if (status.type === 'disconnect') this.reconnecting = true;
      if (status.type === 'reconnect') this.reconnecting = false;
      if (status.type === 'disconnect' || status.type === 'error') {
        this.logger.warn(fields, 'nats connection status');
      } else if (status.type === 'reconnect') {
        this.logger.info(fields, 'nats connection status');
      } else {
        this.logger.debug(fields, 'nats connection status');
      }
    }
  }
}
