/** The resources of the HTTP contract (shared/design/api.md), as the bench reads them. */
export interface Ticket {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
  orderId?: string;
}

export interface Order {
  id: string;
  userId: string;
  status: 'created' | 'cancelled' | 'awaiting:payment' | 'complete';
  expiresAt: string;
  version: number;
  /** What the order is charged, in dollars. */
  price: number;
  ticket: { id: string; title?: string; price?: number; version?: number } | null;
}

export interface Payment {
  id: string;
  orderId: string;
  stripeId: string;
}

/** Every error the contract answers: `{"errors": [{"message": "...", "field"?: "..."}]}`. */
export interface ErrorBody {
  errors: { message: string; field?: string }[];
}

export const isErrorBody = (body: unknown): body is ErrorBody =>
  typeof body === 'object' &&
  body !== null &&
  Array.isArray((body as ErrorBody).errors) &&
  (body as ErrorBody).errors.length > 0 &&
  (body as ErrorBody).errors.every((error) => typeof error?.message === 'string');
