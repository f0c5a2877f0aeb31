// The service as it runs in its container: its own process from src/index.ts, with a real
// database, a NATS Streaming server started for this file and stripe-mock. The test plays the
// orders service and the buyer.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { type EventBus, type PaymentCreatedEvent, Subjects } from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';
import {
  closedSteps,
  connectTestBus,
  createTestDatabase,
  startServiceProcess,
  type TestDatabase,
  unusedPort,
  waitFor,
} from '@ticketing/test-kit';

import { JWT_KEY } from '../test/app';
import { publishOrderCreated, startBusServer } from '../test/bus';
import { buildOrderCreated } from '../test/factories';
import { sessionFor } from '../test/requests';
import { useStripeMock } from '../test/stripe';

const PAYMENTS_DIR = join(__dirname, '..', '..');
const stripeMock = useStripeMock();

describe('the payments process', () => {
  let database: TestDatabase;
  let infra: Infra;
  let ordersBus: EventBus;

  beforeAll(async () => {
    database = await createTestDatabase();
    infra = await startBusServer('nats-streaming');
    ordersBus = await connectTestBus('nats-streaming', infra);
  });

  afterAll(async () => {
    await ordersBus?.close();
    await infra?.stop();
    await database?.drop();
  });

  /** Every payment:created on the bus, as orders would receive it. */
  async function recordPaymentsCreated(): Promise<PaymentCreatedEvent['data'][]> {
    const received: PaymentCreatedEvent['data'][] = [];
    await ordersBus.subscribe({
      subject: Subjects.PaymentCreated,
      queueGroup: `orders-test-${randomUUID()}`,
      ackWaitMs: 5_000,
      handler: async (message) => {
        received.push(JSON.parse(Buffer.from(message.data).toString()));
        message.ack();
      },
    });
    return received;
  }

  test('with its configuration missing, it exits 1 naming every missing variable', async () => {
    const payments = startServiceProcess(PAYMENTS_DIR, {});

    const code = await payments.exited;

    expect(code).toBe(1);
    expect(payments.output.stderr).toContain('MONGO_URI is required');
    expect(payments.output.stderr).toContain('STRIPE_KEY is required');
    expect(payments.output.stderr).toContain('STAN_URL');
  });

  test('it takes a payment end to end, and on SIGTERM closes everything and exits 0', async () => {
    const port = await unusedPort();
    const paymentsCreated = await recordPaymentsCreated();
    const payments = startServiceProcess(PAYMENTS_DIR, {
      PORT: String(port),
      MONGO_URI: `${(process.env.MONGO_URI ?? '').replace(/\/?$/, '/')}${database.name}`,
      JWT_KEY,
      COOKIE_SECURE: 'false',
      STRIPE_KEY: 'sk_test_123',
      STRIPE_API_BASE: stripeMock.url.origin,
      STAN_URL: infra.env.STAN_URL ?? '',
      STAN_CLUSTER_ID: infra.env.STAN_CLUSTER_ID ?? '',
    });
    try {
      await payments.listening();
      const order = buildOrderCreated({ ticket: { id: 'ticket', price: 42.5 } });
      await publishOrderCreated(ordersBus, order);
      await waitFor('the order replica', () =>
        payments.output.stdout.includes(`"id":"${order.id}"`),
      );

      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      const paid = await fetch(`http://127.0.0.1:${port}/api/payments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: sessionFor(order.userId) },
        body: JSON.stringify({ orderId: order.id, token: 'tok_visa' }),
      });
      const payment = (await paid.json()) as PaymentCreatedEvent['data'];
      await waitFor('payment:created on the bus', () => paymentsCreated.length > 0);
      const code = await payments.stop('SIGTERM');

      expect(ready.status).toBe(200);
      expect(paid.status).toBe(201);
      // toEqual: fetch parses the body outside jest's realm, so prototypes differ.
      expect(paymentsCreated).toEqual([payment]);
      expect(code).toBe(0);
      expect(closedSteps(payments.output.stdout)).toEqual([
        'http server',
        'abandoned-charge sweep',
        'outbox relay',
        'event bus',
        'mongo',
      ]);
    } finally {
      await payments.stop('SIGKILL');
    }
  });
});
