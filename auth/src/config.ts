import { readConfig, serviceSettings, setting } from '@ticketing/common';

/** Everything auth reads from its environment, checked at once; see README.md for each. Auth
 * publishes no events, so it reads no event bus. */
export const readAuthConfig = (env: NodeJS.ProcessEnv) =>
  readConfig(env, {
    ...serviceSettings,
    jwtTtlSeconds: setting.seconds('JWT_TTL', { default: 86_400 }),
    cookieSecure: setting.boolean('COOKIE_SECURE', { default: true }),
    rateLimitMax: setting.integer('RATE_LIMIT_MAX', { default: 50, min: 1 }),
    rateLimitWindowSeconds: setting.seconds('RATE_LIMIT_WINDOW', { default: 900 }),
  });

export type AuthConfig = ReturnType<typeof readAuthConfig>;
