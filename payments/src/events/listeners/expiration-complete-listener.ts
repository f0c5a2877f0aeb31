import {
  deferUntilPast,
  type EventBus,
  type ExpirationCompleteEvent,
  Listener,
  OutOfOrderError,
  Subjects,
} from '@ticketing/common';

import { Order } from '../../models/order';
import { closePaymentWindow } from '../../services/close-payment-window';
import type { PaymentServices } from '../../services/payment-services';
import { queueGroupName } from '../queue-group';

/**
 * The order's reservation ran out (the expiration service's job, or orders' sweep for an order
 * whose job was lost): close its payment window unless a payment started in time
 * (`closePaymentWindow`); orders cancels the order on the `payment:window-closed` that closing
 * publishes. The event waits while this host's clock has not passed the order's `expiresAt`,
 * and while the order's `order:created` has not been handled here.
 */
export class ExpirationCompleteListener extends Listener<ExpirationCompleteEvent> {
  readonly subject = Subjects.ExpirationComplete;
  readonly queueGroupName = queueGroupName;

  /** The order whose payment window it closes. */
  protected override keyOf(payload: Record<string, unknown>): unknown {
    return payload.orderId;
  }

  constructor(
    bus: EventBus,
    private readonly payments: PaymentServices,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(bus, payments.logger);
  }

  async onMessage({ orderId }: ExpirationCompleteEvent['data']): Promise<void> {
    const order = await Order.findById(orderId, { expiresAt: 1 });
    if (!order) throw new OutOfOrderError('order:created not handled yet', { orderId });
    if (order.expiresAt) await deferUntilPast(order.expiresAt, this.now(), { orderId });
    const outcome = await closePaymentWindow(this.payments, orderId, this.now());
    // Only if this clock went back after the wait: acknowledged, the window would stay open.
    if (outcome === 'open') {
      throw new OutOfOrderError("the order has not expired by this host's clock", { orderId });
    }
    if (outcome === 'charging') {
      this.logger.info(
        { orderId },
        'reservation ran out with a charge in flight: it started in time, so its end decides',
      );
    }
  }
}
