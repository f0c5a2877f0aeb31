import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { Ticket } from '../models/ticket';
import { type TestApp, testApp } from '../test/app';
import { newUser, sessionCookieFor } from '../test/session';
import { postTicket, putTicket, storeTicket, ticketBody } from '../test/tickets';

useTestDatabase();

let context: TestApp;
beforeEach(() => {
  context = testApp();
});

const BAD_BODIES: [string, object, string][] = [
  ['an operator object as the title', { title: { $gt: '' }, price: 10 }, 'title.$gt'],
  ['an operator object as the price', { title: 'Concert', price: { $gt: 0 } }, 'price.$gt'],
  ['a $-key at the top level', { title: 'Concert', price: 10, $set: { userId: 'me' } }, '$set'],
  ['a dotted key', { title: 'Concert', price: 10, 'orderId.x': 'y' }, 'orderId.x'],
  ['an array as the title', { title: ['Concert'], price: 10 }, 'title'],
  ['a number as the title', { title: 42, price: 10 }, 'title'],
  ['null as the title', { title: null, price: 10 }, 'title'],
  ['an object as the price', { title: 'Concert', price: { amount: 10 } }, 'price'],
  ['an array as the price', { title: 'Concert', price: [10] }, 'price'],
  ['a boolean as the price', { title: 'Concert', price: true }, 'price'],
  ['null as the price', { title: 'Concert', price: null }, 'price'],
];

describe('bodies of the wrong shape', () => {
  test.each(BAD_BODIES)('%s is refused when listing a ticket', async (_name, body, field) => {
    const response = await postTicket(context.app, body);

    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual({ message: expect.any(String), field });
    expect(await Ticket.countDocuments()).toBe(0);
    expect(context.bus.published).toEqual([]);
  });

  test.each(BAD_BODIES)('%s is refused when editing a ticket', async (_name, body, field) => {
    const seller = newUser();
    const ticket = await storeTicket(context.outbox, { userId: seller.id });
    context.bus.clear();

    const response = await putTicket(context.app, ticket.id, body, sessionCookieFor(seller));

    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual({ message: expect.any(String), field });
    expect(await Ticket.findById(ticket.id).lean()).toMatchObject({ version: 0 });
    expect(context.bus.published).toEqual([]);
  });

  test.each([
    ['a number as the title', { title: 42, price: 10 }, 'title must be a string'],
    ['an object as the price', { title: 'Concert', price: {} }, 'Price must be a number'],
  ])('%s is named in the message', async (_name, body, message) => {
    const response = await postTicket(context.app, body);

    expect(response.body.errors).toContainEqual(expect.objectContaining({ message }));
  });
});

describe('bodies that are not usable JSON', () => {
  test('malformed JSON is refused with 400', async () => {
    const response = await request(context.app)
      .post('/api/tickets')
      .set('Cookie', sessionCookieFor())
      .set('Content-Type', 'application/json')
      .send('{"title": ');

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Request body is not valid JSON' }],
    });
  });

  test('a body over the size limit is refused with 413', async () => {
    const response = await postTicket(context.app, ticketBody({ title: 'x'.repeat(20 * 1024) }));

    expect(response.status).toBe(413);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Request body too large' }] });
    expect(await Ticket.countDocuments()).toBe(0);
  });
});

describe('unknown routes', () => {
  test.each([
    ['get', '/api/nothing'],
    ['delete', '/api/tickets/0123456789abcdef01234567'],
    ['post', '/api/tickets/0123456789abcdef01234567'],
  ] as const)('%s %s answers 404 Not Found in the error shape', async (method, path) => {
    const response = await request(context.app)[method](path);

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
  });
});
