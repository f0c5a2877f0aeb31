import { Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import type { TicketDoc } from '../models/ticket';
import { cancelReservation, reserveTicket } from '../services/reservations';
import { type TestApp, testApp } from '../test/app';
import { orderCreatedData } from '../test/orders';
import { newUser, sessionCookieFor } from '../test/session';
import { putTicket, storedTicket, storeTicket } from '../test/tickets';

useTestDatabase();

let context: TestApp;
let seller: ReturnType<typeof newUser>;
let sellerCookie: string;
let ticket: TicketDoc;

beforeEach(async () => {
  context = testApp();
  seller = newUser();
  sellerCookie = sessionCookieFor(seller);
  ticket = await storeTicket(context.outbox, { title: 'Concert', price: 20, userId: seller.id });
  context.bus.clear();
});

const ticketIsUnchanged = async (version = 0) => {
  expect(await storedTicket(ticket.id)).toMatchObject({ title: 'Concert', price: 20, version });
  expect(context.bus.dataOf(Subjects.TicketUpdated)).toHaveLength(version);
};

describe('PUT /api/tickets/:id', () => {
  test('the seller edits the ticket and gets it back at the next version', async () => {
    const response = await putTicket(
      context.app,
      ticket.id,
      { title: 'Opera', price: 35.5 },
      sellerCookie,
    );

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({
      id: ticket.id,
      title: 'Opera',
      price: 35.5,
      userId: seller.id,
      version: 1,
      createdAt: ticket.createdAt.toISOString(),
    });
  });

  test('the edit is stored and announced with ticket:updated, without an orderId', async () => {
    await putTicket(context.app, ticket.id, { title: 'Opera', price: 35.5 }, sellerCookie);

    expect(await storedTicket(ticket.id)).toMatchObject({
      title: 'Opera',
      price: 35.5,
      version: 1,
    });
    expect(context.bus.dataOf(Subjects.TicketUpdated)).toStrictEqual([
      { id: ticket.id, version: 1, title: 'Opera', price: 35.5, userId: seller.id },
    ]);
  });

  test('each edit takes the next version and publishes it', async () => {
    await putTicket(context.app, ticket.id, { title: 'First', price: 21 }, sellerCookie);
    const second = await putTicket(
      context.app,
      ticket.id,
      { title: 'Second', price: 22 },
      sellerCookie,
    );

    expect(second.body).toMatchObject({ title: 'Second', version: 2 });
    expect(context.bus.dataOf(Subjects.TicketUpdated).map((data) => data.version)).toEqual([1, 2]);
  });

  test('a user who is not signed in is refused with 401', async () => {
    const response = await request(context.app)
      .put(`/api/tickets/${ticket.id}`)
      .send({ title: 'Mine now', price: 1 });

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
    await ticketIsUnchanged();
  });

  test("another user's edit is refused with 401 Not authorized", async () => {
    const response = await putTicket(
      context.app,
      ticket.id,
      { title: 'Mine now', price: 1 },
      sessionCookieFor(newUser()),
    );

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
    await ticketIsUnchanged();
  });

  test('an unknown ticket answers 404', async () => {
    const response = await putTicket(
      context.app,
      '0123456789abcdef01234567',
      { title: 'Opera', price: 10 },
      sellerCookie,
    );

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
  });

  test.each(['not-an-id', '123', 'abcdefghijkl'])(
    'the invalid id %p answers 404, not 500',
    async (id) => {
      const response = await putTicket(
        context.app,
        id,
        { title: 'Opera', price: 10 },
        sellerCookie,
      );

      expect(response.status).toBe(404);
      expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
    },
  );

  test('a reserved ticket cannot be edited: 400 Cannot edit a reserved ticket', async () => {
    await reserveTicket(context.outbox, orderCreatedData(ticket));

    const response = await putTicket(
      context.app,
      ticket.id,
      { title: 'Opera', price: 10 },
      sellerCookie,
    );

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Cannot edit a reserved ticket' }] });
    await ticketIsUnchanged(1);
  });

  test('once the reservation is cancelled, the ticket can be edited again', async () => {
    const order = orderCreatedData(ticket);
    await reserveTicket(context.outbox, order);
    await cancelReservation(context.outbox, ticket.id, order.id);

    const response = await putTicket(
      context.app,
      ticket.id,
      { title: 'Opera', price: 10 },
      sellerCookie,
    );

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ title: 'Opera', version: 3 });
    expect(response.body).not.toHaveProperty('orderId');
    expect(context.bus.dataOf(Subjects.TicketUpdated).at(-1)).toStrictEqual({
      id: ticket.id,
      version: 3,
      title: 'Opera',
      price: 10,
      userId: seller.id,
    });
  });

  test.each([
    [{ price: 10 }, 'Title is required', 'title'],
    [{ title: '   ', price: 10 }, 'Title is required', 'title'],
    [{ title: 'x'.repeat(121), price: 10 }, 'Title must be at most 120 characters', 'title'],
    [{ title: 'Opera' }, 'Price must be greater than 0', 'price'],
    [{ title: 'Opera', price: -1 }, 'Price must be greater than 0', 'price'],
    [{ title: 'Opera', price: 1.234 }, 'Price must have at most 2 decimal places', 'price'],
  ])('the body %j is refused with 400 %s', async (body, message, field) => {
    const response = await putTicket(context.app, ticket.id, body, sellerCookie);

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message, field }] });
    await ticketIsUnchanged();
  });
});
