import {
  type EventBus,
  type ExpirationCompleteEvent,
  Listener,
  type Outbox,
  Subjects,
} from '@ticketing/common';
import type { Logger } from 'pino';

import { cancelOrder } from '../../services/cancel-order';
import { queueGroupName } from '../queue-group';

/** The order's time is up: cancel it, unless it is paid or cancelled already, in which case the
 * model refuses the move and nothing changes or is published. */
export class ExpirationCompleteListener extends Listener<ExpirationCompleteEvent> {
  readonly subject = Subjects.ExpirationComplete;
  readonly queueGroupName = queueGroupName;

  constructor(
    bus: EventBus,
    private readonly outbox: Outbox,
    logger?: Logger,
  ) {
    super(bus, logger);
  }

  async onMessage(data: ExpirationCompleteEvent['data']): Promise<void> {
    const outcome = await cancelOrder(this.outbox, data.orderId);
    if (outcome.result === 'unknown') {
      this.logger.warn({ orderId: data.orderId }, 'expiration for an unknown order; ignored');
    }
  }
}
