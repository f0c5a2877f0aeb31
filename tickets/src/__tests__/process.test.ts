import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { connectEventBus, type EventBus, Subjects, uniqueClientId } from '@ticketing/common';
import { startInfra } from '@ticketing/dev-infra';
import { createTestDatabase, type TestDatabase } from '@ticketing/test-kit';
import { pino } from 'pino';

import type { TicketJson } from '../models/ticket';
import { JWT_KEY } from '../test/app';
import { newUser, sessionCookieFor } from '../test/session';
import { waitFor } from '../test/waiting';

const TICKETS_DIR = join(__dirname, '..', '..');

/** A loopback port nothing listens on. */
const unusedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Runs src/index.ts as the container runs dist/index.js, with only `env` set. */
function startTickets(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(TICKETS_DIR, 'src', 'index.ts')],
    {
      cwd: TICKETS_DIR,
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  return { child, output };
}

async function exitCodeOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

// Starting a TypeScript process takes seconds, and far more on a loaded CI machine.
describe('the tickets process', () => {
  let database: TestDatabase;
  let stan: Record<string, string>;
  let stopServers: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    const infra = await startInfra(['stan']);
    stan = infra.env;
    stopServers = infra.stop;
  }, 60_000);

  afterAll(async () => {
    await stopServers();
    await database.drop();
  });

  test('with its configuration missing, it exits 1 naming every missing variable', async () => {
    const { child, output } = startTickets({});

    const code = await exitCodeOf(child);

    expect(code).toBe(1);
    expect(output.stderr).toContain('MONGO_URI is required');
    expect(output.stderr).toContain('JWT_KEY is required');
    expect(output.stderr).toContain('STAN_URL, STAN_CLUSTER_ID');
  }, 60_000);

  test('it serves and reserves on order:created; on SIGTERM it closes everything in order and exits 0', async () => {
    const port = await unusedPort();
    const base = `http://127.0.0.1:${port}`;
    const { child, output } = startTickets({
      PORT: String(port),
      MONGO_URI: `${(process.env.MONGO_URI ?? '').replace(/\/?$/, '/')}${database.name}`,
      JWT_KEY,
      STAN_URL: stan.STAN_URL ?? '',
      STAN_CLUSTER_ID: stan.STAN_CLUSTER_ID ?? '',
    });
    let orders: EventBus | undefined;
    try {
      await waitFor(
        () => output.stdout.includes('"msg":"listening"'),
        'the listening log line',
        45_000,
      );

      const ready = await fetch(`${base}/readyz`);
      const created = await fetch(`${base}/api/tickets`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: sessionCookieFor(newUser()) },
        body: JSON.stringify({ title: 'Concert', price: 20 }),
      });
      const ticket = (await created.json()) as TicketJson;
      orders = await connectEventBus({
        transport: 'nats-streaming',
        url: stan.STAN_URL ?? '',
        clusterId: stan.STAN_CLUSTER_ID ?? '',
        clientId: uniqueClientId('orders-test'),
        logger: pino({ level: 'silent' }),
      });
      const orderId = randomUUID();
      await orders.publish(
        Subjects.OrderCreated,
        JSON.stringify({
          id: orderId,
          version: 0,
          status: 'created',
          userId: 'buyer-id',
          expiresAt: new Date(Date.now() + 900_000).toISOString(),
          ticket: { id: ticket.id, price: 20 },
        }),
        { messageId: randomUUID() },
      );
      let shown: TicketJson | undefined;
      await waitFor(async () => {
        shown = (await (await fetch(`${base}/api/tickets/${ticket.id}`)).json()) as TicketJson;
        return shown.orderId === orderId;
      }, 'the reservation');
      child.kill('SIGTERM');
      const code = await exitCodeOf(child);

      expect(ready.status).toBe(200);
      expect(created.status).toBe(201);
      expect(shown).toMatchObject({ id: ticket.id, orderId, version: 1 });
      expect(code).toBe(0);
      const closed = [...output.stdout.matchAll(/"step":"([^"]+)","msg":"closed"/g)].map(
        (m) => m[1],
      );
      expect(closed).toEqual(['http server', 'event bus', 'outbox relay', 'mongo']);
    } finally {
      await orders?.close();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
