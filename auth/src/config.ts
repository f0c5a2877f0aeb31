import { readConfig, setting } from '@ticketing/common';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Everything auth reads from its environment, checked at once; see README.md for each. */
export const readAuthConfig = (env: NodeJS.ProcessEnv) =>
  readConfig(env, {
    port: setting.integer('PORT', { default: 3000, min: 1, max: 65_535 }),
    mongoUri: setting.string('MONGO_URI', {
      pattern: /^mongodb(\+srv)?:\/\/\S+$/,
      expected: 'a mongodb:// or mongodb+srv:// URI',
    }),
    // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output, 256 bits.
    jwtKey: setting.string('JWT_KEY', { minLength: 32 }),
    jwtTtlSeconds: setting.seconds('JWT_TTL', { default: 86_400 }),
    cookieSecure: setting.boolean('COOKIE_SECURE', { default: true }),
    trustProxyHops: setting.integer('TRUST_PROXY_HOPS', { default: 1, min: 0, max: 10 }),
    rateLimitMax: setting.integer('RATE_LIMIT_MAX', { default: 50, min: 1 }),
    rateLimitWindowSeconds: setting.seconds('RATE_LIMIT_WINDOW', { default: 900 }),
    logLevel: setting.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' }),
  });

export type AuthConfig = ReturnType<typeof readAuthConfig>;
