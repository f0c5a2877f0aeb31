import type { Outbox } from '@ticketing/common';
import type { Express } from 'express';
import request from 'supertest';

import { Ticket, type TicketAttrs, type TicketDoc } from '../models/ticket';
import { createTicket } from '../services/ticket-changes';
import { sessionCookieFor } from './session';

let counter = 0;

/** A valid `{title, price}` body, each call with its own title unless one is given. */
export function ticketBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return { title: `Concert ${counter}`, price: 20, ...overrides };
}

/** Lists a ticket through the API as the user holding `cookie`. */
export function postTicket(app: Express, body: object = ticketBody(), cookie = sessionCookieFor()) {
  return request(app).post('/api/tickets').set('Cookie', cookie).send(body);
}

/** Edits a ticket through the API as the user holding `cookie`. */
export function putTicket(app: Express, id: string, body: object, cookie: string) {
  return request(app).put(`/api/tickets/${id}`).set('Cookie', cookie).send(body);
}

/** Lists a ticket directly (as the route does), for tests about other routes. */
export function storeTicket(
  outbox: Outbox,
  overrides: Partial<TicketAttrs> = {},
): Promise<TicketDoc> {
  counter += 1;
  return createTicket(outbox, {
    title: `Show ${counter}`,
    price: 15,
    userId: 'seller-id',
    ...overrides,
  });
}

/** The ticket as stored now. */
export async function storedTicket(id: string): Promise<TicketDoc> {
  const ticket = await Ticket.findById(id);
  if (!ticket) throw new Error(`ticket ${id} is not stored`);
  return ticket;
}
