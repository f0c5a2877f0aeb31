import { Listener, type OrderCreatedEvent, Subjects } from '@ticketing/common';

import { Order } from '../../models/order';
import { queueGroupName } from '../queue-group';

/** Keeps a replica of every new order: who may pay for it, and how much. */
export class OrderCreatedListener extends Listener<OrderCreatedEvent> {
  readonly subject = Subjects.OrderCreated;
  readonly queueGroupName = queueGroupName;

  async onMessage(data: OrderCreatedEvent['data']): Promise<void> {
    await Order.recordCreated(data);
  }
}
