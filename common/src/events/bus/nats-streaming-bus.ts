import { randomUUID } from 'node:crypto';

import { connect, type Message, type Stan, type Subscription } from 'node-nats-streaming';
import type { Logger } from 'pino';

import type { BusSubject } from '../parking/parked-event';
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
import { KeyedQueue } from './keyed-queue';
import { openEnvelope, wrapInEnvelope } from './message-headers';

export interface NatsStreamingOptions extends ConnectionOptions {
  clusterId: string;
}

const READ_MARKER = 'ticketing-read-marker:';
// Ample for a channel of parked events; a read that takes longer has lost its connection.
const READ_TIMEOUT_MS = 30_000;

// The server counts the ack-wait in whole seconds, and 1 s is its minimum.
const wholeSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000)) * 1000;

// getRedeliveryCount exists at runtime (server ≥ 0.16) but is missing from the bundled .d.ts.
type MessageWithCount = Message & { getRedeliveryCount?: () => number };

const toBusMessage = (message: MessageWithCount): BusMessage => ({
  subject: message.getSubject(),
  ...openEnvelope(message.getRawData()),
  sequence: message.getSequence(),
  redelivered: message.isRedelivered(),
  deliveryCount: (message.getRedeliveryCount?.() ?? (message.isRedelivered() ? 1 : 0)) + 1,
  ack: () => message.ack(),
});

const untilReady = (subscription: Subscription): Promise<void> =>
  new Promise((resolve, reject) => {
    subscription.once('ready', () => resolve());
    subscription.once('error', (error: unknown) => reject(toError(error)));
    subscription.once('timeout', (error: unknown) => reject(toError(error)));
  });

/** The NATS Streaming transport (node-nats-streaming). Every subscription is a durable queue
 * subscription named after its queue group, so the group's position survives restarts and is
 * independent of the (random, per replica) client id. */
export class NatsStreamingBus implements EventBus {
  readonly transport = 'nats-streaming';
  private readonly queues: KeyedQueue[] = [];
  private readonly ended: Promise<Error | undefined>;
  private draining = false;
  private closing?: Promise<void>;
  private isEnded = false;
  private reconnecting = false;
  private lastError?: Error;

  private constructor(
    private readonly stan: Stan,
    private readonly logger: Logger,
  ) {
    stan.on('error', (error: unknown) => this.onError(error, 'nats streaming error'));
    stan.on('connection_lost', (error: unknown) => this.onError(error, 'connection lost'));
    stan.on('disconnect', () => {
      this.reconnecting = true;
      logger.warn('nats streaming disconnected; reconnecting');
    });
    stan.on('reconnect', () => {
      this.reconnecting = false;
      logger.info('nats streaming reconnected');
    });
    this.ended = new Promise((resolve) =>
      stan.once('close', () => {
        this.isEnded = true;
        resolve(this.closing ? undefined : (this.lastError ?? new Error('connection closed')));
      }),
    );
  }

