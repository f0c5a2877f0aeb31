import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';

import { TooManyRequestsError } from '../errors/too-many-requests-error';

export interface RateLimitOptions {
  /** Requests one client may make in a window before it gets 429. */
  limit: number;
  windowMs: number;
}

export interface LimiterOptions extends RateLimitOptions {
  logger: Logger;
  /** Count only requests that fail (status 400 and above): repeated failed sign-ins. */
  failuresOnly?: boolean;
  /** Count only requests that succeed (below 400): orders placed, not orders refused. */
  successesOnly?: boolean;
  /** Who a request counts against: its client IP when omitted; e.g. the signed-in user, for a
   * route only signed-in users reach. */
  keyOf?: (req: Request) => string;
}

/**
 * Limits requests per client IP (as Express sees it, so `trust proxy` must name the ingress), or
 * per `keyOf`. Over the limit, a 429 in the contract's error shape. Counts live in this process:
 * each replica limits on its own.
 */
export function limitPerClient({
  limit,
  windowMs,
  logger,
  failuresOnly = false,
  successesOnly = false,
  keyOf,
}: LimiterOptions): RequestHandler {
  return rateLimit({
    limit,
    windowMs,
    skipSuccessfulRequests: failuresOnly,
    skipFailedRequests: successesOnly,
    ...(keyOf ? { keyGenerator: keyOf } : {}),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new TooManyRequestsError()),
    logger: {
      error: (err: unknown, message?: string) => logger.error({ err }, message ?? 'rate limiter'),
      warn: (err: unknown, message?: string) => logger.warn({ err }, message ?? 'rate limiter'),
    },
  });
}
