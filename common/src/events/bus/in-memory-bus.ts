import type { EventMap } from '../event-map';
import type { BusSubject } from '../parking/parked-event';
import type { Subjects } from '../subjects';
import type {
  BusMessage,
  EventBus,
  PublishOptions,
  StoredMessage,
  SubscribeOptions,
} from './event-bus';
import { hasHeaders, type MessageHeaders } from './message-headers';
import { SerialQueue } from './serial-queue';

/** What a test can assert on: one entry per publish, in order. */
export interface PublishedMessage {
  subject: BusSubject;
  data: string;
  messageId: string;
  headers?: MessageHeaders;
}

interface Group {
  replicas: SubscribeOptions[];
  next: number;
  queue: SerialQueue;
}

interface Delivery {
  group: Group;
  stored: PublishedMessage & { sequence: number };
  count: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The event bus in-process, for route and listener tests: records every publish, hands each
 * event to one replica of every queue group (a new group first gets everything published so
 * far), one message at a time per group. Unacked deliveries wait for `redeliver()` instead of
 * a timer, so tests stay deterministic and leave no handles open. */
export class InMemoryEventBus implements EventBus {
  readonly transport = 'in-memory';
  readonly published: PublishedMessage[] = [];
  private readonly groups = new Map<string, Group>();
  private unacked: Delivery[] = [];
  private handlerErrors: unknown[] = [];
  private isClosed = false;
  private markClosed!: () => void;
  private readonly end = new Promise<undefined>((resolve) => {
    this.markClosed = () => {
      this.isClosed = true;
      resolve(undefined);
    };
  });

  async publish(
    subject: BusSubject,
    data: string | Uint8Array,
    options: PublishOptions,
  ): Promise<void> {
    const text = typeof data === 'string' ? data : decoder.decode(data);
    const entry: PublishedMessage = {
      subject,
      data: text,
      messageId: options.messageId,
      ...(hasHeaders(options.headers) ? { headers: options.headers } : {}),
    };
    this.published.push(entry);
    const stored = { ...entry, sequence: this.published.length };
    for (const [key, group] of this.groups) {
      if (key.startsWith(`${subject}\n`)) this.deliver({ group, stored, count: 0 });
    }
  }

  async subscribe(options: SubscribeOptions): Promise<void> {
    const key = `${options.subject}\n${options.queueGroup}`;
    const existing = this.groups.get(key);
    if (existing) {
      existing.replicas.push(options);
      return;
    }
    const queue = new SerialQueue((error) => this.handlerErrors.push(error));
    const group: Group = { replicas: [options], next: 0, queue };
    this.groups.set(key, group);
    this.published.forEach((message, index) => {
      if (message.subject === options.subject) {
        this.deliver({ group, stored: { ...message, sequence: index + 1 }, count: 0 });
      }
    });
  }

  async read(subject: BusSubject): Promise<StoredMessage[]> {
    return this.published.flatMap((message, index) =>
      message.subject === subject
        ? [{ sequence: index + 1, data: encoder.encode(message.data) }]
        : [],
    );
  }

  /** The parsed payloads published on a subject, typed by the event map. */
  dataOf<S extends Subjects>(subject: S): EventMap[S][] {
    return this.published
      .filter((message) => message.subject === subject)
      .map((message) => JSON.parse(message.data) as EventMap[S]);
  }

  /** Resolves once every delivery made so far has been handled. Rejects with the first error
   * a handler threw past its listener (a listener itself never rejects). */
  async settled(): Promise<void> {
    await Promise.all([...this.groups.values()].map((group) => group.queue.idle()));
    const [error] = this.handlerErrors;
    this.handlerErrors = [];
    if (error !== undefined) throw error;
  }

  /** Delivers every unacked event again (what the server does after the ack-wait). */
  async redeliver(): Promise<void> {
    await this.settled();
    const pending = this.unacked;
    this.unacked = [];
    pending.forEach((delivery) => this.deliver(delivery));
    await this.settled();
  }

  /** Forgets what was published and what is unacked; subscriptions stay. */
  clear(): void {
    this.published.length = 0;
    this.unacked = [];
  }

  async close(): Promise<void> {
    await this.settled().catch(() => undefined);
    this.markClosed();
  }

  closed(): Promise<Error | undefined> {
    return this.end;
  }

  isConnected(): boolean {
    return !this.isClosed;
  }

  private deliver(delivery: Delivery): void {
    const { group, stored } = delivery;
    const replica = group.replicas[group.next++ % group.replicas.length];
    if (!replica) return;
    const count = delivery.count + 1;
    let acked = false;
    const message: BusMessage = {
      subject: stored.subject,
      data: encoder.encode(stored.data),
      headers: stored.headers,
      sequence: stored.sequence,
      redelivered: count > 1,
      deliveryCount: count,
      ack: () => (acked = true),
    };
    group.queue.push(async () => {
      try {
        await replica.handler(message);
      } finally {
        if (!acked) this.unacked.push({ ...delivery, count });
      }
    });
  }
}
