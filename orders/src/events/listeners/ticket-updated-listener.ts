import {
  type EventBus,
  Listener,
  type Outbox,
  OutOfOrderError,
  Subjects,
  type TicketUpdatedEvent,
} from '@ticketing/common';
import type { Logger } from 'pino';

import { Ticket } from '../../models/ticket';
import { cancelRepricedOrder } from '../../services/cancel-repriced-order';
import { queueGroupName } from '../queue-group';

/** Moves the replica to the event's version, only from the version just before it (a filtered
 * update is enough here: writing version N twice writes the same fields), then cancels the
 * order holding the ticket if the seller's new price raced it (`cancelRepricedOrder`). */
export class TicketUpdatedListener extends Listener<TicketUpdatedEvent> {
  readonly subject = Subjects.TicketUpdated;
  readonly queueGroupName = queueGroupName;

  constructor(
    bus: EventBus,
    private readonly outbox: Outbox,
    logger?: Logger,
  ) {
    super(bus, logger);
  }

  async onMessage(data: TicketUpdatedEvent['data']): Promise<void> {
    await this.applyToReplica(data);
    await cancelRepricedOrder(this.outbox, data.id, this.logger);
  }

  private async applyToReplica(data: TicketUpdatedEvent['data']): Promise<void> {
    const { id, title, price, version, userId } = data;
    const applied = await Ticket.updateOne(
      { _id: id, version: version - 1 },
      { $set: { title, price, version, sellerId: userId } },
    );
    if (applied.matchedCount === 1) return;

    const held = await Ticket.findById(id, { version: 1 });
    if (held && held.version >= version) return; // a redelivery of a version already applied
    throw new OutOfOrderError('the previous version of the ticket has not arrived yet', {
      heldVersion: held?.version ?? null,
    });
  }
}
