import { Listener, OutOfOrderError, Subjects, type TicketUpdatedEvent } from '@ticketing/common';

import { Ticket } from '../../models/ticket';
import { queueGroupName } from '../queue-group';

/** Moves the replica to the event's version, only from the version just before it. A filtered
 * update is enough here: writing version N twice writes the same fields. */
export class TicketUpdatedListener extends Listener<TicketUpdatedEvent> {
  readonly subject = Subjects.TicketUpdated;
  readonly queueGroupName = queueGroupName;

  async onMessage(data: TicketUpdatedEvent['data']): Promise<void> {
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
