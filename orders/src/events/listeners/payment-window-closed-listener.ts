import {
  deferUntilPast,
  type EventBus,
  Listener,
  OrderStatus,
  type Outbox,
  type PaymentWindowClosedEvent,
  Subjects,
} from '@ticketing/common';
import type { Logger } from 'pino';

import { parseObjectId } from '../../models/object-id';
import { Order } from '../../models/order';
import { cancelOrder } from '../../services/cancel-order';
import { queueGroupName } from '../queue-group';

/** The order's reservation ran out unpaid: payments closed its payment window, having found no
 * payment that started in time. Cancel it, unless it is paid or cancelled already, in which
 * case the model refuses the move and nothing changes or is published. While this host's clock
 * (`now`) has not passed the order's `expiresAt`, the event waits (up to a second here, longer
 * by being redelivered after the ack-wait), so another host's clock never cuts a hold short. */
export class PaymentWindowClosedListener extends Listener<PaymentWindowClosedEvent> {
  readonly subject = Subjects.PaymentWindowClosed;
  readonly queueGroupName = queueGroupName;

  /** The order it settles. */
  protected override keyOf(payload: Record<string, unknown>): unknown {
    return payload.orderId;
  }

  constructor(
    bus: EventBus,
    private readonly outbox: Outbox,
    logger?: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(bus, logger);
  }

  async onMessage({ orderId }: PaymentWindowClosedEvent['data']): Promise<void> {
    await this.deferUntilExpired(orderId);
    const outcome = await cancelOrder(this.outbox, orderId);
    if (outcome.result === 'unknown') {
      this.logger.warn({ orderId }, 'payment window closed for an unknown order; ignored');
    }
  }

  /** `expiresAt` never changes, so reading it before the cancellation's own read is safe. */
  private async deferUntilExpired(orderId: string): Promise<void> {
    const id = parseObjectId(orderId);
    const order = id && (await Order.findById(id, { status: 1, expiresAt: 1 }));
    if (!order?.canMoveTo(OrderStatus.Cancelled)) return;
    await deferUntilPast(order.expiresAt, this.now(), { orderId });
  }
}
