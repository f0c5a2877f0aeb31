import { type EventBus, Listener, type OrderCreatedEvent, Subjects } from '@ticketing/common';
import type { Logger } from 'pino';

import type { ExpirationQueue } from '../../queues/expiration-queue';
import { scheduleExpiration } from '../../queues/schedule-expiration';
import { queueGroupName } from '../queue-group';

/** Schedules the order's expiration. The base class acks once this resolves, that is once the
 * job is in Redis; a redelivered event finds the job already there. */
export class OrderCreatedListener extends Listener<OrderCreatedEvent> {
  readonly subject = Subjects.OrderCreated;
  readonly queueGroupName = queueGroupName;

  constructor(
    bus: EventBus,
    private readonly queue: ExpirationQueue,
    logger?: Logger,
  ) {
    super(bus, logger);
  }

  async onMessage(data: OrderCreatedEvent['data']): Promise<void> {
    await scheduleExpiration(this.queue, { orderId: data.id, expiresAt: data.expiresAt });
  }
}
