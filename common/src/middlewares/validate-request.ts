import type { RequestHandler } from 'express';
import { validationResult } from 'express-validator';

import { RequestValidationError } from '../errors';

/** Goes after a route's express-validator chains: 400 with one error per invalid field. */
export const validateRequest: RequestHandler = (req, _res, next) => {
  const result = validationResult(req);
  if (!result.isEmpty()) {
    throw new RequestValidationError(result.array({ onlyFirstError: true }));
  }
  next();
};
