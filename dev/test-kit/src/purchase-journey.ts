import { setTimeout as sleep } from 'node:timers/promises';

import { eventually } from './eventually';
import type { UserAgent } from './user-agent';

interface Ticket {
  id: string;
  title: string;
  price: number;
  version: number;
  orderId?: string;
}
interface Order {
  id: string;
  status: string;
  expiresAt: string;
  ticket: { id: string };
}

export interface JourneyOptions {
  /** Makes a user agent for the platform's front door (the local gateway, or the ingress). */
  newUser: () => UserAgent;
  /** Unique per run, so emails do not collide with an earlier journey's users. */
  runId: string;
  /** How long the order may take to expire: the reservation window plus the pipeline's lag. */
  expiryTimeoutMs: number;
  /** Checks one step's outcome; the caller passes jest's `expect`. */
  expect: jest.Expect;
}

/** The two users and what they look up, as the journey's steps share them. */
function shopFor(seller: UserAgent, buyer: UserAgent) {
  return {
    seller,
    buyer,
    available: async () => (await buyer.get<Ticket[]>('/api/tickets')).body,
    ticket: async (id: string) => (await buyer.get<Ticket>(`/api/tickets/${id}`)).body,
    order: async (id: string) => (await buyer.get<Order>(`/api/orders/${id}`)).body,
    /** Orders learn of a ticket through ticket:created, a moment after it is listed. */
    placeOrder: (ticketId: string) =>
      eventually(
        'orders to know the ticket',
        () => buyer.post<Order>('/api/orders', { ticketId }),
        (response) => response.status !== 404,
      ),
  };
}
type Shop = ReturnType<typeof shopFor>;

/** The buyer reserves the ticket (it leaves the list and cannot be edited); nobody pays, the
 * order expires and the ticket is for sale again. */
async function reserveAndLetExpire(
  shop: Shop,
  ticketId: string,
  { expiryTimeoutMs, expect }: JourneyOptions,
) {
  const first = await shop.placeOrder(ticketId);
  expect(first.status).toBe(201);
  await eventually(
    'the ticket to be reserved',
    () => shop.ticket(ticketId),
    (t) => t.orderId === first.body.id,
  );
  expect((await shop.available()).map((t) => t.id)).not.toContain(ticketId);
  const edit = await shop.seller.put(`/api/tickets/${ticketId}`, { title: 'Concert', price: 25 });
  expect(edit).toMatchObject({
    status: 400,
    body: { errors: [{ message: 'Cannot edit a reserved ticket' }] },
  });

  await eventually(
    'the order to expire',
    () => shop.order(first.body.id),
    (o) => o.status === 'cancelled',
    expiryTimeoutMs,
  );
  await eventually('the ticket to be back', shop.available, (list) =>
    list.some((t) => t.id === ticketId),
  );
}

/** The buyer orders again and pays; the order completes, and its expiry passing later changes
 * nothing: the ticket stays reserved. */
async function buyAndPay(shop: Shop, ticketId: string, { expect }: JourneyOptions) {
  const second = await shop.placeOrder(ticketId);
  expect(second.status).toBe(201);
  const payment = await eventually(
    'payments to know the order',
    () => shop.buyer.post('/api/payments', { orderId: second.body.id, token: 'tok_visa' }),
    (response) => response.status !== 404,
  );
  expect(payment.status).toBe(201);
  await eventually(
    'the order to be complete',
    () => shop.order(second.body.id),
    (o) => o.status === 'complete',
  );

  await sleep(Math.max(new Date(second.body.expiresAt).getTime() - Date.now() + 2_000, 0));
  expect((await shop.order(second.body.id)).status).toBe('complete');
  expect((await shop.ticket(ticketId)).orderId).toBe(second.body.id);
  expect((await shop.available()).map((t) => t.id)).not.toContain(ticketId);
}

/** An /api path that no service owns is answered in the contract's shape, never with the
 * client's HTML page (which would fail to parse here). */
async function expectJsonNotFound(user: UserAgent, expect: jest.Expect) {
  for (const path of ['/api', '/api/nope', '/api/no/such/path?x=1']) {
    const answer = await user.get(path);
    expect({ path, status: answer.status, body: answer.body }).toStrictEqual({
      path,
      status: 404,
      body: { errors: [{ message: 'Not Found' }] },
    });
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  }
}

/**
 * The whole platform as a user sees it, over HTTP only: two users sign up, the seller lists a
 * ticket, the buyer reserves it and lets the order expire, then orders again and pays.
 */
export async function runPurchaseJourney(options: JourneyOptions) {
  const { newUser, runId, expect } = options;
  const shop = shopFor(newUser(), newUser());
  const signUp = (user: UserAgent, role: string) =>
    user.post('/api/users/signup', {
      email: `${role}-${runId}@test.dev`,
      password: `password-${role}`,
    });
  expect((await signUp(shop.seller, 'seller')).status).toBe(201);
  expect((await signUp(shop.buyer, 'buyer')).status).toBe(201);
  await expectJsonNotFound(shop.buyer, expect);

  const listed = await shop.seller.post<Ticket>('/api/tickets', { title: 'Concert', price: 19.99 });
  expect(listed.status).toBe(201);
  expect((await shop.available()).map((t) => t.id)).toContain(listed.body.id);

  await reserveAndLetExpire(shop, listed.body.id, options);
  await buyAndPay(shop, listed.body.id, options);
}
