import express from 'express';
import mongoose from 'mongoose';
import request from 'supertest';

import { healthRoutes, mongoReadiness } from '..';
import { useMongoServer } from './mongo-server';

const mongoUri = useMongoServer();

function buildApp(connection: mongoose.Connection) {
  const app = express();
  app.use(healthRoutes({ checks: { mongo: mongoReadiness(connection) } }));
  return app;
}

describe('mongoReadiness', () => {
  test('the service is ready only while its connection is open', async () => {
    const connection = mongoose.createConnection();
    const app = buildApp(connection);

    const beforeOpening = await request(app).get('/readyz');
    await connection.openUri(mongoUri(), { dbName: 'kit_readiness_test' });
    const whileOpen = await request(app).get('/readyz');
    await connection.close();
    const afterClosing = await request(app).get('/readyz');

    expect(beforeOpening.status).toBe(503);
    expect(whileOpen.status).toBe(200);
    expect(afterClosing.status).toBe(503);
    expect(afterClosing.body).toStrictEqual({ errors: [{ message: 'mongo is not ready' }] });
  });
});
