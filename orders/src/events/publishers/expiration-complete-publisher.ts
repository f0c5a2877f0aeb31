import { type ExpirationCompleteEvent, Publisher, Subjects } from '@ticketing/common';

/** For orders' sweep, which announces the expiration of an overdue order whose job in the
 * expiration service was lost. Each announcement is a new event (a fresh message id): the
 * expiration service's own, under its fixed id, may be in JetStream's duplicate window. */
export class ExpirationCompletePublisher extends Publisher<ExpirationCompleteEvent> {
  readonly subject = Subjects.ExpirationComplete;
}
