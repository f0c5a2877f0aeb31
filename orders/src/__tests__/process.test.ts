// The service as it runs in a container (src/index.ts in its own process) against a real
// database and a real NATS Streaming server: wiring, one whole reservation, clean shutdown.
import { join } from 'node:path';

import { type EventBus, Subjects } from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';
import {
  closedSteps,
  connectTestBus,
  createTestDatabase,
  publishEvent,
  recordEvents,
  startServiceProcess,
  type TestDatabase,
  unusedPort,
  waitFor,
} from '@ticketing/test-kit';

import { JWT_KEY } from '../test/app';
import { startBusServers } from '../test/bus';
import { buildTicketCreated } from '../test/factories';
import { signIn } from '../test/session';

const ORDERS_DIR = join(__dirname, '..', '..');

let database: TestDatabase;
let servers: Infra;
let bus: EventBus;

beforeAll(async () => {
  database = await createTestDatabase();
  servers = await startBusServers();
  bus = await connectTestBus('nats-streaming', servers);
});

afterAll(async () => {
  await bus.close();
  await servers.stop();
  await database.drop();
});

describe('the orders process', () => {
  test('with its configuration missing, it exits 1 naming every missing variable', async () => {
    const orders = startServiceProcess(ORDERS_DIR, {});

    const code = await orders.exited;

    expect(code).toBe(1);
    expect(orders.output.stderr).toContain('MONGO_URI is required');
    expect(orders.output.stderr).toContain('JWT_KEY is required');
    expect(orders.output.stderr).toContain('STAN_URL');
  });

  test('it replicates tickets, reserves, expires, and on SIGTERM closes everything', async () => {
    const port = await unusedPort();
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    const created = await recordEvents(bus, Subjects.OrderCreated);
    const cancelled = await recordEvents(bus, Subjects.OrderCancelled);
    const orders = startServiceProcess(ORDERS_DIR, {
      PORT: String(port),
      MONGO_URI: `${(process.env.MONGO_URI ?? '').replace(/\/?$/, '/')}${database.name}`,
      JWT_KEY,
      EVENT_BUS: 'nats-streaming',
      STAN_URL: servers.env.STAN_URL ?? '',
      STAN_CLUSTER_ID: servers.env.STAN_CLUSTER_ID ?? '',
      // Short: the closed window published below is deferred until the hold is over.
      EXPIRATION_WINDOW_SECONDS: '1',
    });
    try {
      await orders.listening();
      const ticket = buildTicketCreated();
      await publishEvent(bus, Subjects.TicketCreated, ticket);
      await waitFor('the replica', () =>
        orders.output.stdout.includes('"subject":"ticket:created"'),
      );

      const ready = await fetch(url('/readyz'));
      const reserve = await fetch(url('/api/orders'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: signIn() },
        body: JSON.stringify({ ticketId: ticket.id }),
      });
      const order = (await reserve.json()) as { id: string };
      await publishEvent(bus, Subjects.PaymentWindowClosed, { orderId: order.id });
      await waitFor('order:cancelled', () => cancelled.some((event) => event.id === order.id));
      const code = await orders.stop('SIGTERM');

      expect(ready.status).toBe(200);
      expect(reserve.status).toBe(201);
      expect(created.map((event) => event.id)).toStrictEqual([order.id]);
      expect(code).toBe(0);
      expect(closedSteps(orders.output.stdout)).toEqual([
        'http server',
        'overdue-order sweep',
        'outbox relay',
        'event bus',
        'mongo',
      ]);
    } finally {
      await orders.stop('SIGKILL');
    }
  });
});
