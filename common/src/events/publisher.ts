import { randomUUID } from 'node:crypto';

import { eventsPublished } from '../metrics/registry';
import { tracePublish } from '../tracing/event-spans';
import type { EventBus } from './bus/event-bus';
import type { MessageHeaders } from './bus/message-headers';
import type { Event } from './event-map';
import { validEventData } from './event-schemas';

/** Publishes one kind of event. A subclass names its subject, and the compiler holds it to
 * that subject's payload:
 *
 * ```ts
 * class TicketCreatedPublisher extends Publisher<TicketCreatedEvent> {
 *   readonly subject = Subjects.TicketCreated;
 * }
 * await new TicketCreatedPublisher(bus).publish(data, { messageId: outboxEntry.id });
 * ```
 */
export abstract class Publisher<E extends Event> {
  abstract readonly subject: E['subject'];

  constructor(protected readonly bus: EventBus) {}

  /** Resolves once the server has stored the event. Pass a stable `messageId` (an outbox
   * entry's id) when the same event may be published again after a crash: JetStream then
   * stores it once. Without one, every call gets a fresh id. `causedBy` is the trace context
   * the event belongs to when it is published outside it (a job scheduled by an earlier
   * event); by default, the active one. Throws, sending nothing, when `data` does not match
   * the subject's schema. */
  async publish(
    data: E['data'],
    options: { messageId?: string; causedBy?: MessageHeaders } = {},
  ): Promise<void> {
    const valid = validEventData(this.subject, data);
    const messageId = options.messageId ?? randomUUID();
    await tracePublish(this.subject, options.causedBy, (headers) =>
      this.bus.publish(this.subject, JSON.stringify(valid), { messageId, headers }),
    );
    eventsPublished.inc({ subject: this.subject });
  }
}
