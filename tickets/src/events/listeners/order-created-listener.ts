import {
  type EventBus,
  Listener,
  type OrderCreatedEvent,
  type Outbox,
  Subjects,
  UnappliableEventError,
} from '@ticketing/common';
import type { Logger } from 'pino';

import { reserveTicket } from '../../services/reservations';
import { queueGroupName } from '../queue-group';

/** Reserves the ordered ticket; the change publishes `ticket:updated` through the outbox. An
 * order that expired past the horizon is parked for an operator: whether it was cancelled may
 * have been forgotten. */
export class OrderCreatedListener extends Listener<OrderCreatedEvent> {
  readonly subject = Subjects.OrderCreated;
  readonly queueGroupName = queueGroupName;

  /** The ticket it reserves: one order event per ticket at a time. */
  protected override keyOf(payload: Record<string, unknown>): unknown {
    return (payload.ticket as { id?: unknown } | undefined)?.id;
  }

  constructor(
    bus: EventBus,
    private readonly outbox: Outbox,
    logger?: Logger,
  ) {
    super(bus, logger);
  }

  async onMessage(data: OrderCreatedEvent['data']): Promise<void> {
    const outcome = await reserveTicket(this.outbox, data);
    if (outcome === 'unknown ticket') {
      // Tickets are stored before they are announced, so no order can name a ticket this
      // service never had: the event is wrong, and redelivering it would not make it right.
      this.logger.warn(
        { orderId: data.id, ticketId: data.ticket.id },
        'order for an unknown ticket; skipped',
      );
    }
    if (outcome === 'past the horizon') {
      throw new UnappliableEventError(
        'the order expired longer ago than tickets remembers cancellations: look it up in orders',
        { orderId: data.id, ticketId: data.ticket.id, expiresAt: data.expiresAt },
      );
    }
  }
}
