import type { RequestHandler } from 'express';

import { NotAuthorizedError } from '../errors';

/** Refuses the request with 401 unless `currentUser` found a signed-in user. */
export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!req.currentUser) throw new NotAuthorizedError();
  next();
};
