import type { ExpirationCompleteEvent } from './expiration-complete-event';
import type { OrderCancelledEvent } from './order-cancelled-event';
import type { OrderCreatedEvent } from './order-created-event';
import type { PaymentCreatedEvent } from './payment-created-event';
import type { PaymentWindowClosedEvent } from './payment-window-closed-event';
import type { Subjects } from './subjects';
import type { TicketCreatedEvent } from './ticket-created-event';
import type { TicketUpdatedEvent } from './ticket-updated-event';

/** Every event in the catalog; `Publisher<E>` and `Listener<E>` only accept one of these. */
export type Event =
  | TicketCreatedEvent
  | TicketUpdatedEvent
  | OrderCreatedEvent
  | OrderCancelledEvent
  | ExpirationCompleteEvent
  | PaymentCreatedEvent
  | PaymentWindowClosedEvent;

/** The event published on a subject. */
export type EventFor<S extends Subjects> = Extract<Event, { subject: S }>;

/** Subject → payload, for code that handles subjects generically (an outbox relay, tests). */
export type EventMap = { [S in Subjects]: EventFor<S>['data'] };
