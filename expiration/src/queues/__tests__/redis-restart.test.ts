// Redis restarts (as when its pod is rescheduled): the service reconnects by itself and the
// jobs it had scheduled are still there, on the append-only file, and fire.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { EventBus } from '@ticketing/common';
import { type Infra, type RunningServer, startInfra, startServer } from '@ticketing/dev-infra';

import { connectTestBus, publishOrderCreated, recordAnnouncements } from '../../test/bus';
import { captureLogs } from '../../test/capture-logs';
import { buildOrderCreated } from '../../test/factories';
import { startInProcess } from '../../test/in-process';
import { waitFor } from '../../test/wait-for';

let workDir: string;
let stan: Infra;
let redis: RunningServer | undefined;
const buses: EventBus[] = [];

beforeEach(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'expiration-redis-'));
  stan = await startInfra(['stan']);
  redis = await startServer('redis', { workDir });
});

afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
  await redis?.stop();
  await stan.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const connect = async () => {
  const bus = await connectTestBus('nats-streaming', stan.env);
  buses.push(bus);
  return bus;
};

it('fires a job that fell due while Redis was restarting, once, after Redis is back', async () => {
  const { logger, lines } = captureLogs();
  const port = redis?.port ?? 0;
  const service = await startInProcess({
    redisUrl: `redis://127.0.0.1:${port}`,
    bus: await connect(),
    logger,
  });
  const orders = await connect();
  const announcements = await recordAnnouncements(orders);
  const order = buildOrderCreated({ expiresInMs: 1_500 });
  await publishOrderCreated(orders, order);
  await waitFor('the order to be scheduled', () =>
    lines.some((line) => line.msg === 'event handled' && line.id === order.id),
  );

  await redis?.stop();
  await waitFor('the service to notice', () => !service.redis.isReady());
  await sleep(Date.parse(order.expiresAt) + 500 - Date.now());
  redis = await startServer('redis', { workDir, port });
  const restartedAt = Date.now();

  await waitFor('the service to reconnect', () => service.redis.isReady());
  await waitFor('the announcement', () => announcements.of(order.id).length > 0, 15_000);
  await sleep(1_000); // room for a duplicate
  await service.stop();
  expect(announcements.of(order.id)).toHaveLength(1);
  expect(announcements.of(order.id)[0]?.receivedAt).toBeGreaterThan(restartedAt);
});
