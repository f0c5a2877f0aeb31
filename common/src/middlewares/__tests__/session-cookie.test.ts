import express from 'express';
import request from 'supertest';

import {
  clearSession,
  currentUser,
  sessionCookie,
  type SessionCookieOptions,
  setSessionJwt,
  signUserJwt,
  verifyUserJwt,
} from '..';

const JWT_KEY = 'session-cookie-test-key';
const USER = { id: '64b7f0c2a1b2c3d4e5f60718', email: 'buyer@example.com' };

function buildApp(options?: SessionCookieOptions) {
  const app = express();
  // The ingress terminates TLS; Express learns the request was HTTPS from X-Forwarded-Proto.
  app.set('trust proxy', true);
  app.use(sessionCookie(options), currentUser(JWT_KEY));
  app.post('/api/users/signin', (req, res) => {
    setSessionJwt(req, signUserJwt(USER, JWT_KEY, 900));
    res.json(USER);
  });
  app.post('/api/users/signout', (req, res) => {
    clearSession(req);
    res.json({});
  });
  app.get('/api/users/currentuser', (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });
  return app;
}

async function signIn(options: SessionCookieOptions | undefined, protocol: 'http' | 'https') {
  const response = await request(buildApp(options))
    .post('/api/users/signin')
    .set('X-Forwarded-Proto', protocol);
  return response.get('Set-Cookie') ?? [];
}

describe('sessionCookie', () => {
  test('signing in over HTTPS sets the session cookie with the contract attributes', async () => {
    const [cookie, ...others] = await signIn(undefined, 'https');

    expect(others).toHaveLength(0);
    expect(cookie).toMatch(/^session=[A-Za-z0-9+/=]+;/);
    expect(cookie).toMatch(/; path=\//i);
    expect(cookie).toMatch(/; httponly/i);
    expect(cookie).toMatch(/; samesite=lax/i);
    expect(cookie).toMatch(/; secure/i);
  });

  test('the cookie value is base64 JSON holding a JWT for the user', async () => {
    const [cookie] = await signIn(undefined, 'https');
    const value = /^session=([^;]+)/.exec(cookie ?? '')?.[1] ?? '';

    const session: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));

    expect(session).toStrictEqual({ jwt: expect.any(String) });
    const { jwt } = session as { jwt: string };
    const user = verifyUserJwt(jwt, JWT_KEY);
    expect(user).toMatchObject(USER);
    expect((user?.exp ?? 0) - (user?.iat ?? 0)).toBe(900);
  });

  test('a secure session cookie is never sent over plain HTTP', async () => {
    expect(await signIn(undefined, 'http')).toHaveLength(0);
  });

  test('with secure turned off, the cookie is sent over plain HTTP without Secure', async () => {
    const [cookie] = await signIn({ secure: false }, 'http');

    expect(cookie).toMatch(/^session=/);
    expect(cookie).toMatch(/; httponly/i);
    expect(cookie).toMatch(/; samesite=lax/i);
    expect(cookie).not.toMatch(/; secure/i);
  });

  test('the cookie set at sign-in identifies the user on the next request', async () => {
    const agent = request.agent(buildApp({ secure: false }));
    await agent.post('/api/users/signin');

    const response = await agent.get('/api/users/currentuser');

    expect(response.body).toStrictEqual({
      currentUser: { ...USER, iat: expect.any(Number), exp: expect.any(Number) },
    });
  });

  test('signing out expires the cookie', async () => {
    const agent = request.agent(buildApp({ secure: false }));
    await agent.post('/api/users/signin');

    const signout = await agent.post('/api/users/signout');
    const after = await agent.get('/api/users/currentuser');

    expect(signout.get('Set-Cookie')?.[0]).toMatch(/^session=;.*expires=Thu, 01 Jan 1970/i);
    expect(after.body).toStrictEqual({ currentUser: null });
  });
});
