import {
  type EventBus,
  Listener,
  type OrderCancelledEvent,
  type Outbox,
  Subjects,
} from '@ticketing/common';
import type { Logger } from 'pino';

import { cancelReservation } from '../../services/reservations';
import { queueGroupName } from '../queue-group';

/** Releases the ticket held by the cancelled order; the change publishes `ticket:updated`
 * through the outbox. */
export class OrderCancelledListener extends Listener<OrderCancelledEvent> {
  readonly subject = Subjects.OrderCancelled;
  readonly queueGroupName = queueGroupName;

  /** The ticket it releases: one order event per ticket at a time. */
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

  async onMessage(data: OrderCancelledEvent['data']): Promise<void> {
    const outcome = await cancelReservation(this.outbox, data.ticket.id, data.id);
    if (outcome === 'unknown ticket') {
      this.logger.warn(
        { orderId: data.id, ticketId: data.ticket.id },
        'cancelled order for an unknown ticket',
      );
    }
  }
}
