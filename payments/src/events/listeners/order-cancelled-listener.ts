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

  constructor(
    bus: EventBus,
    private readonly payments: PaymentServices,
  ) {
    super(bus, payments.logger);
  }

  async onMessage(data: OrderCancelledEvent['data']): Promise<void> {
    await Order.recordCancelled(data);
    await refundOrderPayment(this.payments, data.id);
  }
}
