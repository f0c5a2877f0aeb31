import { useTestDatabase } from '@ticketing/test-kit';

import { testApp } from '../test/app';
import { viaIngress } from '../test/requests';
import { sessionCookieOf } from '../test/session';
import { signUp } from '../test/users';

useTestDatabase();

const app = testApp();

describe('POST /api/users/signout', () => {
  test('signing out answers 200 {} and expires the session cookie', async () => {
    const cookie = sessionCookieOf(await signUp(app));

    const response = await viaIngress(app).post('/api/users/signout', undefined, cookie);

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({});
    const cleared = response.get('Set-Cookie')?.[0] ?? '';
    expect(cleared).toMatch(/^session=;/);
    expect(cleared).toMatch(/expires=Thu, 01 Jan 1970 00:00:00 GMT/i);
    expect(cleared).toMatch(/; path=\//i);
  });

  test('signing out without a session still answers 200 {}', async () => {
    const response = await viaIngress(app).post('/api/users/signout');

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({});
  });
});
