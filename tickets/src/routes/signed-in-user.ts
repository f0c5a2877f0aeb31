import { NotAuthorizedError, type UserPayload } from '@ticketing/common';
import type { Request } from 'express';

/** The user `requireAuth` let through; typed, so handlers need no non-null assertion. */
export function signedInUser(req: Request): UserPayload {
  if (!req.currentUser) throw new NotAuthorizedError();
  return req.currentUser;
}
