// The whole platform, as a user sees it: every request goes through the gateway, like the
// browser's through the ingress. Runs on both event-bus transports with 2 replicas per
// service, so queue groups and replicated listeners are exercised for real. After the
// purchase, every service's /metrics shows its part of it, and an event of the wrong shape is
// counted as parked.
import { join } from 'node:path';

import { Subjects } from '@ticketing/common';
import { freePort } from '@ticketing/dev-infra';
import { type Stack, startStack, type Transport } from '@ticketing/dev-stack';
import {
  connectTestBus,
  eventually,
  runPurchaseJourney,
  seriesTotal,
  UserAgent,
} from '@ticketing/test-kit';

const EXPIRATION_SECONDS = 4;

describe.each<Transport>(['nats-streaming', 'jetstream'])('on %s with 2 replicas', (transport) => {
  let stack: Stack;

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
  });
  afterAll(() => stack?.stop());

  /** What every replica of `service` serves at /metrics, on its own port (not the gateway's). */
  const scrape = (service: string): Promise<string[]> =>
    Promise.all(
      stack.parts
        .filter((part) => part.label.split('#')[0] === service)
        .map(async (part) => (await fetch(`http://127.0.0.1:${part.port}/metrics`)).text()),
    );
  const total = async (service: string, series: string) =>
    seriesTotal(await scrape(service), series);

  it('sells, reserves, expires, sells again and completes a ticket', async () => {
    await runPurchaseJourney({
      newUser: () => new UserAgent(stack.url),
      runId: transport,
      expiryTimeoutMs: 20_000,
      expect,
    });
  });

  it('shows that purchase at every service’s /metrics', async () => {
    const applied = (subject: string) =>
      `events_delivered_total{subject="${subject}",outcome="applied"}`;
    // The journey orders twice (the first order expires) and pays once.
    expect(
      await total(
        'orders',
        'http_request_duration_seconds_count{method="POST",route="/api/orders",status="201"}',
      ),
    ).toBe(2);
    expect(await total('orders', 'events_published_total{subject="order:created"}')).toBe(2);
    expect(await total('orders', applied(Subjects.PaymentCreated))).toBe(1);
    expect(await total('tickets', applied(Subjects.OrderCreated))).toBe(2);
    expect(await total('expiration', applied(Subjects.OrderCreated))).toBe(2);
    expect(await total('expiration', 'expiration_lateness_seconds_count')).toBeGreaterThanOrEqual(
      1,
    );
    expect(await total('payments', applied(Subjects.OrderCreated))).toBe(2);
    expect(
      await total(
        'payments',
        'http_request_duration_seconds_count{method="POST",route="/api/payments",status="201"}',
      ),
    ).toBe(1);
    expect(
      await total(
        'payments',
        'stripe_request_duration_seconds_count{method="POST",endpoint="/v1/payment_intents",outcome="200"}',
      ),
    ).toBe(1);
    for (const service of ['orders', 'tickets', 'payments']) {
      // Read from each replica's outbox: every change is published by now.
      expect({ service, pending: await total(service, 'outbox_entries{state="pending"}') }).toEqual(
        {
          service,
          pending: 0,
        },
      );
    }
  });

  it('counts an event of the wrong shape as parked where it arrives', async () => {
    const parked = `events_delivered_total{subject="${Subjects.TicketCreated}",outcome="parked"}`;
    const before = await total('orders', parked);
    const bus = await connectTestBus(transport, { env: stack.serverEnv });
    try {
      await bus.publish(Subjects.TicketCreated, JSON.stringify({ not: 'a ticket' }), {
        messageId: `malformed-${transport}`,
      });
      await eventually(
        'orders to park it',
        () => total('orders', parked),
        (count) => count === before + 1,
      );
    } finally {
      await bus.close();
    }
  });
});
