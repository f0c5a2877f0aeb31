// A publish that resolved is a promise to the caller: the event is stored. This kills each
// server (SIGKILL, no graceful shutdown) in the middle of a stream of publishes, starts it
// again on the same port and data directory, and checks that the subscriber gets every event
// whose publish resolved; that a service is not ready while its server is gone, and can still
// shut down then.
// Always uses servers of its own, since it kills them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { type RunningServer, type ServerName, startServer } from '@ticketing/dev-infra';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';

import { busReadiness } from '../../../service/bus-readiness';
import { healthRoutes } from '../../../service/health-routes';
import { Subjects } from '../../subjects';
import { connectEventBus } from '../connect-bus';
import type { EventBus, Transport } from '../event-bus';
import { uniqueClientId } from '../event-bus-config';

const logger = pino({ level: 'silent' });
const TOTAL = 150;
const KILL_AFTER = 40;

const connect = (transport: Transport, env: Record<string, string>): Promise<EventBus> => {
  const common = { clientId: uniqueClientId('restart'), logger, publishTimeoutMs: 2_000 };
  const reconnect = { reconnectTimeWaitMs: 100 };
  return transport === 'nats-streaming'
    ? connectEventBus({
        ...common,
        ...reconnect,
        transport,
        url: env.STAN_URL ?? '',
        clusterId: env.STAN_CLUSTER_ID ?? '',
      })
    : connectEventBus({ ...common, ...reconnect, transport, url: env.NATS_URL ?? '' });
};

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await sleep(20);
  }
}

/** Publishes 0..TOTAL-1 in order, retrying each until the server acknowledges it. */
async function publishAll(bus: EventBus, acknowledged: Set<number>): Promise<void> {
  for (let n = 0; n < TOTAL; n++) {
    for (;;) {
      try {
        await bus.publish(Subjects.PaymentCreated, JSON.stringify({ n }), { messageId: `p-${n}` });
        acknowledged.add(n);
        break;
      } catch {
        await sleep(50);
      }
    }
    await sleep(5);
  }
}

const cases: [Transport, ServerName][] = [
  ['nats-streaming', 'stan'],
  ['jetstream', 'nats'],
];

describe.each(cases)('the %s bus when its server goes away', (transport, serverName) => {
  let workDir: string;
  let server: RunningServer | undefined;
  const open: EventBus[] = [];

  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'events-restart-'));
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((bus) => bus.close()));
    await server?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('loses no event whose publish resolved when the server is killed and restarted', async () => {
    server = await startServer(serverName, { workDir });
    const { port, env } = server;
    const received = new Set<number>();
    const subscriber = await connect(transport, env);
    const publisher = await connect(transport, env);
    open.push(subscriber, publisher);
    await subscriber.subscribe({
      subject: Subjects.PaymentCreated,
      queueGroup: 'restart-test',
      ackWaitMs: 1_000,
      handler: async (message) => {
        received.add((JSON.parse(Buffer.from(message.data).toString()) as { n: number }).n);
        message.ack();
      },
    });
    const acknowledged = new Set<number>();
    const publishing = publishAll(publisher, acknowledged);

    await waitFor(() => acknowledged.size >= KILL_AFTER, 10_000);
    process.kill(server.pid, 'SIGKILL');
    await server.stop();
    server = await startServer(serverName, { workDir, port });
    await publishing;

    await waitFor(() => received.size === TOTAL, 20_000);
    expect(acknowledged.size).toBe(TOTAL);
    expect([...received].sort((a, b) => a - b)).toEqual([...Array(TOTAL).keys()]);
  });

  it('makes the service not ready while the server is down, and ready once it is back', async () => {
    server = await startServer(serverName, { workDir });
    const { port, env } = server;
    const bus = await connect(transport, env);
    open.push(bus);
    const app = express().use(healthRoutes({ checks: { 'event bus': busReadiness(bus) } }));
    const readiness = async () => (await request(app).get('/readyz')).status;
    const before = await readiness();

    process.kill(server.pid, 'SIGKILL');
    await server.stop();
    await waitFor(() => !bus.isConnected(), 10_000);
    const whileDown = await request(app).get('/readyz');
    server = await startServer(serverName, { workDir, port });
    await waitFor(() => bus.isConnected(), 20_000);

    expect(before).toBe(200);
    expect(whileDown.status).toBe(503);
    expect(whileDown.body).toStrictEqual({ errors: [{ message: 'event bus is not ready' }] });
    expect(await readiness()).toBe(200);
  });

  it('still closes, within seconds, while the server is down', async () => {
    server = await startServer(serverName, { workDir });
    const bus = await connect(transport, server.env);
    await bus.subscribe({
      subject: Subjects.PaymentCreated,
      queueGroup: 'outage-test',
      ackWaitMs: 1_000,
      handler: async (message) => message.ack(),
    });
    process.kill(server.pid, 'SIGKILL');
    await server.stop();

    const started = Date.now();
    await bus.close();

    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(bus.closed()).resolves.toBeUndefined();
  });
});
