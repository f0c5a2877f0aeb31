import { TooManyRequestsError } from '@ticketing/common';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';

export interface RateLimitOptions {
  /** Requests one client IP may make in a window before it gets 429. */
  limit: number;
  windowMs: number;
}

export interface LimiterOptions extends RateLimitOptions {
  logger: Logger;
  /** Count only requests that fail (status 400 and above): repeated failed sign-ins. */
  failuresOnly?: boolean;
}

/**
 * Limits requests per client IP (as Express sees it, so `trust proxy` must name the ingress).
 * Counts live in this process: each replica limits on its own.
 */
export function limitPerClient({
  limit,
  windowMs,
  logger,
  failuresOnly = false,
}: LimiterOptions): RequestHandler {
  return rateLimit({
    limit,
    windowMs,
    skipSuccessfulRequests: failuresOnly,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new TooManyRequestsError()),
    logger: {
      error: (err: unknown, message?: string) => logger.error({ err }, message ?? 'rate limiter'),
      warn: (err: unknown, message?: string) => logger.warn({ err }, message ?? 'rate limiter'),
    },
  });
}
