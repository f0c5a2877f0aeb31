import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { createTestDatabase, type TestDatabase } from '@ticketing/test-kit';

const AUTH_DIR = join(__dirname, '..', '..');

/** A loopback port nothing listens on. */
const unusedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Runs src/index.ts as the container would run dist/index.js, with only `env` set. */
function startAuth(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(AUTH_DIR, 'src', 'index.ts')],
    {
      cwd: AUTH_DIR,
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

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the auth process', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  test('with its configuration missing, it exits 1 naming every missing variable', async () => {
    const { child, output } = startAuth({});

    const code = await exitCodeOf(child);

    expect(code).toBe(1);
    expect(output.stderr).toContain('MONGO_URI is required');
    expect(output.stderr).toContain('JWT_KEY is required');
  });

  test('it serves once connected, and on SIGTERM closes everything and exits 0', async () => {
    const port = await unusedPort();
    const mongoUri = `${(process.env.MONGO_URI ?? '').replace(/\/?$/, '/')}${database.name}`;
    const { child, output } = startAuth({
      PORT: String(port),
      MONGO_URI: mongoUri,
      JWT_KEY: 'process-test-key-of-at-least-32-characters',
      COOKIE_SECURE: 'false',
    });
    try {
      await waitFor(() => output.stdout.includes('"msg":"listening"'), 'the listening log line');

      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      const signup = await fetch(`http://127.0.0.1:${port}/api/users/signup`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'process@example.com', password: 'password123' }),
      });
      child.kill('SIGTERM');
      const code = await exitCodeOf(child);

      expect(ready.status).toBe(200);
      expect(signup.status).toBe(201);
      expect(code).toBe(0);
      expect(output.stdout).toContain('"msg":"connected to MongoDB"');
      expect(output.stdout).toContain('"step":"http server","msg":"closed"');
      expect(output.stdout).toContain('"step":"mongo","msg":"closed"');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
