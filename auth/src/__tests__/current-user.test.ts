import { signUserJwt } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { JWT_KEY, testApp } from '../test/app';
import { viaIngress } from '../test/requests';
import { cookieHolding, sessionCookieOf, sessionOf } from '../test/session';
import { signUp } from '../test/users';

useTestDatabase();

const app = testApp();
const currentUserWith = (cookie?: string) => viaIngress(app).get('/api/users/currentuser', cookie);

/** A copy of `token` whose payload says something else, keeping the original signature. */
function tamperWith(token: string, changes: object): string {
  const [header, payload, signature] = token.split('.');
  const claims: unknown = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  const forged = Buffer.from(JSON.stringify({ ...(claims as object), ...changes }));
  return `${header}.${forged.toString('base64url')}.${signature}`;
}

describe('GET /api/users/currentuser', () => {
  test('a signed-in user gets their id, email, iat and exp', async () => {
    const signup = await signUp(app);

    const response = await currentUserWith(sessionCookieOf(signup));

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({
      currentUser: {
        id: signup.body.id,
        email: signup.body.email,
        iat: expect.any(Number),
        exp: expect.any(Number),
      },
    });
  });

  test('without a session cookie the current user is null', async () => {
    const response = await currentUserWith();

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ currentUser: null });
  });

  test('a cookie whose token was tampered with gives null, not an error', async () => {
    const cookie = sessionCookieOf(await signUp(app));
    const { jwt } = sessionOf(cookie) as { jwt: string };
    const forged = tamperWith(jwt, { email: 'admin@example.com' });

    const response = await currentUserWith(cookieHolding({ jwt: forged }));

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ currentUser: null });
  });

  test('an expired token gives null', async () => {
    const expired = signUserJwt({ id: 'someone', email: 'old@example.com' }, JWT_KEY, -60);

    const response = await currentUserWith(cookieHolding({ jwt: expired }));

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ currentUser: null });
  });

  test('a token signed with another key gives null', async () => {
    const foreign = signUserJwt({ id: 'someone', email: 'x@example.com' }, 'k'.repeat(40), 900);

    const response = await currentUserWith(cookieHolding({ jwt: foreign }));

    expect(response.body).toStrictEqual({ currentUser: null });
  });

  test('a cookie that is not base64 JSON gives null', async () => {
    const response = await currentUserWith('session=%%%garbage%%%');

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({ currentUser: null });
  });
});
