import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { type EventBus, Subjects } from '@ticketing/common';
import { type Infra, startInfra } from '@ticketing/dev-infra';
import {
  closedSteps,
  connectTestBus,
  createTestDatabase,
  startServiceProcess,
  type TestDatabase,
  unusedPort,
  waitFor,
} from '@ticketing/test-kit';

import type { TicketJson } from '../models/ticket';
import { JWT_KEY } from '../test/app';
import { newUser, sessionCookieFor } from '../test/session';

const TICKETS_DIR = join(__dirname, '..', '..');

// Starting a TypeScript process takes seconds, and far more on a loaded CI machine.
describe('the tickets process', () => {
  let database: TestDatabase;
  let stan: Infra;

  beforeAll(async () => {
    database = await createTestDatabase();
    stan = await startInfra(['stan']);
  }, 60_000);

  afterAll(async () => {
    await stan.stop();
    await database.drop();
  });

  test('with its configuration missing, it exits 1 naming every missing variable', async () => {
    const tickets = startServiceProcess(TICKETS_DIR, {});

    const code = await tickets.exited;

    expect(code).toBe(1);
    expect(tickets.output.stderr).toContain('MONGO_URI is required');
    expect(tickets.output.stderr).toContain('JWT_KEY is required');
    expect(tickets.output.stderr).toContain('STAN_URL is required');
    expect(tickets.output.stderr).toContain('STAN_CLUSTER_ID is required');
  }, 60_000);

  test('it serves and reserves on order:created; on SIGTERM it closes everything in order and exits 0', async () => {
    const port = await unusedPort();
    const base = `http://127.0.0.1:${port}`;
    const tickets = startServiceProcess(TICKETS_DIR, {
      PORT: String(port),
      MONGO_URI: `${(process.env.MONGO_URI ?? '').replace(/\/?$/, '/')}${database.name}`,
      JWT_KEY,
      STAN_URL: stan.env.STAN_URL ?? '',
      STAN_CLUSTER_ID: stan.env.STAN_CLUSTER_ID ?? '',
    });
    let orders: EventBus | undefined;
    try {
      await tickets.listening(45_000);

      const ready = await fetch(`${base}/readyz`);
      const created = await fetch(`${base}/api/tickets`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: sessionCookieFor(newUser()) },
        body: JSON.stringify({ title: 'Concert', price: 20 }),
      });
      const ticket = (await created.json()) as TicketJson;
      orders = await connectTestBus('nats-streaming', stan);
      const orderId = randomUUID();
      await orders.publish(
        Subjects.OrderCreated,
        JSON.stringify({
          id: orderId,
          version: 0,
          status: 'created',
          userId: 'buyer-id',
          expiresAt: new Date(Date.now() + 900_000).toISOString(),
          ticket: { id: ticket.id, price: 20 },
        }),
        { messageId: randomUUID() },
      );
      let shown: TicketJson | undefined;
      await waitFor('the reservation', async () => {
        shown = (await (await fetch(`${base}/api/tickets/${ticket.id}`)).json()) as TicketJson;
        return shown.orderId === orderId;
      });
      const code = await tickets.stop('SIGTERM');

      expect(ready.status).toBe(200);
      expect(created.status).toBe(201);
      expect(shown).toMatchObject({ id: ticket.id, orderId, version: 1 });
      expect(code).toBe(0);
      expect(closedSteps(tickets.output.stdout)).toEqual([
        'http server',
        'outbox relay',
        'event bus',
        'forgetting old cancellations',
        'mongo',
      ]);
    } finally {
      await orders?.close();
      await tickets.stop('SIGKILL');
    }
  }, 60_000);
});
