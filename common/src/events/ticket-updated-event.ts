import type { Subjects } from './subjects';

export interface TicketUpdatedEvent {
  subject: Subjects.TicketUpdated;
  data: {
    id: string;
    version: number;
    title: string;
    price: number;
    userId: string;
    /** The order holding the ticket; absent when the ticket is for sale. */
    orderId?: string;
  };
}
