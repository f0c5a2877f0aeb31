import { createTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { testApp } from '../test/app';

const app = testApp();

describe('health probes', () => {
  test('/healthz answers 200 whether or not the database is connected', async () => {
    const response = await request(app).get('/healthz');

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ status: 'ok' });
  });

  test('/readyz answers 200 only while MongoDB is connected', async () => {
    const before = await request(app).get('/readyz');
    const database = await createTestDatabase();
    const connected = await request(app).get('/readyz');
    await database.drop();
    const after = await request(app).get('/readyz');

    expect(before.status).toBe(503);
    expect(before.body).toStrictEqual({ errors: [{ message: 'mongo is not ready' }] });
    expect(connected.status).toBe(200);
    expect(after.status).toBe(503);
  });
});
