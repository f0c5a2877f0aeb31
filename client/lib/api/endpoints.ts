import type { CurrentUser, Order, Payment, ProcessingPayment, Ticket } from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One call of the contract; `T` is the body of a successful response. */
export interface Endpoint<T> {
  method: HttpMethod;
  path: string;
  body?: unknown;
  /** Never set: carries the response type to `serverApi`/`browserApi`. */
  readonly response?: T;
}

export interface Credentials {
  email: string;
  password: string;
}

/** A price the user typed: a number, or the raw text so the API can say what is wrong. */
export interface TicketInput {
  title: string;
  price: number | string;
}

const id = (value: string) => encodeURIComponent(value);

/** A page of a ticket list: its size, and the X-Next-Cursor of the page before. */
export interface TicketPage {
  cursor?: string;
  limit?: number;
}

function ticketsQuery(selection: Record<string, string>, page: TicketPage): string {
  const query = new URLSearchParams(selection);
  if (page.limit !== undefined) query.set('limit', String(page.limit));
  if (page.cursor) query.set('cursor', page.cursor);
  return query.size > 0 ? `?${query.toString()}` : '';
}

/** Every route the client uses, named after what it does. */
export const endpoints = {
  currentUser: (): Endpoint<{ currentUser: CurrentUser | null }> => ({
    method: 'GET',
    path: '/api/users/currentuser',
  }),
  signUp: (body: Credentials): Endpoint<CurrentUser> => ({
    method: 'POST',
    path: '/api/users/signup',
    body,
  }),
  signIn: (body: Credentials): Endpoint<CurrentUser> => ({
    method: 'POST',
    path: '/api/users/signin',
    body,
  }),
  signOut: (): Endpoint<Record<string, never>> => ({ method: 'POST', path: '/api/users/signout' }),

  availableTickets: (page: TicketPage = {}): Endpoint<Ticket[]> => ({
    method: 'GET',
    path: `/api/tickets${ticketsQuery({}, page)}`,
  }),
  /** Every ticket of the signed-in user, reserved and sold ones included. */
  myTickets: (page: TicketPage = {}): Endpoint<Ticket[]> => ({
    method: 'GET',
    path: `/api/tickets${ticketsQuery({ seller: 'me' }, page)}`,
  }),
  ticket: (ticketId: string): Endpoint<Ticket> => ({
    method: 'GET',
    path: `/api/tickets/${id(ticketId)}`,
  }),
  createTicket: (body: TicketInput): Endpoint<Ticket> => ({
    method: 'POST',
    path: '/api/tickets',
    body,
  }),
  updateTicket: (ticketId: string, body: TicketInput): Endpoint<Ticket> => ({
    method: 'PUT',
    path: `/api/tickets/${id(ticketId)}`,
    body,
  }),

  myOrders: (): Endpoint<Order[]> => ({ method: 'GET', path: '/api/orders' }),
  order: (orderId: string): Endpoint<Order> => ({
    method: 'GET',
    path: `/api/orders/${id(orderId)}`,
  }),
  createOrder: (ticketId: string): Endpoint<Order> => ({
    method: 'POST',
    path: '/api/orders',
    body: { ticketId },
  }),

  pay: (orderId: string, token: string): Endpoint<Payment | ProcessingPayment> => ({
    method: 'POST',
    path: '/api/payments',
    body: { orderId, token },
  }),
};

/** The cursor for the next page of `GET /api/tickets`, if there is one. */
export const nextCursor = (headers: Headers): string | undefined =>
  headers.get('x-next-cursor') ?? undefined;
