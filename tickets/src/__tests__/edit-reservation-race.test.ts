import { OutOfOrderError, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { OrderCancelledListener } from '../events/listeners/order-cancelled-listener';
import { OrderCreatedListener } from '../events/listeners/order-created-listener';
import { silentLogger, type TestApp, testApp } from '../test/app';
import { orderCancelledData, orderCreatedData } from '../test/orders';
import { newUser, sessionCookieFor } from '../test/session';
import { putTicket, storedTicket, storeTicket } from '../test/tickets';

useTestDatabase();

const ROUNDS = 20;

let context: TestApp;
let orderCreated: OrderCreatedListener;
let orderCancelled: OrderCancelledListener;

beforeEach(() => {
  context = testApp();
  // The handlers are called directly, so each race is exactly the two operations at once.
  orderCreated = new OrderCreatedListener(context.bus, context.outbox, silentLogger);
  orderCancelled = new OrderCancelledListener(context.bus, context.outbox, silentLogger);
});

/** A fresh ticket of a fresh seller, with nothing published yet. */
async function freshTicket() {
  const seller = newUser();
  const ticket = await storeTicket(context.outbox, {
    title: 'Original',
    price: 20,
    userId: seller.id,
  });
  context.bus.clear();
  return { ticket, cookie: sessionCookieFor(seller) };
}

const updates = () => context.bus.dataOf(Subjects.TicketUpdated);

describe("the seller's edit racing a reservation of the same ticket", () => {
  test(`ends edited-then-reserved or reserved-then-refused, every time (${ROUNDS} rounds)`, async () => {
    const outcomes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { ticket, cookie } = await freshTicket();
      const order = orderCreatedData(ticket);

      const [edit] = await Promise.all([
        putTicket(context.app, ticket.id, { title: 'Edited', price: 30 }, cookie),
        orderCreated.onMessage(order),
      ]);

      outcomes.push(edit.status);
      const stored = await storedTicket(ticket.id);
      const base = { id: ticket.id, userId: ticket.userId };
      if (edit.status === 200) {
        expect(edit.body).toMatchObject({ title: 'Edited', price: 30, version: 1 });
        expect(stored).toMatchObject({ title: 'Edited', orderId: order.id, version: 2 });
        expect(updates()).toStrictEqual([
          { ...base, version: 1, title: 'Edited', price: 30 },
          { ...base, version: 2, title: 'Edited', price: 30, orderId: order.id },
        ]);
      } else {
        expect(edit.status).toBe(400);
        expect(edit.body).toStrictEqual({ errors: [{ message: 'Cannot edit a reserved ticket' }] });
        expect(stored).toMatchObject({ title: 'Original', orderId: order.id, version: 1 });
        expect(updates()).toStrictEqual([
          { ...base, version: 1, title: 'Original', price: 20, orderId: order.id },
        ]);
      }
    }
    expect(outcomes).toHaveLength(ROUNDS);
  });
});

describe('an order:created racing the order:cancelled of the same order', () => {
  test(`leaves the ticket free, each version announced once (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { ticket } = await freshTicket();
      const order = orderCreatedData(ticket);

      await Promise.all([
        orderCreated.onMessage(order),
        orderCancelled.onMessage(orderCancelledData(order)),
      ]);

      const stored = await storedTicket(ticket.id);
      const versions = updates().map((data) => data.version);
      expect(stored.orderId).toBeNull();
      expect(versions).toEqual(Array.from({ length: stored.version }, (_, n) => n + 1));
      expect(updates().at(-1) ?? { version: 0 }).not.toHaveProperty('orderId');
    }
  });
});

describe('two orders for one free ticket at once', () => {
  test('one reserves it; the other waits for a release (OutOfOrderError)', async () => {
    const { ticket } = await freshTicket();
    const first = orderCreatedData(ticket);
    const second = orderCreatedData(ticket);

    const results = await Promise.allSettled([
      orderCreated.onMessage(first),
      orderCreated.onMessage(second),
    ]);

    const stored = await storedTicket(ticket.id);
    const winner = results[0].status === 'fulfilled' ? first : second;
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({
      reason: expect.any(OutOfOrderError),
    });
    expect(stored).toMatchObject({ orderId: winner.id, version: 1 });
    expect(updates()).toHaveLength(1);
  });
});
