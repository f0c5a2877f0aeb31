import { type EventBus, Listener, type OrderCancelledEvent, Subjects } from '@ticketing/common';

import { Order } from '../../models/order';
import type { PaymentServices } from '../../services/payment-services';
import { refundOrderPayment } from '../../services/refund-payment';
import { queueGroupName } from '../queue-group';

/**
 * Marks the replica cancelled, so no payment is taken for the order from now on, and refunds
 * a payment already taken: orders may cancel an order (it expired) before it sees our
 * payment:created. A refund that fails throws, so the event comes back and it is tried again;
 * a redelivery after it succeeded finds the payment refunded and does nothing.
 */
export class OrderCancelledListener extends Listener<OrderCancelledEvent> {
  readonly subject = Subjects.OrderCancelled;
  readonly queueGroupName = queueGroupName;

  /** `ackWaitMs` outlasts the refund's Stripe call (`longestStripeCallMs`), so that while
   * Stripe is slow the event is not sent again, to call Stripe again, before the call ends. */
  constructor(
    bus: EventBus,
    private readonly payments: PaymentServices,
    protected override readonly ackWaitMs: number = 5_000,
  ) {
    super(bus, payments.logger);
  }

  async onMessage(data: OrderCancelledEvent['data']): Promise<void> {
    await Order.recordCancelled(data);
    await refundOrderPayment(this.payments, data.id);
  }
}
