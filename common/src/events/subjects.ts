/** Every subject on the event bus; the strings are the wire contract (docs: events.md). */
export enum Subjects {
  TicketCreated = 'ticket:created',
  TicketUpdated = 'ticket:updated',
  OrderCreated = 'order:created',
  OrderCancelled = 'order:cancelled',
  ExpirationComplete = 'expiration:complete',
  PaymentCreated = 'payment:created',
  PaymentWindowClosed = 'payment:window-closed',
}
