// Nobody can hold the whole market: a buyer holds at most MAX_ACTIVE_ORDERS unpaid orders, even
// when every request for more arrives at once on two replicas, and places orders at a bounded
// rate.
import type { Server } from 'node:http';

import { OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { Order, UNPAID_STATUSES } from '../../models/order';
import { cancelOrder } from '../../services/cancel-order';
import { completeOrder } from '../../services/complete-order';
import { tooManyActiveOrders } from '../../services/place-order';
import { type TestService, testService } from '../../test/app';
import { newId, saveTicket } from '../../test/factories';
import { serve } from '../../test/http-server';
import { signIn } from '../../test/session';

useTestDatabase();

const CAP = 3;
const CAPPED = { errors: [{ message: tooManyActiveOrders(CAP) }] };

let service: TestService;
let replica: TestService;
let servers: [Server, Server];
let closeServers: () => Promise<void>;

beforeEach(async () => {
  service = testService({ maxActiveOrders: CAP });
  replica = testService({ maxActiveOrders: CAP });
  const served = await Promise.all([serve(service.app), serve(replica.app)]);
  servers = [served[0].server, served[1].server];
  closeServers = async () => {
    await Promise.all(served.map(({ close }) => close()));
  };
});

afterEach(() => closeServers());

/** The buyer orders each ticket at the same moment, alternating between the two replicas. */
async function orderAtOnce(buyer: string, count: number) {
  const tickets = await Promise.all(Array.from({ length: count }, () => saveTicket()));
  const cookie = signIn(buyer);
  return Promise.all(
    tickets.map((ticket, n) =>
      request(servers[n % 2 === 0 ? 0 : 1])
        .post('/api/orders')
        .set('Cookie', cookie)
        .send({ ticketId: ticket.id }),
    ),
  );
}

const unpaidOrdersOf = (buyer: string) =>
  Order.find({ userId: buyer, status: { $in: UNPAID_STATUSES } });

describe('POST /api/orders: the cap on unpaid orders', () => {
  test('a buyer at the cap is refused with 400 saying so, and nothing is published', async () => {
    const buyer = newId();
    await orderAtOnce(buyer, CAP);

    const [over] = await orderAtOnce(buyer, 1);

    expect(over?.status).toBe(400);
    expect(over?.body).toStrictEqual(CAPPED);
    expect(await unpaidOrdersOf(buyer)).toHaveLength(CAP);
    const published = [...service.bus.published, ...replica.bus.published];
    expect(published.filter((event) => event.subject === Subjects.OrderCreated)).toHaveLength(CAP);
  });

  test('ten orders at once on two replicas: exactly the cap are placed, each in its own slot', async () => {
    const buyer = newId();

    const responses = await orderAtOnce(buyer, 10);

    const placed = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status !== 201);
    expect(placed).toHaveLength(CAP);
    for (const response of refused) expect(response.body).toStrictEqual(CAPPED);
    const unpaid = await unpaidOrdersOf(buyer);
    expect(new Set(unpaid.map((order) => order.buyerSlot))).toStrictEqual(
      new Set(Array.from({ length: CAP }, (_, n) => `${buyer}:${n}`)),
    );
  });

  test('another buyer is not held to the first one’s orders', async () => {
    await orderAtOnce(newId(), CAP);

    const [other] = await orderAtOnce(newId(), 1);

    expect(other?.status).toBe(201);
  });

  test('a cancelled or paid order frees its slot for a new order', async () => {
    const buyer = newId();
    const placed = await orderAtOnce(buyer, CAP);
    const [first, second] = placed.map((response) => (response.body as { id: string }).id);
    await cancelOrder(service.outbox, first ?? '');
    await completeOrder(service.outbox, second ?? '');

    const again = await orderAtOnce(buyer, 3);

    expect(again.map((response) => response.status).sort()).toStrictEqual([201, 201, 400]);
    expect(await unpaidOrdersOf(buyer)).toHaveLength(CAP);
    const paid = await Order.findById(second);
    expect(paid?.status).toBe(OrderStatus.Complete);
    expect(paid?.buyerSlot).toBe(`done:${second}`);
  });

  test('a ticket reserved by someone else is still refused as reserved, not as the cap', async () => {
    const ticket = await saveTicket();
    await request(servers[0])
      .post('/api/orders')
      .set('Cookie', signIn())
      .send({ ticketId: ticket.id });

    const response = await request(servers[1])
      .post('/api/orders')
      .set('Cookie', signIn())
      .send({ ticketId: ticket.id });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Ticket is already reserved' }] });
  });
});

describe('POST /api/orders: the rate per buyer', () => {
  test('past the limit a buyer gets 429 in the error shape; another buyer does not', async () => {
    const limited = testService({ orderRateLimit: { limit: 2, windowMs: 60_000 } });
    const buyer = signIn();
    const order = async (cookie: string) =>
      request(limited.app)
        .post('/api/orders')
        .set('Cookie', cookie)
        .send({ ticketId: (await saveTicket()).id });

    const answers = [await order(buyer), await order(buyer), await order(buyer)];
    const other = await order(signIn());

    expect(answers.map((response) => response.status)).toStrictEqual([201, 201, 429]);
    expect(answers[2]?.body).toStrictEqual({
      errors: [{ message: 'Too many requests' }],
    });
    expect(other.status).toBe(201);
  });

  test('refused requests do not count: only orders placed do', async () => {
    const limited = testService({ orderRateLimit: { limit: 2, windowMs: 60_000 } });
    const buyer = signIn();
    const order = (ticketId: string) =>
      request(limited.app).post('/api/orders').set('Cookie', buyer).send({ ticketId });

    // One after another: a request counts while it is in flight, and is taken back if refused.
    const unknown = [await order(newId()), await order(newId()), await order(newId())];
    const placed = [await order((await saveTicket()).id), await order((await saveTicket()).id)];

    expect(unknown.map((response) => response.status)).toStrictEqual([404, 404, 404]);
    expect(placed.map((response) => response.status)).toStrictEqual([201, 201]);
  });
});
