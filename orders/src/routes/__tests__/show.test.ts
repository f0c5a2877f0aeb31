import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { type TestService, testService } from '../../test/app';
import { newId, saveOrder, saveTicket } from '../../test/factories';
import { signIn } from '../../test/session';

useTestDatabase();

let service: TestService;
beforeEach(() => {
  service = testService();
});

const showOrder = (id: string, cookie?: string) => {
  const test = request(service.app).get(`/api/orders/${id}`);
  return cookie ? test.set('Cookie', cookie) : test;
};

describe('GET /api/orders/:id', () => {
  test('the owner gets the order with its ticket', async () => {
    const buyerId = newId();
    const ticket = await saveTicket({ title: 'ballet', price: 30 });
    const order = await saveOrder(service.outbox, { userId: buyerId, ticket });

    const response = await showOrder(order.id, signIn(buyerId));

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({
      id: order.id,
      userId: buyerId,
      status: 'created',
      expiresAt: order.expiresAt.toISOString(),
      price: 30,
      version: 0,
      ticket: { id: ticket.id, title: 'ballet', price: 30, version: 0 },
    });
  });

  test("another user's order is refused with 401", async () => {
    const order = await saveOrder(service.outbox);

    const response = await showOrder(order.id, signIn());

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
  });

  test('without a session the request is refused with 401', async () => {
    const order = await saveOrder(service.outbox);

    const response = await showOrder(order.id);

    expect(response.status).toBe(401);
  });

  test.each([
    ['not an id', 'not-an-id'],
    ['unknown', newId()],
  ])('an order id that is %s gets 404', async (_case, id) => {
    const response = await showOrder(id, signIn());

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
  });
});
