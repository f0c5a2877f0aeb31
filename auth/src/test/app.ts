import type { Express } from 'express';
import { pino } from 'pino';

import { type AppOptions, buildApp } from '../app';

export const JWT_KEY = 'auth-test-key-that-is-at-least-32-characters';
export const JWT_TTL_SECONDS = 900;

/** The real app with test settings; rate limits high enough that only their own tests hit them. */
export function testApp(overrides: Partial<AppOptions> = {}): Express {
  return buildApp({
    jwtKey: JWT_KEY,
    jwtTtlSeconds: JWT_TTL_SECONDS,
    cookieSecure: true,
    trustProxyHops: 1,
    limits: {
      signups: { limit: 1_000, windowMs: 60_000 },
      signinFailures: { limit: 1_000, windowMs: 60_000 },
      accountSigninFailures: { limit: 1_000, windowMs: 60_000 },
    },
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
}
