// Shapes of the HTTP contract (shared/design/api.md). The client trusts the contract for
// successful bodies; only error bodies are checked, because a proxy may answer instead.

export interface ApiErrorItem {
  message: string;
  field?: string;
}

export interface ApiErrorBody {
  errors: ApiErrorItem[];
}

export interface CurrentUser {
  id: string;
  email: string;
  iat?: number;
  exp?: number;
}

export interface Ticket {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
  /** Present while an order reserves the ticket. */
  orderId?: string;
}

export type OrderStatus = 'created' | 'cancelled' | 'awaiting:payment' | 'complete';

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  /** ISO-8601 UTC. */
  expiresAt: string;
  /** What the buyer is charged: the ticket's price when the order was placed. */
  price: number;
  version: number;
  ticket: { id: string; title: string; price: number; version: number };
}

export interface Payment {
  id: string;
  orderId: string;
  stripeId: string;
}

/** Stripe accepted the charge but has not finished it (202): the order is not paid yet. */
export interface ProcessingPayment {
  orderId: string;
  stripeId: string;
  status: 'processing';
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T; headers: Headers }
  | { ok: false; status: number; errors: ApiErrorItem[] };