  /** Resolves once the streaming server has accepted the client; rejects on the first error. */
  static connect(options: NatsStreamingOptions): Promise<NatsStreamingBus> {
    const stan = connect(options.clusterId, options.clientId, {
      url: options.url,
      name: options.clientId,
      ackTimeout: options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
      reconnectTimeWait: options.reconnectTimeWaitMs ?? DEFAULT_RECONNECT_TIME_WAIT_MS,
      maxReconnectAttempts: -1,
    });
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        stan.removeAllListeners();
        stan.on('error', () => undefined); // late errors from a connection we gave up on
        stan.close();
        reject(toError(error));
      };
      stan.once('error', fail);
      stan.once('close', () => fail(new Error('connection closed before it was ready')));
      stan.once('connect', () => {
        stan.removeAllListeners();
        resolve(new NatsStreamingBus(stan, options.logger));
      });
    });
  }

  publish(subject: BusSubject, data: string | Uint8Array, options: PublishOptions): Promise<void> {
    const stored = wrapInEnvelope(data, options.headers);
    return new Promise((resolve, reject) => {
      this.stan.publish(subject, stored, (error) => (error ? reject(toError(error)) : resolve()));
    });
  }

  subscribe(options: SubscribeOptions): Promise<void> {
    const { subject, queueGroup, handler, keyOf = () => '' } = options;
    const subscriptionOptions = this.stan
      .subscriptionOptions()
      .setDeliverAllAvailable()
      .setManualAckMode(true)
      .setAckWait(wholeSeconds(options.ackWaitMs))
      .setMaxInFlight(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT)
      .setDurableName(queueGroup);
    const subscription = this.stan.subscribe(subject, queueGroup, subscriptionOptions);
    // maxInFlight bounds what the queue holds: the server sends no more unacked messages.
    const queue = new KeyedQueue(options.concurrency ?? 1, (error) =>
      this.logger.error({ err: error, subject, queueGroup }, 'event handler rejected'),
    );
    this.queues.push(queue);
    // The server redelivers an unacked event every ack-wait, also while its first delivery is
    // still queued or running here. Queuing each copy behind it would build a chain without
    // end under a slow handler (each copy doing the work again, e.g. calling Stripe during an
    // outage), so a copy of an event in hand is dropped: the delivery in hand acks it, or the
    // server sends it again once that one has failed.
    const inHand = new Set<number>();
    const ready = untilReady(subscription);
    subscription.on('error', (error: unknown) =>
      this.logger.error({ err: error, subject, queueGroup }, 'subscription error'),
    );
    subscription.on('message', (message: Message) => {
      // While draining, events are left unacked: the server hands them to another replica.
      if (this.draining) return;
      const busMessage = toBusMessage(message);
      const { sequence } = busMessage;
      if (inHand.has(sequence)) {
        this.logger.debug(
          { subject, queueGroup, sequence, deliveryCount: busMessage.deliveryCount },
          'redelivery of an event still queued or running here; dropped',
        );
        return;
      }
      inHand.add(sequence);
      queue.push(keyOf(busMessage), async () => {
        try {
          if (!this.draining) await handler(busMessage);
        } finally {
          inHand.delete(sequence);
        }
      });
    });
    return ready;
  }

  /** The server cannot tell a client where a channel ends, so this appends a marker to it and
   * reads up to that. Markers are left in the channel and skipped by every read. */
  async read(subject: BusSubject): Promise<StoredMessage[]> {
    const marker = `${READ_MARKER}${randomUUID()}`;
    await this.publish(subject, marker, { messageId: marker });
    const options = this.stan.subscriptionOptions().setDeliverAllAvailable();
    const subscription = this.stan.subscribe(subject, options);
    return new Promise((resolve, reject) => {
      const found: StoredMessage[] = [];
      const finish = (outcome: () => void) => {
        clearTimeout(giveUp);
        subscription.unsubscribe();
        outcome();
      };
      const giveUp = setTimeout(
        () =>
          finish(() =>
            reject(
              new Error(`${subject}: the read did not reach its end in ${READ_TIMEOUT_MS} ms`),
            ),
          ),
        READ_TIMEOUT_MS,
      );
      subscription.once('error', (error: unknown) => finish(() => reject(toError(error))));
      subscription.on('message', (message: Message) => {
        const data = Buffer.from(message.getRawData());
        const text = data.toString('utf8');
        if (text === marker) {
          finish(() => resolve(found));
        } else if (!text.startsWith(READ_MARKER)) {
          found.push({ sequence: message.getSequence(), data: openEnvelope(data).data });
        }
      });
    });
  }

  close(): Promise<void> {
    this.closing ??= this.drain();
    return this.closing;
  }

  closed(): Promise<Error | undefined> {
    return this.ended;
  }

  isConnected(): boolean {
    return !this.reconnecting && !this.isEnded;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    await Promise.all(this.queues.map((queue) => queue.idle()));
    if (this.isEnded) return;
    this.stan.close();
    await this.ended;
  }

  private onError(error: unknown, message: string): void {
    this.lastError = toError(error);
    this.logger.warn({ err: this.lastError }, message);
  }
}
