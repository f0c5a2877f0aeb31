import express from 'express';
import request from 'supertest';

import { errorHandler, notFound } from '..';

function buildApp() {
  const app = express();
  app.get('/api/tickets', (_req, res) => {
    res.json([]);
  });
  app.use(notFound);
  app.use(errorHandler);
  return app;
}

describe('notFound', () => {
  test.each(['get', 'post', 'delete'] as const)(
    'an unknown route answers %s with 404 Not Found',
    async (method) => {
      const response = await request(buildApp())[method]('/api/nowhere');

      expect(response.status).toBe(404);
      expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
    },
  );

  test('a known route is not affected', async () => {
    const response = await request(buildApp()).get('/api/tickets');

    expect(response.status).toBe(200);
  });
});
