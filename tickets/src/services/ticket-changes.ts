import { type Outbox, Subjects } from '@ticketing/common';
import mongoose from 'mongoose';

import {
  Ticket,
  type TicketAttrs,
  type TicketDoc,
  type TicketFields,
  TICKETS,
  ticketUpdatedData,
} from '../models/ticket';

/** Lists a new ticket at version 0 and announces it with `ticket:created`. */
export async function createTicket(outbox: Outbox, attrs: TicketAttrs): Promise<TicketDoc> {
  const ticket = new Ticket({
    ...attrs,
    _id: new mongoose.Types.ObjectId(),
    version: 0,
    orderId: null,
    createdAt: new Date(),
  });
  await ticket.validate();
  const { _id, version, ...fields } = ticket.toObject();
  await outbox.commit({
    collection: TICKETS,
    id: _id,
    version,
    set: fields,
    events: [
      {
        subject: Subjects.TicketCreated,
        data: {
          id: ticket.id,
          version,
          title: ticket.title,
          price: ticket.price,
          userId: ticket.userId,
        },
      },
    ],
  });
  return ticket;
}

/** The fields a change may write; `orderId: null` releases the ticket. */
export type TicketChange = Partial<Pick<TicketFields, 'title' | 'price' | 'orderId'>>;

/**
 * Writes `change` as the ticket's next version, announced by `ticket:updated`, and returns the
 * ticket as it now is. Throws `VersionConflictError` when `ticket` is no longer the latest
 * version: the caller re-reads it and decides again.
 */
export async function commitTicketChange(
  outbox: Outbox,
  ticket: TicketDoc,
  change: TicketChange,
): Promise<TicketDoc> {
  const changed = Ticket.hydrate({ ...ticket.toObject(), ...change, version: ticket.version + 1 });
  await changed.validate();
  await outbox.commit({
    collection: TICKETS,
    id: ticket._id,
    version: changed.version,
    set: change,
    events: [{ subject: Subjects.TicketUpdated, data: ticketUpdatedData(changed) }],
  });
  return changed;
}
