import { decode } from 'jsonwebtoken';

import { signUserJwt, verifyUserJwt } from '..';

const JWT_KEY = 'user-jwt-test-key';
const USER = { id: '64b7f0c2a1b2c3d4e5f60718', email: 'buyer@example.com' };

describe('user JWT', () => {
  test('a signed token is HS256 with only id, email, iat and exp', () => {
    const token = signUserJwt(
      { ...USER, password: 'never in a token' } as typeof USER,
      JWT_KEY,
      60,
    );

    const { header, payload } = decode(token, { complete: true }) ?? {};

    expect(header).toStrictEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toStrictEqual({ ...USER, iat: expect.any(Number), exp: expect.any(Number) });
  });

  test('a token expires the given number of seconds after it is issued', () => {
    const user = verifyUserJwt(signUserJwt(USER, JWT_KEY, 3600), JWT_KEY);

    expect(user?.exp).toBe((user?.iat ?? 0) + 3600);
  });

  test('a token verifies only with the key that signed it', () => {
    const token = signUserJwt(USER, JWT_KEY, 60);

    expect(verifyUserJwt(token, JWT_KEY)).toMatchObject(USER);
    expect(verifyUserJwt(token, 'another-key')).toBeUndefined();
  });
});
