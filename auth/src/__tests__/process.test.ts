import { join } from 'node:path';

import {
  createTestDatabase,
  startServiceProcess,
  type TestDatabase,
  unusedPort,
} from '@ticketing/test-kit';

const AUTH_DIR = join(__dirname, '..', '..');

describe('the auth process', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  test('with its configuration missing, it exits 1 naming every missing variable', async () => {
    const auth = startServiceProcess(AUTH_DIR, {});

    const code = await auth.exited;

    expect(code).toBe(1);
    expect(auth.output.stderr).toContain('MONGO_URI is required');
    expect(auth.output.stderr).toContain('JWT_KEY is required');
  });

  test('it serves once connected, and on SIGTERM closes everything and exits 0', async () => {
    const port = await unusedPort();
    const mongoUri = `${(process.env.MONGO_URI ?? '').replace(/\/?$/, '/')}${database.name}`;
    const auth = startServiceProcess(AUTH_DIR, {
      PORT: String(port),
      MONGO_URI: mongoUri,
      JWT_KEY: 'process-test-key-of-at-least-32-characters',
      COOKIE_SECURE: 'false',
    });
    try {
      await auth.listening();

      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      const signup = await fetch(`http://127.0.0.1:${port}/api/users/signup`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'process@example.com', password: 'password123' }),
      });
      const code = await auth.stop('SIGTERM');

      expect(ready.status).toBe(200);
      expect(signup.status).toBe(201);
      expect(code).toBe(0);
      expect(auth.output.stdout).toContain('"msg":"connected to MongoDB"');
      expect(auth.output.stdout).toContain('"step":"http server","msg":"closed"');
      expect(auth.output.stdout).toContain('"step":"mongo","msg":"closed"');
    } finally {
      await auth.stop('SIGKILL');
    }
  });
});
