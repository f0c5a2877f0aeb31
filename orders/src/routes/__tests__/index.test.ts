import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { cancelOrder } from '../../services/cancel-order';
import { type TestService, testService } from '../../test/app';
import { newId, saveOrder, saveTicket } from '../../test/factories';
import { signIn } from '../../test/session';

useTestDatabase();

let service: TestService;
beforeEach(() => {
  service = testService();
});

describe('GET /api/orders', () => {
  test('the caller gets only their own orders, newest first, each with its ticket', async () => {
    const buyerId = newId();
    const firstTicket = await saveTicket({ title: 'first', price: 10 });
    const secondTicket = await saveTicket({ title: 'second', price: 12.5 });
    const first = await saveOrder(service.outbox, { userId: buyerId, ticket: firstTicket });
    const second = await saveOrder(service.outbox, { userId: buyerId, ticket: secondTicket });
    await saveOrder(service.outbox, { userId: newId() });

    const response = await request(service.app).get('/api/orders').set('Cookie', signIn(buyerId));

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual([
      {
        id: second.id,
        userId: buyerId,
        status: 'created',
        expiresAt: second.expiresAt.toISOString(),
        price: 12.5,
        version: 0,
        ticket: { id: secondTicket.id, title: 'second', price: 12.5, version: 0 },
      },
      {
        id: first.id,
        userId: buyerId,
        status: 'created',
        expiresAt: first.expiresAt.toISOString(),
        price: 10,
        version: 0,
        ticket: { id: firstTicket.id, title: 'first', price: 10, version: 0 },
      },
    ]);
  });

  test('cancelled orders are listed too, with their status and version', async () => {
    const buyerId = newId();
    const order = await saveOrder(service.outbox, { userId: buyerId });
    await cancelOrder(service.outbox, order.id);

    const response = await request(service.app).get('/api/orders').set('Cookie', signIn(buyerId));

    expect(response.body).toMatchObject([{ id: order.id, status: 'cancelled', version: 1 }]);
  });

  test('a caller without orders gets an empty array', async () => {
    await saveOrder(service.outbox);

    const response = await request(service.app).get('/api/orders').set('Cookie', signIn());

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual([]);
  });

  test('without a session the request is refused with 401', async () => {
    const response = await request(service.app).get('/api/orders');

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
  });
});
