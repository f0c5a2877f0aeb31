import mongoose, { type HydratedDocument } from 'mongoose';

/**
 * This service's copy of a ticket, kept by `ticket:created` and `ticket:updated`. tickets owns
 * the record; the copy only follows its versions, so it is written with plain model writes,
 * not through the outbox.
 */
export interface TicketAttrs {
  /** The ticket's id in the tickets service. */
  _id: string;
  title: string;
  price: number;
  version: number;
  /** The seller's user id (the event's `userId`); absent on a replica written before it was
   * kept, until the ticket's next `ticket:updated`. */
  sellerId?: string;
}

export type TicketDoc = HydratedDocument<TicketAttrs>;

/** How a ticket is shown inside an order. */
export interface TicketJson {
  id: string;
  title: string;
  price: number;
  version: number;
}

const ticketSchema = new mongoose.Schema<TicketAttrs>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    price: { type: Number, required: true, min: 0 },
    version: { type: Number, required: true, min: 0 },
    sellerId: { type: String },
  },
  {
    versionKey: false,
    toJSON: {
      transform: (_doc, stored): TicketJson => ({
        id: stored._id,
        title: stored.title,
        price: stored.price,
        version: stored.version,
      }),
    },
  },
);

export const Ticket = mongoose.model<TicketAttrs>('Ticket', ticketSchema);
