import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { User } from '../models/user';
import { testApp } from '../test/app';
import { viaIngress } from '../test/requests';
import { sessionCookieOf, sessionOf, userInCookie } from '../test/session';
import { credentials, signUp } from '../test/users';

useTestDatabase();

const SIGNUP = '/api/users/signup';
const app = testApp();

describe('POST /api/users/signup', () => {
  test('a new user gets 201 with only an id and the email', async () => {
    const details = credentials();

    const response = await signUp(app, details);

    expect(response.status).toBe(201);
    expect(response.body).toStrictEqual({ id: expect.any(String), email: details.email });
  });

  test('the user is stored once, with a lower-cased email and a hashed password', async () => {
    const response = await signUp(app, credentials({ email: '  New.Buyer@Example.COM ' }));

    const stored = await User.find();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(response.body.id);
    expect(stored[0]?.email).toBe('new.buyer@example.com');
    expect(stored[0]?.password).not.toContain('correct horse battery');
    expect(response.body.email).toBe('new.buyer@example.com');
  });

  test('the session cookie is HttpOnly, SameSite=Lax, Secure and for the whole site', async () => {
    const response = await signUp(app);

    const cookies = response.get('Set-Cookie') ?? [];
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^session=[A-Za-z0-9+/=]+;/);
    expect(cookies[0]).toMatch(/; path=\/(;|$)/i);
    expect(cookies[0]).toMatch(/; httponly/i);
    expect(cookies[0]).toMatch(/; samesite=lax/i);
    expect(cookies[0]).toMatch(/; secure/i);
  });

  test('the cookie is base64 JSON holding a JWT for the user that expires', async () => {
    const response = await signUp(app);
    const cookie = sessionCookieOf(response);

    const user = userInCookie(cookie);

    expect(sessionOf(cookie)).toStrictEqual({ jwt: expect.any(String) });
    expect(user).toStrictEqual({
      id: response.body.id,
      email: response.body.email,
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect((user?.exp ?? 0) - (user?.iat ?? 0)).toBe(900);
  });

  test('the token lives as long as the configured JWT TTL', async () => {
    const response = await signUp(testApp({ jwtTtlSeconds: 3_600 }));

    const user = userInCookie(sessionCookieOf(response));

    expect((user?.exp ?? 0) - (user?.iat ?? 0)).toBe(3_600);
  });

  test('with secure cookies turned off, plain HTTP gets a cookie without Secure', async () => {
    const plainHttpApp = testApp({ cookieSecure: false });

    const response = await request(plainHttpApp).post(SIGNUP).send(credentials());

    expect(response.status).toBe(201);
    expect(sessionCookieOf(response)).toMatch(/^session=/);
    expect(response.get('Set-Cookie')?.[0]).not.toMatch(/; secure/i);
  });

  test('a secure cookie is never sent over plain HTTP', async () => {
    const response = await request(app).post(SIGNUP).send(credentials());

    expect(response.status).toBe(201);
    expect(response.get('Set-Cookie')).toBeUndefined();
  });

  test('an email already in use is refused with 400 Email in use', async () => {
    const details = credentials();
    await signUp(app, details);

    const response = await signUp(app, details);

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Email in use' }] });
    expect(response.get('Set-Cookie')).toBeUndefined();
  });

  test('an email differing only in letter case is the same email', async () => {
    await signUp(app, credentials({ email: 'casey@example.com' }));

    const response = await signUp(app, credentials({ email: 'CASEY@Example.com' }));

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Email in use' }] });
    expect(await User.countDocuments()).toBe(1);
  });

  test.each(['not-an-email', 'missing-at.example.com', 'two@@example.com', '', '   '])(
    'the email %p is refused with Email must be valid',
    async (email) => {
      const response = await signUp(app, credentials({ email }));

      expect(response.status).toBe(400);
      expect(response.body).toStrictEqual({
        errors: [{ message: 'Email must be valid', field: 'email' }],
      });
      expect(await User.countDocuments()).toBe(0);
    },
  );

  test.each([
    ['7 characters', 'a'.repeat(7)],
    ['129 characters', 'a'.repeat(129)],
    ['7 characters once trimmed', '   abcdefg   '],
    ['empty', ''],
  ])('a password of %s is refused', async (_name, password) => {
    const response = await signUp(app, credentials({ password }));

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Password must be between 8 and 128 characters', field: 'password' }],
    });
  });

  test.each([
    ['8', 'a'.repeat(8)],
    ['128', 'a'.repeat(128)],
  ])('a password of %s characters is accepted', async (_name, password) => {
    expect((await signUp(app, credentials({ password }))).status).toBe(201);
  });

  test('an empty body is refused with both messages', async () => {
    const response = await viaIngress(app).post(SIGNUP, {});

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [
        { message: 'Email must be valid', field: 'email' },
        { message: 'Password must be between 8 and 128 characters', field: 'password' },
      ],
    });
  });
});
