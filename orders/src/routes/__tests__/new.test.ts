import { OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { Order } from '../../models/order';
import { cancelOrder } from '../../services/cancel-order';
import { completeOrder } from '../../services/complete-order';
import { EXPIRATION_WINDOW_SECONDS, type TestService, testService } from '../../test/app';
import { newId, saveOrder, saveTicket } from '../../test/factories';
import { signIn } from '../../test/session';

useTestDatabase();

let service: TestService;
beforeEach(() => {
  service = testService();
});

const postOrder = (body: unknown, cookie = signIn()) =>
  request(service.app)
    .post('/api/orders')
    .set('Cookie', cookie)
    .send(body as object);

describe('POST /api/orders', () => {
  test('a signed-in buyer reserves a ticket: 201 with the order and its ticket', async () => {
    const ticket = await saveTicket({ title: 'opera', price: 45.5 });
    const buyerId = newId();
    const before = Date.now();

    const response = await postOrder({ ticketId: ticket.id }, signIn(buyerId));
    const shown = await request(service.app)
      .get(`/api/orders/${String(response.body.id)}`)
      .set('Cookie', signIn(buyerId));

    expect(response.status).toBe(201);
    expect(shown.body).toStrictEqual(response.body);
    expect(response.body).toStrictEqual({
      id: expect.any(String),
      userId: buyerId,
      status: OrderStatus.Created,
      expiresAt: expect.any(String),
      price: 45.5,
      version: 0,
      ticket: { id: ticket.id, title: 'opera', price: 45.5, version: 0 },
    });
    const expiresInMs = Date.parse(response.body.expiresAt) - before;
    expect(expiresInMs).toBeGreaterThanOrEqual(EXPIRATION_WINDOW_SECONDS * 1_000);
    expect(expiresInMs).toBeLessThan(EXPIRATION_WINDOW_SECONDS * 1_000 + 5_000);
  });

  test('a seller ordering their own ticket is refused: 400, nothing stored or published', async () => {
    const sellerId = newId();
    const ticket = await saveTicket({ sellerId });

    const response = await postOrder({ ticketId: ticket.id }, signIn(sellerId));

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Cannot order your own ticket' }] });
    expect(await Order.countDocuments()).toBe(0);
    expect(service.bus.dataOf(Subjects.OrderCreated)).toStrictEqual([]);
  });

  test('the order is stored active, holding the ticket lock', async () => {
    const ticket = await saveTicket();

    const response = await postOrder({ ticketId: ticket.id });

    const stored = await Order.find();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(response.body.id);
    expect(stored[0]?.status).toBe(OrderStatus.Created);
    expect(stored[0]?.ticketLock).toBe(ticket.id);
    expect(stored[0]?.version).toBe(0);
  });

  test('order:created is published once with the order and the ticket price', async () => {
    const ticket = await saveTicket({ price: 19.99 });
    const buyerId = newId();

    const response = await postOrder({ ticketId: ticket.id }, signIn(buyerId));

    expect(service.bus.dataOf(Subjects.OrderCreated)).toStrictEqual([
      {
        id: response.body.id,
        version: 0,
        status: OrderStatus.Created,
        userId: buyerId,
        expiresAt: response.body.expiresAt,
        ticket: { id: ticket.id, price: 19.99 },
      },
    ]);
    expect(service.bus.published).toHaveLength(1);
  });

  test('the order expires after the configured window', async () => {
    const shortWindow = testService({ expirationWindowSeconds: 60 });
    const ticket = await saveTicket();
    const before = Date.now();

    const response = await request(shortWindow.app)
      .post('/api/orders')
      .set('Cookie', signIn())
      .send({ ticketId: ticket.id });

    const expiresInMs = Date.parse(response.body.expiresAt) - before;
    expect(expiresInMs).toBeGreaterThanOrEqual(60_000);
    expect(expiresInMs).toBeLessThan(65_000);
  });

  test('without a session the request is refused with 401 and nothing is stored', async () => {
    const ticket = await saveTicket();

    const response = await request(service.app).post('/api/orders').send({ ticketId: ticket.id });

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
    expect(await Order.countDocuments()).toBe(0);
  });

  test.each([
    ['missing', {}],
    ['empty', { ticketId: '  ' }],
    ['a number', { ticketId: 42 }],
    ['an array', { ticketId: ['a'] }],
    ['an object', { ticketId: { id: 'a' } }],
  ])('a ticketId that is %s is refused with 400', async (_case, body) => {
    const response = await postOrder(body);

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'ticketId must be provided', field: 'ticketId' }],
    });
    expect(service.bus.published).toHaveLength(0);
  });

  test('a ticketId with an operator is refused with 400 before any query', async () => {
    const response = await postOrder({ ticketId: { $ne: null } });

    expect(response.status).toBe(400);
    expect(await Order.countDocuments()).toBe(0);
  });

  test.each([
    ['not an id', 'not-an-id'],
    ['unknown to this service', newId()],
  ])('a ticketId that is %s gets 404', async (_case, ticketId) => {
    const response = await postOrder({ ticketId });

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
    expect(await Order.countDocuments()).toBe(0);
  });

  test.each([
    ['created', async () => undefined],
    ['complete', (id: string) => completeOrder(service.outbox, id)],
  ])(
    'a ticket held by a %s order is refused: 400, nothing stored or published',
    async (_status, moveHolder) => {
      const ticket = await saveTicket();
      const holder = await saveOrder(service.outbox, { ticket });
      await moveHolder(holder.id);
      service.bus.clear();

      const response = await postOrder({ ticketId: ticket.id });

      expect(response.status).toBe(400);
      expect(response.body).toStrictEqual({ errors: [{ message: 'Ticket is already reserved' }] });
      expect(await Order.countDocuments()).toBe(1);
      expect(service.bus.published).toHaveLength(0);
    },
  );

  test('a ticket whose order was cancelled can be ordered again', async () => {
    const ticket = await saveTicket();
    const cancelled = await saveOrder(service.outbox, { ticket });
    await cancelOrder(service.outbox, cancelled.id);

    const response = await postOrder({ ticketId: ticket.id });

    expect(response.status).toBe(201);
    const active = await Order.find({ ticketLock: ticket.id });
    expect(active.map((order) => order.id)).toStrictEqual([response.body.id]);
  });
});
