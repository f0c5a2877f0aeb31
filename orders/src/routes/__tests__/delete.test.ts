import { OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { PaymentCreatedListener } from '../../events/listeners/payment-created-listener';
import { Order } from '../../models/order';
import { completeOrder } from '../../services/complete-order';
import { silentLogger, type TestService, testService } from '../../test/app';
import { newId, saveOrder } from '../../test/factories';
import { signIn } from '../../test/session';

useTestDatabase();

let service: TestService;
beforeEach(() => {
  service = testService();
});

const deleteOrder = (id: string, cookie?: string) => {
  const test = request(service.app).delete(`/api/orders/${id}`);
  return cookie ? test.set('Cookie', cookie) : test;
};

/** An order of `buyerId`, with the bus emptied of its order:created. */
async function orderOf(buyerId: string) {
  const order = await saveOrder(service.outbox, { userId: buyerId });
  service.bus.clear();
  return order;
}

describe('DELETE /api/orders/:id', () => {
  test('the owner cancels the order: 204, cancelled, version 1, the ticket lock released', async () => {
    const buyerId = newId();
    const order = await orderOf(buyerId);

    const response = await deleteOrder(order.id, signIn(buyerId));

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    const stored = await Order.findById(order.id);
    expect(stored?.status).toBe(OrderStatus.Cancelled);
    expect(stored?.version).toBe(1);
    expect(stored?.ticketLock).toBe(`released:${order.id}`);
  });

  test('order:cancelled is published once with the new version and the ticket', async () => {
    const buyerId = newId();
    const order = await orderOf(buyerId);

    await deleteOrder(order.id, signIn(buyerId));

    expect(service.bus.published.map((message) => message.subject)).toStrictEqual([
      Subjects.OrderCancelled,
    ]);
    expect(service.bus.dataOf(Subjects.OrderCancelled)).toStrictEqual([
      { id: order.id, version: 1, ticket: { id: order.ticket } },
    ]);
  });

  test('cancelling a cancelled order again is a 204 that changes and publishes nothing', async () => {
    const buyerId = newId();
    const order = await orderOf(buyerId);
    await deleteOrder(order.id, signIn(buyerId));
    service.bus.clear();

    const response = await deleteOrder(order.id, signIn(buyerId));

    expect(response.status).toBe(204);
    expect((await Order.findById(order.id))?.version).toBe(1);
    expect(service.bus.published).toHaveLength(0);
  });

  test('a completed order cannot be cancelled: 400, unchanged, nothing published', async () => {
    const buyerId = newId();
    const order = await orderOf(buyerId);
    await completeOrder(service.outbox, order.id);

    const response = await deleteOrder(order.id, signIn(buyerId));

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Cannot cancel a completed order' }],
    });
    const stored = await Order.findById(order.id);
    expect(stored?.status).toBe(OrderStatus.Complete);
    expect(stored?.ticketLock).toBe(order.ticket);
    expect(service.bus.published).toHaveLength(0);
  });

  test("another user's order is refused with 401 and stays active", async () => {
    const order = await orderOf(newId());

    const response = await deleteOrder(order.id, signIn());

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
    expect((await Order.findById(order.id))?.status).toBe(OrderStatus.Created);
    expect(service.bus.published).toHaveLength(0);
  });

  test('without a session the request is refused with 401', async () => {
    const order = await orderOf(newId());

    const response = await deleteOrder(order.id);

    expect(response.status).toBe(401);
    expect((await Order.findById(order.id))?.status).toBe(OrderStatus.Created);
  });

  test.each([
    ['not an id', 'not-an-id'],
    ['unknown', newId()],
  ])('an order id that is %s gets 404', async (_case, id) => {
    const response = await deleteOrder(id, signIn());

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
  });

  test.each([1, 2, 3, 4, 5])(
    'a cancellation racing a payment: either 204 and cancelled, or 400 and complete (round %i)',
    async () => {
      const buyerId = newId();
      const order = await orderOf(buyerId);
      const payment = new PaymentCreatedListener(service.bus, service.outbox, silentLogger);

      const [response] = await Promise.all([
        deleteOrder(order.id, signIn(buyerId)),
        payment.onMessage({ id: newId(), orderId: order.id, stripeId: 'ch_test' }),
      ]);

      const stored = await Order.findById(order.id);
      expect(stored?.version).toBe(1);
      const cancellations = service.bus.dataOf(Subjects.OrderCancelled);
      if (stored?.status === OrderStatus.Complete) {
        expect(response.status).toBe(400);
        expect(cancellations).toStrictEqual([]);
      } else {
        expect(response.status).toBe(204);
        expect(stored?.status).toBe(OrderStatus.Cancelled);
        expect(new Set(cancellations.map((event) => event.version))).toStrictEqual(new Set([1]));
      }
    },
  );
});
