import { useTestDatabase } from '@ticketing/test-kit';

import { testApp } from '../test/app';
import { viaIngress } from '../test/requests';
import { sessionCookieOf, userInCookie } from '../test/session';
import { credentials, signUp } from '../test/users';

useTestDatabase();

const SIGNIN = '/api/users/signin';
const app = testApp();
const signIn = (body: object) => viaIngress(app).post(SIGNIN, body);
const INVALID_CREDENTIALS = { errors: [{ message: 'Invalid credentials' }] };

/** The median time, in ms, of `times` sign-ins with `body`, one after another. */
async function medianSigninMs(body: object, times = 3): Promise<number> {
  const durations: number[] = [];
  for (let run = 0; run < times; run++) {
    const started = performance.now();
    await signIn(body);
    durations.push(performance.now() - started);
  }
  return durations.sort((a, b) => a - b)[Math.floor(times / 2)] ?? 0;
}

describe('POST /api/users/signin', () => {
  test('the right email and password give 200 with the user and a session cookie', async () => {
    const details = credentials();
    const { body: user } = await signUp(app, details);

    const response = await signIn(details);

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ id: user.id, email: details.email });
    const cookie = response.get('Set-Cookie')?.[0] ?? '';
    expect(cookie).toMatch(/; path=\/(;|$)/i);
    expect(cookie).toMatch(/; httponly/i);
    expect(cookie).toMatch(/; samesite=lax/i);
    expect(cookie).toMatch(/; secure/i);
    expect(userInCookie(sessionCookieOf(response))).toMatchObject({
      id: user.id,
      email: details.email,
      exp: expect.any(Number),
    });
  });

  test('the email is matched whatever its letter case', async () => {
    const details = credentials({ email: 'mixed.case@example.com' });
    await signUp(app, details);

    const response = await signIn({ ...details, email: 'Mixed.Case@EXAMPLE.com' });

    expect(response.status).toBe(200);
    expect(response.body.email).toBe('mixed.case@example.com');
  });

  test('surrounding spaces in the password are ignored, as at sign-up', async () => {
    const details = credentials({ password: '  spaced password  ' });
    await signUp(app, details);

    const response = await signIn({ ...details, password: 'spaced password' });

    expect(response.status).toBe(200);
  });

  test('a wrong password is refused with Invalid credentials and no cookie', async () => {
    const details = credentials();
    await signUp(app, details);

    const response = await signIn({ ...details, password: 'not the password' });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual(INVALID_CREDENTIALS);
    expect(response.get('Set-Cookie')).toBeUndefined();
  });

  test('an unknown email gets exactly the answer a wrong password gets', async () => {
    const response = await signIn(credentials({ email: 'nobody@example.com' }));

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual(INVALID_CREDENTIALS);
    expect(response.get('Set-Cookie')).toBeUndefined();
  });

  test('an unknown email takes about as long as a wrong password, so timing tells nothing', async () => {
    const details = credentials();
    await signUp(app, details);

    const wrongPassword = await medianSigninMs({ ...details, password: 'not the password' });
    const unknownEmail = await medianSigninMs(credentials({ email: 'ghost@example.com' }));

    // Without a hash an unknown email answers many times faster; the bound leaves room for noise.
    expect(unknownEmail).toBeGreaterThan(wrongPassword / 3);
  });

  test('an invalid email is refused with Email must be valid', async () => {
    const response = await signIn({ email: 'nope', password: 'whatever123' });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Email must be valid', field: 'email' }],
    });
  });

  test.each([
    ['missing', {}],
    ['empty', { password: '' }],
    ['only spaces', { password: '    ' }],
  ])('a password that is %s is refused with You must supply a password', async (_name, body) => {
    const response = await signIn({ email: 'someone@example.com', ...body });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'You must supply a password', field: 'password' }],
    });
  });
});
