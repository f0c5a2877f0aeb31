import {
  BadRequestError,
  ConflictError,
  NotAuthorizedError,
  NotFoundError,
  type Outbox,
  VersionConflictError,
} from '@ticketing/common';

import { findTicket, type TicketDoc } from '../models/ticket';
import { commitTicketChange } from './ticket-changes';

export interface TicketEdit {
  ticketId: string;
  /** Who asks: only the seller may edit. */
  userId: string;
  title: string;
  price: number;
}

/**
 * The seller's edit, as the ticket's next version. Refused while an order holds the ticket;
 * decided again on the latest version when a reservation or another edit got in first.
 */
export async function editTicket(outbox: Outbox, edit: TicketEdit): Promise<TicketDoc> {
  const { ticketId, userId, title, price } = edit;
  try {
    return await outbox.retryOnConflict(async () => {
      const ticket = await findTicket(ticketId);
      if (!ticket) throw new NotFoundError();
      if (ticket.userId !== userId) throw new NotAuthorizedError();
      if (ticket.orderId) throw new BadRequestError('Cannot edit a reserved ticket');
      return commitTicketChange(outbox, ticket, { title, price });
    });
  } catch (error) {
    // Nothing was written, so the seller may simply send the same edit again.
    if (error instanceof VersionConflictError) {
      throw new ConflictError('Ticket was changed by another request; try again');
    }
    throw error;
  }
}
