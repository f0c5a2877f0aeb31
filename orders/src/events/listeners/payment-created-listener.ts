import {
  type EventBus,
  Listener,
  type Outbox,
  type PaymentCreatedEvent,
  Subjects,
} from '@ticketing/common';
import type { Logger } from 'pino';

import { completeOrder } from '../../services/complete-order';
import { queueGroupName } from '../queue-group';

/** The order is paid: mark it complete, unless it was cancelled first. */
export class PaymentCreatedListener extends Listener<PaymentCreatedEvent> {
  readonly subject = Subjects.PaymentCreated;
  readonly queueGroupName = queueGroupName;

  /** The order it completes. */
  protected override keyOf(payload: Record<string, unknown>): unknown {
    return payload.orderId;
  }

  constructor(
    bus: EventBus,
    private readonly outbox: Outbox,
    logger?: Logger,
  ) {
    super(bus, logger);
  }

  async onMessage(data: PaymentCreatedEvent['data']): Promise<void> {
    const outcome = await completeOrder(this.outbox, data.orderId);
    const payment = { orderId: data.orderId, paymentId: data.id };
    if (outcome.result === 'refused') {
      // The ticket may already be someone else's; payments refunds the charge on its side.
      this.logger.warn(
        { ...payment, status: outcome.order.status },
        'payment for an order that can no longer be completed; not applied',
      );
    } else if (outcome.result === 'unknown') {
      this.logger.warn(payment, 'payment for an unknown order; ignored');
    }
  }
}
