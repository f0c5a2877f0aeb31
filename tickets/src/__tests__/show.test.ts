import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { reserveTicket } from '../services/reservations';
import { type TestApp, testApp } from '../test/app';
import { orderCreatedData } from '../test/orders';
import { storeTicket } from '../test/tickets';

useTestDatabase();

let context: TestApp;
beforeEach(() => {
  context = testApp();
});

describe('GET /api/tickets/:id', () => {
  test('anyone gets the ticket, without signing in', async () => {
    const ticket = await storeTicket(context.outbox, { title: 'Opera', price: 42.5, userId: 'u1' });

    const response = await request(context.app).get(`/api/tickets/${ticket.id}`);

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({
      id: ticket.id,
      title: 'Opera',
      price: 42.5,
      userId: 'u1',
      version: 0,
      createdAt: ticket.createdAt.toISOString(),
    });
  });

  test('a reserved ticket is shown too, with the order holding it', async () => {
    const ticket = await storeTicket(context.outbox);
    const order = orderCreatedData(ticket);
    await reserveTicket(context.outbox, order);

    const response = await request(context.app).get(`/api/tickets/${ticket.id}`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: ticket.id, orderId: order.id, version: 1 });
  });

  test('an unknown id answers 404', async () => {
    const response = await request(context.app).get('/api/tickets/0123456789abcdef01234567');

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
  });

  test.each(['not-an-id', '123', 'abcdefghijkl', '0123456789abcdef0123456z', '%24where'])(
    'the invalid id %p answers 404, not 500',
    async (id) => {
      const response = await request(context.app).get(`/api/tickets/${id}`);

      expect(response.status).toBe(404);
      expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
    },
  );
});
