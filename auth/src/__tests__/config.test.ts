import { ConfigError } from '@ticketing/common';

import { readAuthConfig } from '../config';

const REQUIRED = {
  JWT_KEY: 'j'.repeat(32),
  MONGO_URI: 'mongodb://auth-mongo-srv:27017/auth',
};

describe('the auth configuration', () => {
  test('only JWT_KEY and MONGO_URI are required; the rest has safe defaults', () => {
    expect(readAuthConfig(REQUIRED)).toStrictEqual({
      port: 3000,
      mongoUri: REQUIRED.MONGO_URI,
      jwtKey: REQUIRED.JWT_KEY,
      jwtTtlSeconds: 86_400,
      cookieSecure: true,
      trustProxyHops: 1,
      signupLimitMax: 50,
      signupLimitWindowSeconds: 900,
      signinFailureLimitMax: 50,
      signinAccountFailureLimitMax: 10,
      signinFailureLimitWindowSeconds: 900,
      logLevel: 'info',
    });
  });

  test('every setting can be given', () => {
    const env = {
      ...REQUIRED,
      PORT: '4000',
      JWT_TTL: '2h',
      COOKIE_SECURE: 'false',
      TRUST_PROXY_HOPS: '2',
      SIGNUP_RATE_LIMIT_MAX: '5',
      SIGNUP_RATE_LIMIT_WINDOW: '1m',
      SIGNIN_FAILURE_LIMIT_MAX: '7',
      SIGNIN_ACCOUNT_FAILURE_LIMIT_MAX: '3',
      SIGNIN_FAILURE_LIMIT_WINDOW: '30m',
      LOG_LEVEL: 'debug',
    };

    expect(readAuthConfig(env)).toMatchObject({
      port: 4000,
      jwtTtlSeconds: 7_200,
      cookieSecure: false,
      trustProxyHops: 2,
      signupLimitMax: 5,
      signupLimitWindowSeconds: 60,
      signinFailureLimitMax: 7,
      signinAccountFailureLimitMax: 3,
      signinFailureLimitWindowSeconds: 1_800,
      logLevel: 'debug',
    });
  });

  test('an empty environment is refused with one error naming both required variables', () => {
    expect(() => readAuthConfig({})).toThrow(
      new ConfigError(['MONGO_URI is required', 'JWT_KEY is required']),
    );
  });

  test('a JWT key shorter than 256 bits is refused', () => {
    expect(() => readAuthConfig({ ...REQUIRED, JWT_KEY: 'asdf' })).toThrow(
      'JWT_KEY must be at least 32 characters',
    );
  });

  test('a MONGO_URI that is not a MongoDB URI is refused', () => {
    expect(() => readAuthConfig({ ...REQUIRED, MONGO_URI: 'postgres://db/auth' })).toThrow(
      'MONGO_URI must be a mongodb:// or mongodb+srv:// URI',
    );
  });
});
