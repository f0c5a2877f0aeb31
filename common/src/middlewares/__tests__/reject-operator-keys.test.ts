import express from 'express';
import request from 'supertest';

import { errorHandler, jsonBody, rejectOperatorKeys } from '..';

function buildApp() {
  const reached: unknown[] = [];
  const app = express();
  app.use(jsonBody(), rejectOperatorKeys);
  app.post('/api/users/signin', (req, res) => {
    reached.push(req.body);
    res.json({});
  });
  app.get('/api/tickets', (_req, res) => {
    res.json([]);
  });
  app.use(errorHandler);
  return { app, reached };
}

const MESSAGE = 'Keys may not start with "$" or contain "."';

describe('rejectOperatorKeys', () => {
  test.each([
    ['an operator object in a field', { email: { $gt: '' }, password: 'x' }, 'email.$gt'],
    ['an operator at the top level', { $where: 'sleep(1000)' }, '$where'],
    [
      'an operator nested in arrays and objects',
      { filter: { and: [{ ok: 1 }, { nested: { $where: 'sleep(1000)' } }] } },
      'filter.and[1].nested.$where',
    ],
    ['a dotted key', { 'profile.isAdmin': true }, 'profile.isAdmin'],
  ])('%s gives 400 and never reaches the handler', async (_name, payload, field) => {
    const { app, reached } = buildApp();

    const response = await request(app).post('/api/users/signin').send(payload);

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message: MESSAGE, field }] });
    expect(reached).toHaveLength(0);
  });

  test('an operator key under thousands of nested arrays is found without overflowing', async () => {
    const { app } = buildApp();
    const depth = 5000;
    const body = `${'['.repeat(depth)}{"$where":"1"}${']'.repeat(depth)}`;

    const response = await request(app)
      .post('/api/users/signin')
      .set('Content-Type', 'application/json')
      .send(body);

    expect(response.status).toBe(400);
  });

  test('dollar signs and dots in values are fine', async () => {
    const { app, reached } = buildApp();
    const payload = { email: 'a.b@example.com', password: '$ecret.pass' };

    const response = await request(app).post('/api/users/signin').send(payload);

    expect(response.status).toBe(200);
    expect(reached).toStrictEqual([payload]);
  });

  test('a request without a body passes', async () => {
    const { app } = buildApp();

    const response = await request(app).get('/api/tickets');

    expect(response.status).toBe(200);
  });
});
