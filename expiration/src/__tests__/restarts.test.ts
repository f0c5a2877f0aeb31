// The service is killed (SIGKILL, as when its node dies) or stopped (SIGTERM) and started
// again: scheduled jobs live in Redis, so none is lost and none fires twice. The service runs
// as its own process from src/index.ts, against real Redis and a real bus, per transport.
import { setTimeout as sleep } from 'node:timers/promises';

import type { Transport } from '@ticketing/common';

import { transports } from '../test/bus';
import { buildOrderCreated } from '../test/factories';
import { DUPLICATE_WINDOW_MS, useServiceHarness } from '../test/service-harness';
import { waitFor } from '../test/wait-for';

// Each test starts the service once or twice, and waits for real expirations.
jest.setTimeout(60_000);

describe.each(transports)('restarting the expiration service on %s', (transport: Transport) => {
  const harness = useServiceHarness(transport);

  it('announces an order once when the service is killed between scheduling and firing', async () => {
    const first = await harness.startService();
    const order = buildOrderCreated({ expiresInMs: 4_000 });
    await harness.publish(order);
    await harness.scheduled(first, order.id);

    await first.stop('SIGKILL');
    const second = await harness.startService();

    await waitFor('the announcement', () => harness.announcementsOf(order.id).length > 0);
    await sleep(DUPLICATE_WINDOW_MS);
    expect(harness.announcementsOf(order.id)).toHaveLength(1);
    const [announcement] = harness.announcementsOf(order.id);
    expect(announcement?.receivedAt).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
    expect(second.logged('expiration:complete published', { orderId: order.id })).toBe(true);
  });

  it('announces at once on start an order whose time passed while the service was down', async () => {
    const first = await harness.startService();
    const order = buildOrderCreated({ expiresInMs: 1_000 });
    await harness.publish(order);
    await harness.scheduled(first, order.id);
    await first.stop('SIGKILL');

    await sleep(Date.parse(order.expiresAt) + 1_000 - Date.now());
    expect(harness.announcementsOf(order.id)).toHaveLength(0);
    await harness.startService();
    const readyAt = Date.now();

    await waitFor('the announcement', () => harness.announcementsOf(order.id).length > 0);
    expect((harness.announcementsOf(order.id)[0]?.receivedAt ?? 0) - readyAt).toBeLessThan(1_000);
    await sleep(DUPLICATE_WINDOW_MS);
    expect(harness.announcementsOf(order.id)).toHaveLength(1);
  });

  it('stops cleanly on SIGTERM', async () => {
    const service = await harness.startService();

    const exitCode = await service.stop('SIGTERM');

    expect(exitCode).toBe(0);
    for (const step of ['running jobs', 'event bus', 'queue', 'redis', 'http server']) {
      expect(service.logged('closed', { step })).toBe(true);
    }
  });
});
