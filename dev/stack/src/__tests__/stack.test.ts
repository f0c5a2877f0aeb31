// What drills ask of a running stack: end a service and bring it back behind the gateway,
// take a backing server away and back, and give every service extra settings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort } from '@ticketing/dev-infra';

import { type Stack, startStack } from '../stack';

jest.setTimeout(120_000);

const argumentsOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');

const status = async (url: string, init?: RequestInit) => (await fetch(url, init)).status;

const signUp = (url: string, email: string) =>
  status(`${url}/api/users/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'password-1' }),
  });

describe('a running stack', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      rootDir: join(__dirname, '..', '..', '..', '..'),
      transport: 'nats-streaming',
      replicas: 1,
      port: await freePort(),
      expirationWindowSeconds: 60,
      client: 'off',
      env: {},
      logLevel: 'warn',
      extraEnv: { SIGNUP_RATE_LIMIT_MAX: '1' },
    });
  });
  afterAll(() => stack?.stop());

  it('passes extra settings to every service', async () => {
    expect(await signUp(stack.url, 'first@test.dev')).toBe(201);
    expect(await signUp(stack.url, 'second@test.dev')).toBe(429);
  });

  it('kills a service and restarts it on the port the gateway routes to', async () => {
    const before = stack.parts.find((part) => part.label === 'orders')?.pid;

    await stack.kill('orders');
    expect(await status(`${stack.url}/api/orders`)).toBe(502);
    const after = await stack.restart('orders');

    expect(after.pid).not.toBe(before);
    expect(stack.parts.find((part) => part.label === 'orders')).toBe(after);
    expect(await status(`${stack.url}/api/orders`)).toBe(401);
  });

  it('stops a backing server and starts it again as it was; the services stay up', async () => {
    expect(stack.servers.names).toEqual(['mongo', 'stan', 'redis', 'stripe']);
    const before = stack.servers.pid('stan') ?? -1;
    expect(argumentsOf(before)).toContain('--hb_interval=5s');

    await stack.servers.stop('stan');
    await stack.servers.start('stan');

    const after = stack.servers.pid('stan') ?? -1;
    expect(after).not.toBe(before);
    // The cluster's heartbeats, so a SIGKILLed replica's events go to the others within ~15 s.
    expect(argumentsOf(after)).toEqual(
      expect.arrayContaining(['--hb_interval=5s', '--hb_timeout=5s', '--hb_fail_count=2']),
    );
    const outcome = await Promise.race([
      stack.failure.catch((error: Error) => error.message),
      new Promise((resolve) => setTimeout(() => resolve('still up'), 2_000)),
    ]);
    expect(outcome).toBe('still up');
  });
});
