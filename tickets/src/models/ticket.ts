import type { TicketUpdatedEvent } from '@ticketing/common';
import mongoose, { type HydratedDocument, type Types } from 'mongoose';

export const MAX_TITLE_LENGTH = 120;

/** What a seller gives to list a ticket. */
export interface TicketAttrs {
  title: string;
  price: number;
  userId: string;
}

/** A stored ticket. `version` counts its changes (0 when listed); every change goes through the
 * outbox, which claims `version + 1` first, so a change made from a stale read is refused. */
export interface TicketFields extends TicketAttrs {
  version: number;
  /** The order holding the ticket, or null when it is for sale. Stored as null (not removed)
   * because the outbox writes a change with `$set`. */
  orderId: string | null;
  createdAt: Date;
}

export type TicketDoc = HydratedDocument<TicketFields>;

/** The ticket as the API shows it: `orderId` only while reserved. */
export interface TicketJson {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
  orderId?: string;
  createdAt: string;
}

type StoredTicket = TicketFields & { _id: Types.ObjectId };

const toTicketJson = (stored: StoredTicket): TicketJson => ({
  id: String(stored._id),
  title: stored.title,
  price: stored.price,
  userId: stored.userId,
  version: stored.version,
  ...(stored.orderId ? { orderId: stored.orderId } : {}),
  createdAt: stored.createdAt.toISOString(),
});

const ticketSchema = new mongoose.Schema<TicketFields>(
  {
    title: { type: String, required: true, trim: true, minlength: 1, maxlength: MAX_TITLE_LENGTH },
    price: { type: Number, required: true, min: 0.01 },
    userId: { type: String, required: true },
    version: { type: Number, required: true, min: 0 },
    orderId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  {
    // Versions are counted by the outbox, not by mongoose's `__v`.
    versionKey: false,
    toJSON: { transform: (_doc, stored) => toTicketJson(stored as StoredTicket) },
  },
);

// The list of tickets for sale: unreserved, newest (highest _id) first.
ticketSchema.index({ orderId: 1, _id: -1 });
// A seller's own tickets, newest first (GET /api/tickets?seller=me).
ticketSchema.index({ userId: 1, _id: -1 });

export const Ticket = mongoose.model<TicketFields>('Ticket', ticketSchema);

/** The collection the outbox writes tickets into. */
export const TICKETS = Ticket.collection.collectionName;

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** The ticket with this id; undefined for an unknown id or one that is not an id at all. */
export async function findTicket(id: string): Promise<TicketDoc | undefined> {
  if (!OBJECT_ID.test(id)) return undefined;
  return (await Ticket.findById(id)) ?? undefined;
}

/** The `ticket:updated` payload for the ticket's current state (no `orderId` when for sale). */
export function ticketUpdatedData(ticket: TicketDoc): TicketUpdatedEvent['data'] {
  const { id, version, title, price, userId, orderId } = ticket;
  return { id, version, title, price, userId, ...(orderId ? { orderId } : {}) };
}
