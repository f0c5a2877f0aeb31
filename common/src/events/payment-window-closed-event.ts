import type { Subjects } from './subjects';

/** The order's reservation ran out with no payment started in time (payments' decision: no
 * charge was in flight and none can start any more). Orders cancels the order on it. */
export interface PaymentWindowClosedEvent {
  subject: Subjects.PaymentWindowClosed;
  data: {
    orderId: string;
  };
}
