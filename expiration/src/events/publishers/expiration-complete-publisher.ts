import {
  type ExpirationCompleteEvent,
  type MessageHeaders,
  Publisher,
  Subjects,
} from '@ticketing/common';

export class ExpirationCompletePublisher extends Publisher<ExpirationCompleteEvent> {
  readonly subject = Subjects.ExpirationComplete;

  /** Announces that the order's time is up; orders decides whether anything is cancelled.
   * The message id is the same every time for one order, so JetStream stores a re-run job's
   * event once. It carries the subject because JetStream de-duplicates ids across its whole
   * stream, where another event about the same order may use the bare order id. `trace` is
   * the context of the order:created that scheduled it: the expiry joins the order's trace. */
  publishFor(orderId: string, trace?: MessageHeaders): Promise<void> {
    return this.publish(
      { orderId },
      { messageId: `${this.subject}:${orderId}`, ...(trace ? { causedBy: trace } : {}) },
    );
  }
}
