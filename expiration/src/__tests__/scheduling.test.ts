// The service as it runs in production (its own process, from src/index.ts) against real
// Redis and a real bus, once per transport. The test plays the orders service: it publishes
// order:created and counts the expiration:complete events that come back. On JetStream the bus
// also drops a second publish with the same message id; NATS Streaming has no such net, so
// there the job id alone keeps an order from being announced twice.
import { setTimeout as sleep } from 'node:timers/promises';

import type { Transport } from '@ticketing/common';

import { transports } from '../test/bus';
import { buildOrderCreated } from '../test/factories';
import { DUPLICATE_WINDOW_MS, useServiceHarness } from '../test/service-harness';
import { waitFor } from '../test/wait-for';

// Each test starts the service once or twice, and waits for real expirations.
jest.setTimeout(60_000);

describe.each(transports)('the expiration service on %s', (transport: Transport) => {
  const harness = useServiceHarness(transport);

  it('announces an order expiring in 1 s once, within 1 s after it expires', async () => {
    await harness.startService();
    const order = buildOrderCreated({ expiresInMs: 1_000 });

    await harness.publish(order);

    await waitFor('the announcement', () => harness.announcementsOf(order.id).length > 0);
    await sleep(DUPLICATE_WINDOW_MS);
    const received = harness.announcementsOf(order.id);
    expect(received).toHaveLength(1);
    const latenessMs = (received[0]?.receivedAt ?? 0) - Date.parse(order.expiresAt);
    expect(latenessMs).toBeGreaterThanOrEqual(0);
    expect(latenessMs).toBeLessThan(1_000);
  });

  it('announces an order once when its order:created is delivered twice', async () => {
    await harness.startService();
    const order = buildOrderCreated({ expiresInMs: 1_000 });

    await harness.publish(order);
    await harness.publish(order);

    await waitFor('the announcement', () => harness.announcementsOf(order.id).length > 0);
    await sleep(DUPLICATE_WINDOW_MS);
    expect(harness.announcementsOf(order.id)).toHaveLength(1);
  });

  it('does not announce an order again when its order:created comes back after the job ran', async () => {
    const service = await harness.startService();
    const order = buildOrderCreated({ expiresInMs: 300 });
    await harness.publish(order);
    await waitFor('the announcement', () => harness.announcementsOf(order.id).length > 0);

    await harness.publish(order);

    const handled = () => service.count('event handled', { id: order.id });
    await waitFor('the late delivery to be handled', () => handled() === 2);
    await sleep(DUPLICATE_WINDOW_MS);
    expect(harness.announcementsOf(order.id)).toHaveLength(1);
  });
});
