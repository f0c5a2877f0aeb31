import express from 'express';
import request from 'supertest';

import { errorHandler, jsonBody } from '..';

function buildApp(limit?: string) {
  const app = express();
  app.use(jsonBody(limit));
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  app.use(errorHandler);
  return app;
}

describe('jsonBody', () => {
  test('a JSON body within the limit is parsed', async () => {
    const response = await request(buildApp()).post('/echo').send({ title: 'concert' });

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ title: 'concert' });
  });

  test('a body that is not valid JSON gives 400', async () => {
    const response = await request(buildApp())
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send('{"title": ');

    expect(response.status).toBe(400);
    expect(response.text).toBe('{"errors":[{"message":"Request body is not valid JSON"}]}');
  });

  test('a body over the default 16kb limit gives 413', async () => {
    const response = await request(buildApp())
      .post('/echo')
      .send({ title: 'x'.repeat(17 * 1024) });

    expect(response.status).toBe(413);
    expect(response.text).toBe('{"errors":[{"message":"Request body too large"}]}');
  });

  test('a body over a custom limit gives 413', async () => {
    const response = await request(buildApp('1kb'))
      .post('/echo')
      .send({ title: 'x'.repeat(2 * 1024) });

    expect(response.status).toBe(413);
  });
});
