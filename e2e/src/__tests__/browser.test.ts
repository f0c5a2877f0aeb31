// The client's journey in a real browser (playwright-core driving Debian's Chromium), against
// the whole stack with the production build of the client behind the gateway.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { freePort } from '@ticketing/dev-infra';
import { type Stack, startStack } from '@ticketing/dev-stack';

const rootDir = join(__dirname, '..', '..', '..');
const clientDir = join(rootDir, 'client');

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
  const journey = spawn(
    process.execPath,
    ['--require', 'ts-node/register/transpile-only', join('e2e', 'journey.ts')],
    {
      cwd: clientDir,
      env: {
        ...process.env,
        BASE_URL: stack.url.replace('localhost', '127.0.0.1'),
        TS_NODE_PROJECT: join(clientDir, 'e2e', 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  journey.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  journey.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const [code] = (await once(journey, 'exit')) as [number | null];

  expect({ code, last: output.trim().split('\n').slice(-5) }).toEqual({
    code: 0,
    last: expect.arrayContaining([expect.stringMatching(/^PASS journey/)]),
  });
}, 300_000);
