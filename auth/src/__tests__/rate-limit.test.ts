import { useTestDatabase } from '@ticketing/test-kit';

import { testApp } from '../test/app';
import { viaIngress } from '../test/requests';
import { credentials, signUp } from '../test/users';

useTestDatabase();

const LIMIT = 3;
const TOO_MANY = { errors: [{ message: 'Too many requests' }] };
const limitedApp = () => testApp({ rateLimit: { limit: LIMIT, windowMs: 60_000 } });

async function inSequence<T>(count: number, send: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let sent = 0; sent < count; sent++) results.push(await send());
  return results;
}

describe('rate limiting sign-ups', () => {
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

describe('rate limiting sign-ins', () => {
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
