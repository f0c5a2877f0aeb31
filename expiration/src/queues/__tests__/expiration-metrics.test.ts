// The expiration queue at /metrics: jobs by state (a scheduled one is delayed until its
// order's deadline), how late each expiration:complete went out, and failed publishes.
import { type EventBus, metricsRegistry } from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';
import { seriesValue } from '@ticketing/test-kit';

import { connectTestBus, publishOrderCreated, recordAnnouncements } from '../../test/bus';
import { captureLogs } from '../../test/capture-logs';
import { buildOrderCreated } from '../../test/factories';
import { FailingPublishes } from '../../test/failing-publishes';
import { startInProcess } from '../../test/in-process';
import { startServers } from '../../test/servers';
import { waitFor } from '../../test/wait-for';

const valueOf = async (series: string): Promise<number> =>
  seriesValue(await metricsRegistry.metrics(), series) ?? 0;

const DELAYED = 'expiration_jobs{state="delayed"}';
const PUBLISHED = 'expiration_lateness_seconds_count';
const LATE_BY_LESS_THAN_5_S = 'expiration_lateness_seconds_bucket{le="5"}';
const FAILURES = 'expiration_publish_failures_total';

let servers: Infra;
const buses: EventBus[] = [];

beforeAll(async () => {
  servers = await startServers('jetstream');
});
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  await servers.stop();
});

const connect = async () => {
  const bus = await connectTestBus('jetstream', servers.env);
  buses.push(bus);
  return bus;
};

it('shows a scheduled job as delayed, then its publish, a failed attempt and its lateness', async () => {
  const service = await startInProcess({
    redisUrl: servers.env.REDIS_URL ?? '',
    bus: new FailingPublishes(await connect(), 1),
    logger: captureLogs().logger,
    retry: { firstDelayMs: 200, maxDelayMs: 1_000 },
  });
  const orders = await connect();
  const announcements = await recordAnnouncements(orders);
  const before = {
    published: await valueOf(PUBLISHED),
    inTime: await valueOf(LATE_BY_LESS_THAN_5_S),
    failures: await valueOf(FAILURES),
  };
  const order = buildOrderCreated({ expiresInMs: 1_500 });

  await publishOrderCreated(orders, order);
  await waitFor('the job scheduled', async () => (await valueOf(DELAYED)) === 1);
  await waitFor('the announcement', () => announcements.of(order.id).length > 0);
  await waitFor('the job done', async () => (await valueOf(PUBLISHED)) === before.published + 1);

  expect(await valueOf(DELAYED)).toBe(0);
  expect(await valueOf(FAILURES)).toBe(before.failures + 1);
  expect(await valueOf(LATE_BY_LESS_THAN_5_S)).toBe(before.inTime + 1);
  await service.stop();
  // A closed queue is no longer read.
  expect(await metricsRegistry.metrics()).not.toMatch(/^expiration_jobs\{/m);
});
