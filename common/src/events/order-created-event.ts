import type { OrderStatus } from './order-status';
import type { Subjects } from './subjects';

export interface OrderCreatedEvent {
  subject: Subjects.OrderCreated;
  data: {
    id: string;
    version: number;
    status: OrderStatus;
    userId: string;
    /** ISO 8601 timestamp (`Date#toISOString()`); a Date does not survive JSON. */
    expiresAt: string;
    ticket: {
      id: string;
      price: number;
    };
  };
}
