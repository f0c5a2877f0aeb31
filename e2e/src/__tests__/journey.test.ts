// The whole platform, as a user sees it: every request goes through the gateway, like the
// browser's through the ingress. Runs on both event-bus transports with 2 replicas per
// service, so queue groups and replicated listeners are exercised for real.
import { join } from 'node:path';

import { freePort } from '@ticketing/dev-infra';
import { type Stack, startStack, type Transport } from '@ticketing/dev-stack';

import { eventually } from '../eventually';
import { UserAgent } from '../user-agent';

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

const EXPIRATION_SECONDS = 4;

describe.each<Transport>(['nats-streaming', 'jetstream'])('on %s with 2 replicas', (transport) => {
  let stack: Stack;
  let seller: UserAgent;
  let buyer: UserAgent;

  beforeAll(async () => {
    stack = await startStack({
      rootDir: join(__dirname, '..', '..', '..'),
      transport,
      replicas: 2,
      port: await freePort(),
      expirationWindowSeconds: EXPIRATION_SECONDS,
      client: 'off',
      env: {},
      logLevel: 'warn',
    });
    seller = new UserAgent(stack.url);
    buyer = new UserAgent(stack.url);
  });
  afterAll(() => stack?.stop());

  const available = async () => (await buyer.get<Ticket[]>('/api/tickets')).body;
  const ticket = async (id: string) => (await buyer.get<Ticket>(`/api/tickets/${id}`)).body;
  const order = async (id: string) => (await buyer.get<Order>(`/api/orders/${id}`)).body;
  /** Orders learn of a ticket through ticket:created, a moment after it is listed. */
  const placeOrder = (ticketId: string) =>
    eventually(
      'orders to know the ticket',
      () => buyer.post<Order>('/api/orders', { ticketId }),
      (response) => response.status !== 404,
    );

  it('sells, reserves, expires, sells again and completes a ticket', async () => {
    expect(
      (
        await seller.post('/api/users/signup', {
          email: `seller-${transport}@test.dev`,
          password: 'password-1',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await buyer.post('/api/users/signup', {
          email: `buyer-${transport}@test.dev`,
          password: 'password-2',
        })
      ).status,
    ).toBe(201);

    const listed = await seller.post<Ticket>('/api/tickets', { title: 'Concert', price: 19.99 });
    expect(listed.status).toBe(201);
    const ticketId = listed.body.id;
    expect((await available()).map((t) => t.id)).toContain(ticketId);

    // The buyer reserves it: it leaves the list and cannot be edited.
    const first = await placeOrder(ticketId);
    expect(first.status).toBe(201);
    await eventually(
      'the ticket to be reserved',
      () => ticket(ticketId),
      (t) => t.orderId === first.body.id,
    );
    expect((await available()).map((t) => t.id)).not.toContain(ticketId);
    const edit = await seller.put(`/api/tickets/${ticketId}`, { title: 'Concert', price: 25 });
    expect(edit).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'Cannot edit a reserved ticket' }] },
    });

    // Nobody pays: the order expires and the ticket is for sale again.
    await eventually(
      'the order to expire',
      () => order(first.body.id),
      (o) => o.status === 'cancelled',
      20_000,
    );
    await eventually('the ticket to be back', available, (list) =>
      list.some((t) => t.id === ticketId),
    );

    // The buyer orders again and pays.
    const second = await placeOrder(ticketId);
    expect(second.status).toBe(201);
    const payment = await eventually(
      'payments to know the order',
      () => buyer.post('/api/payments', { orderId: second.body.id, token: 'tok_visa' }),
      (response) => response.status !== 404,
    );
    expect(payment.status).toBe(201);
    await eventually(
      'the order to be complete',
      () => order(second.body.id),
      (o) => o.status === 'complete',
    );

    // Its expiry passes: nothing changes, and the ticket stays reserved.
    const wait = new Date(second.body.expiresAt).getTime() - Date.now() + 2_000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 0)));
    expect((await order(second.body.id)).status).toBe('complete');
    expect((await ticket(ticketId)).orderId).toBe(second.body.id);
    expect((await available()).map((t) => t.id)).not.toContain(ticketId);
  });
});
