import express from 'express';
import request from 'supertest';

import { healthRoutes, type ReadinessCheck } from '..';

function buildApp(checks: Record<string, ReadinessCheck>) {
  const app = express();
  app.use(healthRoutes({ checks, timeoutMs: 200 }));
  return app;
}

const never = () => new Promise<boolean>(() => undefined);

describe('healthRoutes', () => {
  test('/healthz answers 200 even when a dependency is down', async () => {
    const response = await request(buildApp({ mongo: () => false })).get('/healthz');

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ status: 'ok' });
  });

  test('/readyz answers 200 when every check passes', async () => {
    const app = buildApp({ mongo: () => true, 'event bus': async () => true });

    const response = await request(app).get('/readyz');

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ status: 'ok' });
  });

  test('/readyz answers 503 naming each check that failed, in the error shape', async () => {
    const app = buildApp({ mongo: () => false, 'event bus': async () => false, redis: () => true });

    const response = await request(app).get('/readyz');

    expect(response.status).toBe(503);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'mongo is not ready' }, { message: 'event bus is not ready' }],
    });
  });

  test('a check that throws or rejects counts as failed', async () => {
    const app = buildApp({
      thrower: () => {
        throw new Error('boom');
      },
      rejecter: () => Promise.reject(new Error('boom')),
    });

    const response = await request(app).get('/readyz');

    expect(response.status).toBe(503);
    expect(response.body.errors).toHaveLength(2);
  });

  test('a check that hangs counts as failed once its time is up', async () => {
    const started = Date.now();

    const response = await request(buildApp({ slow: never, fast: () => true })).get('/readyz');

    expect(response.status).toBe(503);
    expect(response.body).toStrictEqual({ errors: [{ message: 'slow is not ready' }] });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('with no checks the service is ready', async () => {
    expect((await request(buildApp({})).get('/readyz')).status).toBe(200);
  });
});
