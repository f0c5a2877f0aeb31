import {
  isDuplicateKeyError,
  Listener,
  Subjects,
  type TicketCreatedEvent,
} from '@ticketing/common';

import { Ticket } from '../../models/ticket';
import { queueGroupName } from '../queue-group';

/** Starts the ticket's replica. A ticket is created once, so an insert refused by the `_id`
 * means this event was applied already (a redelivery): nothing to do. */
export class TicketCreatedListener extends Listener<TicketCreatedEvent> {
  readonly subject = Subjects.TicketCreated;
  readonly queueGroupName = queueGroupName;

  async onMessage(data: TicketCreatedEvent['data']): Promise<void> {
    const { id, title, price, version, userId } = data;
    try {
      await Ticket.create({ _id: id, title, price, version, sellerId: userId });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
