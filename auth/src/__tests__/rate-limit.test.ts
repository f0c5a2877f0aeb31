import { useTestDatabase } from '@ticketing/test-kit';

import type { AuthLimits } from '../app';
import { testApp } from '../test/app';
import { viaIngress } from '../test/requests';
import { credentials, signUp } from '../test/users';

useTestDatabase();

const LIMIT = 3;
const TOO_MANY = { errors: [{ message: 'Too many requests' }] };
const UNLIMITED = { limit: 1_000, windowMs: 60_000 };
const LIMITED = { limit: LIMIT, windowMs: 60_000 };
/** The app with one limit (or several) at LIMIT and the others out of reach. */
const appLimiting = (...which: (keyof AuthLimits)[]) =>
  testApp({
    limits: {
      signups: which.includes('signups') ? LIMITED : UNLIMITED,
      signinFailures: which.includes('signinFailures') ? LIMITED : UNLIMITED,
      accountSigninFailures: which.includes('accountSigninFailures') ? LIMITED : UNLIMITED,
    },
  });

async function inSequence<T>(count: number, send: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let sent = 0; sent < count; sent++) results.push(await send());
  return results;
}

describe('rate limiting sign-ups (SIGNUP_RATE_LIMIT_MAX per client)', () => {
  const limitedApp = () => appLimiting('signups');

  test('a client over the limit gets 429 in the error shape, with rate-limit headers', async () => {
    const app = limitedApp();
    await inSequence(LIMIT, () => signUp(app));

    const response = await signUp(app);

    expect(response.status).toBe(429);
    expect(response.body).toStrictEqual(TOO_MANY);
    expect(response.get('RateLimit-Policy')).toMatch(/q=3/);
    expect(response.get('Retry-After')).toBeDefined();
  });

  test('another client address is counted on its own', async () => {
    const app = limitedApp();
    await inSequence(LIMIT, () => signUp(app));

    const response = await viaIngress(app, '198.51.100.7').post('/api/users/signup', credentials());

    expect(response.status).toBe(201);
  });

  test('an address the client puts in X-Forwarded-For itself does not reset its count', async () => {
    const app = limitedApp();
    await inSequence(LIMIT, () => signUp(app));

    // The ingress appends the address it saw; only that last hop is trusted.
    const response = await viaIngress(app, '192.0.2.99, 203.0.113.10').post(
      '/api/users/signup',
      credentials(),
    );

    expect(response.status).toBe(429);
  });
});

describe('rate limiting failed sign-ins per client (SIGNIN_FAILURE_LIMIT_MAX)', () => {
  const limitedApp = () => appLimiting('signinFailures');

  test('repeated failed sign-ins are refused with 429, even with the right password then', async () => {
    const app = limitedApp();
    const details = credentials();
    await viaIngress(app, '198.51.100.20').post('/api/users/signup', details);
    const wrong = { ...details, password: 'not the password' };
    await inSequence(LIMIT, () => viaIngress(app).post('/api/users/signin', wrong));

    const response = await viaIngress(app).post('/api/users/signin', details);

    expect(response.status).toBe(429);
    expect(response.body).toStrictEqual(TOO_MANY);
  });

  test('successful sign-ins do not count against the limit', async () => {
    const app = limitedApp();
    const details = credentials();
    await viaIngress(app, '198.51.100.21').post('/api/users/signup', details);

    const responses = await inSequence(LIMIT + 2, () =>
      viaIngress(app).post('/api/users/signin', details),
    );

    expect(responses.map((response) => response.status)).toStrictEqual(
      Array.from({ length: LIMIT + 2 }, () => 200),
    );
  });
});

describe('rate limiting failed sign-ins per account (SIGNIN_ACCOUNT_FAILURE_LIMIT_MAX)', () => {
  test('failures for one account from many addresses are refused with 429', async () => {
    const app = appLimiting('accountSigninFailures');
    const details = credentials();
    await viaIngress(app, '198.51.100.30').post('/api/users/signup', details);
    const wrong = { ...details, password: 'not the password' };
    let address = 0;
    const fromNewAddress = () => `192.0.2.${(address += 1)}`;
    await inSequence(LIMIT, () =>
      viaIngress(app, fromNewAddress()).post('/api/users/signin', wrong),
    );

    // The email in another case is the same account.
    const again = { ...wrong, email: details.email.toUpperCase() };
    const response = await viaIngress(app, fromNewAddress()).post('/api/users/signin', again);

    expect(response.status).toBe(429);
    expect(response.body).toStrictEqual(TOO_MANY);
  });

  test('another account from the same address is not held to the first one’s failures', async () => {
    const app = appLimiting('accountSigninFailures');
    const first = credentials();
    const second = credentials();
    await viaIngress(app).post('/api/users/signup', first);
    await viaIngress(app, '198.51.100.31').post('/api/users/signup', second);
    await inSequence(LIMIT, () =>
      viaIngress(app).post('/api/users/signin', { ...first, password: 'not the password' }),
    );

    const response = await viaIngress(app).post('/api/users/signin', second);

    expect(response.status).toBe(200);
  });

  test('the limits are separate: many sign-ups do not use up the sign-in failures', async () => {
    const app = appLimiting('signups', 'signinFailures');
    await inSequence(LIMIT, () => signUp(app));
    const wrong = credentials();

    const signin = await viaIngress(app).post('/api/users/signin', wrong);

    expect(signin.status).toBe(400);
    expect(signin.body).toStrictEqual({ errors: [{ message: 'Invalid credentials' }] });
  });
});
