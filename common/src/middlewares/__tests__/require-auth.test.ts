import express from 'express';
import request from 'supertest';

import { currentUser, errorHandler, requireAuth, sessionCookie, signUserJwt } from '..';

const JWT_KEY = 'require-auth-test-key';
const USER = { id: '64b7f0c2a1b2c3d4e5f60718', email: 'seller@example.com' };

function buildApp() {
  const app = express();
  app.use(sessionCookie({ secure: false }), currentUser(JWT_KEY));
  app.post('/api/tickets', requireAuth, (req, res) => {
    res.status(201).json({ userId: req.currentUser?.id });
  });
  app.use(errorHandler);
  return app;
}

function sessionCookieFor(token: string): string {
  return `session=${Buffer.from(JSON.stringify({ jwt: token })).toString('base64')}`;
}

describe('requireAuth', () => {
  test('a caller who is not signed in gets 401 Not authorized', async () => {
    const response = await request(buildApp()).post('/api/tickets');

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
  });

  test('a caller whose token has expired gets 401', async () => {
    const expired = signUserJwt(USER, JWT_KEY, -60);

    const response = await request(buildApp())
      .post('/api/tickets')
      .set('Cookie', sessionCookieFor(expired));

    expect(response.status).toBe(401);
  });

  test('a signed-in caller reaches the route as the current user', async () => {
    const token = signUserJwt(USER, JWT_KEY, 900);

    const response = await request(buildApp())
      .post('/api/tickets')
      .set('Cookie', sessionCookieFor(token));

    expect(response.status).toBe(201);
    expect(response.body).toStrictEqual({ userId: USER.id });
  });
});
