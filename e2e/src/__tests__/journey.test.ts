// The whole platform, as a user sees it: every request goes through the gateway, like the
// browser's through the ingress. Runs on both event-bus transports with 2 replicas per
// service, so queue groups and replicated listeners are exercised for real.
import { join } from 'node:path';

import { freePort } from '@ticketing/dev-infra';
import { type Stack, startStack, type Transport } from '@ticketing/dev-stack';
import { runPurchaseJourney, UserAgent } from '@ticketing/test-kit';

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

  it('sells, reserves, expires, sells again and completes a ticket', async () => {
    await runPurchaseJourney({
      newUser: () => new UserAgent(stack.url),
      runId: transport,
      expiryTimeoutMs: 20_000,
      expect,
    });
  });
});
