import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type RunningServer, STAN_CLUSTER_ID, startServer } from '@ticketing/dev-infra';
import { pino } from 'pino';

import { ConfigError } from '../../../service/read-config';
import { connectEventBus } from '../connect-bus';
import type { EventBus, Transport } from '../event-bus';
import { type EventBusConfig, eventBusConfigFromEnv } from '../event-bus-config';

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** A loopback port nothing listens on (until a test starts a server there). */
const unusedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const configFor = (transport: Transport, port: number): EventBusConfig => {
  const url = `nats://127.0.0.1:${port}`;
  return transport === 'nats-streaming'
    ? { transport, url, clusterId: STAN_CLUSTER_ID, clientId: 'connect-test' }
    : { transport, url, clientId: 'connect-test' };
};

describe('the event bus configuration from the environment', () => {
  it('defaults to NATS Streaming and gives each process its own client id', () => {
    const env = { STAN_URL: 'nats://stan:4222', STAN_CLUSTER_ID: 'ticketing' };

    const first = eventBusConfigFromEnv(env, 'orders');
    const second = eventBusConfigFromEnv(env, 'orders');

    expect(first).toMatchObject({
      transport: 'nats-streaming',
      url: env.STAN_URL,
      clusterId: 'ticketing',
    });
    expect(first.clientId).toMatch(/^orders-[0-9a-f]{8}$/);
    expect(second.clientId).not.toBe(first.clientId);
  });

  it('selects JetStream with EVENT_BUS=jetstream', () => {
    const config = eventBusConfigFromEnv(
      { EVENT_BUS: 'jetstream', NATS_URL: 'nats://nats:4222' },
      'tickets',
    );

    expect(config).toMatchObject({ transport: 'jetstream', url: 'nats://nats:4222' });
  });

  it('names every missing variable in one ConfigError', () => {
    const problemsFor = (env: NodeJS.ProcessEnv) => {
      try {
        eventBusConfigFromEnv(env, 'orders');
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      throw new Error('expected a ConfigError');
    };

    expect(problemsFor({})).toStrictEqual([
      'STAN_URL is required (EVENT_BUS=nats-streaming)',
      'STAN_CLUSTER_ID is required (EVENT_BUS=nats-streaming)',
    ]);
    expect(problemsFor({ EVENT_BUS: 'jetstream' })).toStrictEqual([
      'NATS_URL is required (EVENT_BUS=jetstream)',
    ]);
    expect(problemsFor({ EVENT_BUS: 'kafka' })).toStrictEqual([
      'EVENT_BUS must be one of nats-streaming, jetstream',
    ]);
  });
});

describe.each(['nats-streaming', 'jetstream'] as const)('connecting to %s', (transport) => {
  const serverName = transport === 'nats-streaming' ? 'stan' : 'nats';
  let workDir: string;
  let server: RunningServer | undefined;
  let bus: EventBus | undefined;

  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'events-connect-'));
  });

  afterEach(async () => {
    await bus?.close();
    await server?.stop();
    bus = server = undefined;
    rmSync(workDir, { recursive: true, force: true });
  });

  it('logs every attempt and gives up after the last one', async () => {
    const { logger, lines } = captureLogs();
    const config = configFor(transport, await unusedPort());

    const connecting = connectEventBus({ ...config, logger, connectAttempts: 2, retryDelayMs: 10 });

    await expect(connecting).rejects.toThrow();
    const attempts = lines.filter((line) => line.msg === 'connecting to the event bus');
    expect(attempts.map((line) => line.attempt)).toEqual([1, 2]);
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'could not connect to the event bus' });
  });

  it('keeps trying until a server that starts late is up', async () => {
    const { logger, lines } = captureLogs();
    const port = await unusedPort();

    const connecting = connectEventBus({
      ...configFor(transport, port),
      logger,
      retryDelayMs: 100,
    });
    // The server starts only once an attempt has failed: started at once, it can be up before
    // the first attempt on a busy machine, and there would be nothing to keep trying for.
    const deadline = Date.now() + 10_000;
    while (!lines.some((line) => line.msg === 'event bus not reachable')) {
      if (Date.now() > deadline) throw new Error('no failed attempt was logged within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    server = await startServer(serverName, { workDir, port });
    bus = await connecting;

    expect(lines.map((line) => line.msg)).toContain('event bus not reachable');
    expect(lines.at(-1)).toMatchObject({ msg: 'connected to the event bus', transport });
  });
});
