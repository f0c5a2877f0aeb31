// A job whose publish fails is retried with backoff until the bus takes the event, and each
// failure is logged. The failing part is the bus (a real one that refuses its first two
// publishes); the queue, the worker and the publisher are the real ones.
import { setTimeout as sleep } from 'node:timers/promises';

import type { EventBus, Transport } from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';

import {
  connectTestBus,
  publishOrderCreated,
  recordAnnouncements,
  transports,
} from '../../test/bus';
import { captureLogs } from '../../test/capture-logs';
import { buildOrderCreated } from '../../test/factories';
import { FailingPublishes } from '../../test/failing-publishes';
import { startInProcess } from '../../test/in-process';
import { startServers } from '../../test/servers';
import { waitFor } from '../../test/wait-for';
import { retryDelayMs } from '../expiration-queue';

const retry = { firstDelayMs: 200, maxDelayMs: 1_000 };

describe('the retry delay', () => {
  it('doubles after each failure and stops growing at its cap', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attemptsMade) => retryDelayMs(attemptsMade, retry));

    expect(delays).toEqual([200, 400, 800, 1_000, 1_000, 1_000]);
  });
});

describe.each(transports)('a publish that fails on %s', (transport: Transport) => {
  let servers: Infra;
  let buses: EventBus[];

  beforeEach(async () => {
    servers = await startServers(transport);
    buses = [];
  });

  afterEach(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await servers.stop();
  });

  const connect = async () => {
    const bus = await connectTestBus(transport, servers.env);
    buses.push(bus);
    return bus;
  };

  it('is retried with backoff, logged, and announces the order once when it succeeds', async () => {
    const { logger, lines } = captureLogs();
    const serviceBus = new FailingPublishes(await connect(), 2);
    const service = await startInProcess({
      redisUrl: servers.env.REDIS_URL ?? '',
      bus: serviceBus,
      logger,
      retry,
    });
    const orders = await connect();
    const announcements = await recordAnnouncements(orders);
    const order = buildOrderCreated({ expiresInMs: 500 });

    await publishOrderCreated(orders, order);

    await waitFor('the announcement', () => announcements.of(order.id).length > 0);
    await sleep(1_000); // room for a duplicate
    await service.stop();
    expect(announcements.of(order.id)).toHaveLength(1);
    expect(serviceBus.publishes).toBe(3);
    const failures = lines.filter((line) => line.msg?.startsWith('could not publish'));
    expect(failures).toEqual([
      expect.objectContaining({ level: 40, orderId: order.id, attemptsMade: 1 }),
      expect.objectContaining({ level: 40, orderId: order.id, attemptsMade: 2 }),
    ]);
    const waitedMs = (announcements.of(order.id)[0]?.receivedAt ?? 0) - Date.parse(order.expiresAt);
    expect(waitedMs).toBeGreaterThanOrEqual(retryDelayMs(1, retry) + retryDelayMs(2, retry));
  });
});
