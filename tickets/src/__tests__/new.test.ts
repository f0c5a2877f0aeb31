import { Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { Ticket } from '../models/ticket';
import { type TestApp, testApp } from '../test/app';
import { newUser, sessionCookieFor } from '../test/session';
import { postTicket, ticketBody } from '../test/tickets';

useTestDatabase();

let context: TestApp;
beforeEach(() => {
  context = testApp();
});

const nothingWasListed = async () => {
  expect(await Ticket.countDocuments()).toBe(0);
  expect(context.bus.published).toEqual([]);
};

describe('POST /api/tickets', () => {
  test('a signed-in user lists a ticket and gets 201 with the ticket at version 0', async () => {
    const seller = newUser();

    const response = await postTicket(
      context.app,
      { title: 'Concert', price: 19.99 },
      sessionCookieFor(seller),
    );

    expect(response.status).toBe(201);
    expect(response.body).toStrictEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      title: 'Concert',
      price: 19.99,
      userId: seller.id,
      version: 0,
      createdAt: expect.any(String),
    });
    expect(new Date(response.body.createdAt).toISOString()).toBe(response.body.createdAt);
  });

  test('the ticket is stored unreserved and announced with ticket:created', async () => {
    const seller = newUser();

    const response = await postTicket(
      context.app,
      { title: 'Concert', price: 19.99 },
      sessionCookieFor(seller),
    );

    const stored = await Ticket.findById(response.body.id).lean();
    expect(stored).toMatchObject({ title: 'Concert', price: 19.99, userId: seller.id });
    expect(stored).toMatchObject({ version: 0, orderId: null });
    expect(context.bus.dataOf(Subjects.TicketCreated)).toStrictEqual([
      { id: response.body.id, version: 0, title: 'Concert', price: 19.99, userId: seller.id },
    ]);
    expect(context.bus.published).toHaveLength(1);
  });

  test('a user who is not signed in is refused with 401 and nothing is listed', async () => {
    const response = await request(context.app).post('/api/tickets').send(ticketBody());

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
    await nothingWasListed();
  });

  test('a tampered session is treated as not signed in', async () => {
    const response = await postTicket(context.app, ticketBody(), 'session=bm90LWpzb24=');

    expect(response.status).toBe(401);
    await nothingWasListed();
  });

  test('the title is stored trimmed', async () => {
    const response = await postTicket(context.app, ticketBody({ title: '  Opera  ' }));

    expect(response.body.title).toBe('Opera');
    expect((await Ticket.findById(response.body.id))?.title).toBe('Opera');
  });

  test.each([
    ['120 characters', 'x'.repeat(120)],
    ['one character', 'x'],
  ])('a title of %s is accepted', async (_name, title) => {
    expect((await postTicket(context.app, ticketBody({ title }))).status).toBe(201);
  });

  test.each([
    ['a decimal string, as the course client sends it', '19.99', 19.99],
    ['a whole number', 20, 20],
    ['a whole number string with two zero decimals', '20.00', 20],
    ['one cent', 0.01, 0.01],
  ])('a price given as %s is stored as a number', async (_name, price, stored) => {
    const response = await postTicket(context.app, ticketBody({ price }));

    expect(response.status).toBe(201);
    expect(response.body.price).toBe(stored);
    expect(context.bus.dataOf(Subjects.TicketCreated)[0]?.price).toBe(stored);
  });

  test.each([
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('a title that is %s is refused with Title is required', async (_name, title) => {
    const response = await postTicket(context.app, ticketBody({ title }));

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Title is required', field: 'title' }],
    });
    await nothingWasListed();
  });

  test('a title over 120 characters is refused', async () => {
    const response = await postTicket(context.app, ticketBody({ title: 'x'.repeat(121) }));

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Title must be at most 120 characters', field: 'title' }],
    });
    await nothingWasListed();
  });

  test.each([
    ['missing', undefined],
    ['zero', 0],
    ['negative', -10],
    ['the string "0"', '0'],
    ['a negative string', '-5'],
    ['not a number', 'abc'],
    ['empty', ''],
  ])('a price that is %s is refused with Price must be greater than 0', async (_name, price) => {
    const response = await postTicket(context.app, ticketBody({ price }));

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Price must be greater than 0', field: 'price' }],
    });
    await nothingWasListed();
  });

  test.each([
    ['10.999', 10.999],
    ['"10.999"', '10.999'],
    ['0.001', 0.001],
    ['0.1 + 0.2', 0.1 + 0.2],
  ])('a price with more than 2 decimal places (%s) is refused', async (_name, price) => {
    const response = await postTicket(context.app, ticketBody({ price }));

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Price must have at most 2 decimal places', field: 'price' }],
    });
    await nothingWasListed();
  });

  test('an empty body is refused with both messages', async () => {
    const response = await postTicket(context.app, {});

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [
        { message: 'Title is required', field: 'title' },
        { message: 'Price must be greater than 0', field: 'price' },
      ],
    });
    await nothingWasListed();
  });
});
