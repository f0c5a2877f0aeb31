import type { RequestHandler } from 'express';

import { type UserPayload, verifyUserJwt } from './user-jwt';

declare global {
  // Express's own extension point; consumers of the built package get `req.currentUser` too.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The signed-in user; set by `currentUser` only when the session holds a valid token. */
      currentUser?: UserPayload;
    }
  }
}

/**
 * Sets `req.currentUser` from the session's JWT. A missing, tampered, expired or malformed
 * token leaves it undefined and is never an error: routes that need a user add `requireAuth`.
 */
export function currentUser(jwtKey: string): RequestHandler {
  if (!jwtKey) throw new Error('currentUser needs a non-empty JWT key');
  return (req, _res, next) => {
    const token: unknown = req.session?.jwt;
    req.currentUser = typeof token === 'string' ? verifyUserJwt(token, jwtKey) : undefined;
    next();
  };
}
