import { readConfig, serviceSettings, setting } from '@ticketing/common';

/** Everything auth reads from its environment, checked at once; see README.md for each. Auth
 * publishes no events, so it reads no event bus. */
export const readAuthConfig = (env: NodeJS.ProcessEnv) =>
  readConfig(env, {
    ...serviceSettings,
    jwtTtlSeconds: setting.seconds('JWT_TTL', { default: 86_400 }),
    cookieSecure: setting.boolean('COOKIE_SECURE', { default: true }),
    // Separate abuses, separate limits (README.md, "Rate limits").
    signupLimitMax: setting.integer('SIGNUP_RATE_LIMIT_MAX', { default: 50, min: 1 }),
    signupLimitWindowSeconds: setting.seconds('SIGNUP_RATE_LIMIT_WINDOW', { default: 900 }),
    signinFailureLimitMax: setting.integer('SIGNIN_FAILURE_LIMIT_MAX', { default: 50, min: 1 }),
    signinAccountFailureLimitMax: setting.integer('SIGNIN_ACCOUNT_FAILURE_LIMIT_MAX', {
      default: 10,
      min: 1,
    }),
    signinFailureLimitWindowSeconds: setting.seconds('SIGNIN_FAILURE_LIMIT_WINDOW', {
      default: 900,
    }),
  });

export type AuthConfig = ReturnType<typeof readAuthConfig>;
