// The client's journey in a real browser (playwright-core driving Debian's Chromium), against
// the whole stack with the production build of the client behind the gateway.
import { join } from 'node:path';

import { freePort } from '@ticketing/dev-infra';
import { type Stack, startStack } from '@ticketing/dev-stack';
import { runBrowserJourney } from '@ticketing/test-kit';

const rootDir = join(__dirname, '..', '..', '..');

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    rootDir,
    transport: 'nats-streaming',
    replicas: 1,
    port: await freePort(),
    expirationWindowSeconds: 900,
    client: 'start',
    env: {},
    logLevel: 'warn',
  });
}, 180_000);
afterAll(() => stack?.stop());

it('takes a seller and a buyer through the marketplace in a real browser', async () => {
  const result = await runBrowserJourney({
    rootDir,
    baseUrl: stack.url.replace('localhost', '127.0.0.1'),
  });

  expect(result).toEqual({
    code: 0,
    last: expect.arrayContaining([expect.stringMatching(/^PASS journey/)]),
  });
}, 300_000);
