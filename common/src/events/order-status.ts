/** The life of an order; orders owns the transitions, payments keeps a replica. */
export enum OrderStatus {
  /** Created, the ticket is reserved, payment not yet attempted. */
  Created = 'created',
  /** Expired, cancelled by the buyer, or the ticket was already reserved. */
  Cancelled = 'cancelled',
  AwaitingPayment = 'awaiting:payment',
  /** Paid; never cancelled afterwards. */
  Complete = 'complete',
}
