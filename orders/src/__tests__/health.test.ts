import { mongoReadiness } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';
import request from 'supertest';

import { testService } from '../test/app';

useTestDatabase();

const serviceWithBus = (busConnected: boolean) =>
  testService({
    readiness: { mongo: mongoReadiness(mongoose.connection), 'event bus': () => busConnected },
  }).app;

describe('health probes', () => {
  test('/healthz answers 200 while the process runs', async () => {
    const response = await request(serviceWithBus(false)).get('/healthz');

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ status: 'ok' });
  });

  test('/readyz answers 200 while MongoDB and the event bus are connected', async () => {
    const response = await request(serviceWithBus(true)).get('/readyz');

    expect(response.status).toBe(200);
  });

  test('/readyz answers 503 naming the event bus once it is disconnected', async () => {
    const response = await request(serviceWithBus(false)).get('/readyz');

    expect(response.status).toBe(503);
    expect(response.body).toStrictEqual({ errors: [{ message: 'event bus is not ready' }] });
  });

  test('an unknown route gets 404 in the error shape', async () => {
    const response = await request(serviceWithBus(true)).get('/api/orders/x/y');

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
  });
});
