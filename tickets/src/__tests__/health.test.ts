import { createTestDatabase, type TestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { type TestApp, testApp } from '../test/app';

let database: TestDatabase | undefined;
let context: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
});
beforeEach(() => {
  context = testApp();
});
afterAll(async () => {
  await database?.drop();
});

describe('health probes', () => {
  test('/healthz answers 200 while the process is up', async () => {
    const response = await request(context.app).get('/healthz');

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ status: 'ok' });
  });

  test('/readyz answers 200 while MongoDB and the event bus are connected', async () => {
    const response = await request(context.app).get('/readyz');

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ status: 'ok' });
  });

  test('/readyz answers 503 naming the event bus once its connection has ended', async () => {
    await context.bus.close();

    const response = await request(context.app).get('/readyz');

    expect(response.status).toBe(503);
    expect(response.body).toStrictEqual({ errors: [{ message: 'event bus is not ready' }] });
  });

  test('/readyz answers 503 naming MongoDB once it is disconnected', async () => {
    await database?.drop();
    database = undefined;

    const response = await request(context.app).get('/readyz');
    const live = await request(context.app).get('/healthz');

    expect(response.status).toBe(503);
    expect(response.body).toStrictEqual({ errors: [{ message: 'mongo is not ready' }] });
    expect(live.status).toBe(200);
  });
});
