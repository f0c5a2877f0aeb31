import { setTimeout as sleep } from 'node:timers/promises';

import {
  type EventBus,
  type ExpirationCompleteEvent,
  Listener,
  OrderStatus,
  type Outbox,
  OutOfOrderError,
  Subjects,
} from '@ticketing/common';
import type { Logger } from 'pino';

import { parseObjectId } from '../../models/object-id';
import { Order } from '../../models/order';
import { cancelOrder } from '../../services/cancel-order';
import { queueGroupName } from '../queue-group';

// An event this close to its order's expiry waits it out here rather than for a redelivery,
// which comes an ack-wait (5 s) later.
const LONGEST_WAIT_IN_HANDLER_MS = 1_000;

/** The order's time is up: cancel it, unless it is paid or cancelled already, in which case the
 * model refuses the move and nothing changes or is published. The expiration service runs on
 * another host: while this host's clock (`now`) has not passed the order's `expiresAt`, the
 * event waits (up to a second here, longer by being redelivered after the ack-wait), so
 * another host's clock never cuts a hold short. */
export class ExpirationCompleteListener extends Listener<ExpirationCompleteEvent> {
  readonly subject = Subjects.ExpirationComplete;
  readonly queueGroupName = queueGroupName;

  constructor(
    bus: EventBus,
    private readonly outbox: Outbox,
    logger?: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(bus, logger);
  }

  async onMessage(data: ExpirationCompleteEvent['data']): Promise<void> {
    await this.deferUntilExpired(data.orderId);
    const outcome = await cancelOrder(this.outbox, data.orderId);
    if (outcome.result === 'unknown') {
      this.logger.warn({ orderId: data.orderId }, 'expiration for an unknown order; ignored');
    }
  }

  /** `expiresAt` never changes, so reading it before the cancellation's own read is safe. */
  private async deferUntilExpired(orderId: string): Promise<void> {
    const id = parseObjectId(orderId);
    const order = id && (await Order.findById(id, { status: 1, expiresAt: 1 }));
    if (!order?.canMoveTo(OrderStatus.Cancelled)) return;
    const now = this.now();
    const earlyByMs = order.expiresAt.getTime() - now.getTime();
    if (earlyByMs <= 0) return;
    if (earlyByMs <= LONGEST_WAIT_IN_HANDLER_MS) {
      await sleep(earlyByMs);
      return;
    }
    throw new OutOfOrderError("the order has not expired yet by this host's clock", {
      orderId,
      expiresAt: order.expiresAt.toISOString(),
      now: now.toISOString(),
    });
  }
}
