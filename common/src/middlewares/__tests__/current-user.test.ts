import express from 'express';
import { decode, sign } from 'jsonwebtoken';
import request from 'supertest';

import { currentUser, sessionCookie, signUserJwt } from '..';

const JWT_KEY = 'current-user-test-key';
const USER = { id: '64b7f0c2a1b2c3d4e5f60718', email: 'buyer@example.com' };

function buildApp() {
  const app = express();
  app.use(sessionCookie({ secure: false }), currentUser(JWT_KEY));
  app.get('/whoami', (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });
  return app;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function sessionHolding(session: unknown): string {
  return `session=${Buffer.from(JSON.stringify(session)).toString('base64')}`;
}

async function currentUserFor(cookie?: string): Promise<unknown> {
  const call = request(buildApp()).get('/whoami');
  const response = cookie === undefined ? await call : await call.set('Cookie', cookie);
  expect(response.status).toBe(200);
  return response.body.currentUser;
}

const nowInSeconds = () => Math.floor(Date.now() / 1000);

describe('currentUser', () => {
  test('a well-formed token sets the current user with its id, email, iat and exp', async () => {
    const token = signUserJwt(USER, JWT_KEY, 900);

    const user = await currentUserFor(sessionHolding({ jwt: token }));

    expect(user).toStrictEqual({
      ...USER,
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
  });

  test('without a session cookie there is no current user', async () => {
    expect(await currentUserFor()).toBeNull();
  });

  test('a token signed with another key is ignored', async () => {
    const token = signUserJwt(USER, 'some-other-key', 900);

    expect(await currentUserFor(sessionHolding({ jwt: token }))).toBeNull();
  });

  test('a token whose payload was tampered with is ignored', async () => {
    const [header, , signature] = signUserJwt(USER, JWT_KEY, 900).split('.');
    const payload = { ...(decode(signUserJwt(USER, JWT_KEY, 900)) as object), id: 'admin' };
    const tampered = `${header}.${base64url(payload)}.${signature}`;

    expect(await currentUserFor(sessionHolding({ jwt: tampered }))).toBeNull();
  });

  test('an expired token is ignored', async () => {
    const token = sign({ ...USER, exp: nowInSeconds() - 60 }, JWT_KEY, { algorithm: 'HS256' });

    expect(await currentUserFor(sessionHolding({ jwt: token }))).toBeNull();
  });

  test('an unsigned token (alg none) is ignored', async () => {
    const payload = { ...USER, iat: nowInSeconds(), exp: nowInSeconds() + 900 };
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;

    expect(await currentUserFor(sessionHolding({ jwt: unsigned }))).toBeNull();
  });

  test('a token signed with the right key but another algorithm is ignored', async () => {
    const token = sign(USER, JWT_KEY, { algorithm: 'HS512', expiresIn: 900 });

    expect(await currentUserFor(sessionHolding({ jwt: token }))).toBeNull();
  });

  test('a token that never expires is ignored', async () => {
    const token = sign(USER, JWT_KEY, { algorithm: 'HS256' });

    expect(await currentUserFor(sessionHolding({ jwt: token }))).toBeNull();
  });

  test.each([
    ['without an email', { id: USER.id }],
    ['with a numeric id', { id: 42, email: USER.email }],
  ])('a validly signed token %s is ignored', async (_name, payload) => {
    const token = sign(payload, JWT_KEY, { algorithm: 'HS256', expiresIn: 900 });

    expect(await currentUserFor(sessionHolding({ jwt: token }))).toBeNull();
  });

  test.each([
    ['a session whose jwt is not a string', sessionHolding({ jwt: { id: USER.id } })],
    ['a session that is not base64 JSON', 'session=%%%not-json%%%'],
    ['a token that is not a JWT', sessionHolding({ jwt: 'not.a.jwt' })],
  ])('%s gives no current user and no error', async (_name, cookie) => {
    expect(await currentUserFor(cookie)).toBeNull();
  });

  test('an empty key is refused when the app is built, not on the first request', () => {
    expect(() => currentUser('')).toThrow('JWT key');
  });
});
