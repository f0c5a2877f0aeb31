import { NotAuthorizedError } from '@ticketing/common';
import type { Request } from 'express';

/** The signed-in caller's id; routes put `requireAuth` first, this keeps the type honest. */
export function currentUserId(req: Request): string {
  if (!req.currentUser) throw new NotAuthorizedError();
  return req.currentUser.id;
}
