import { BadRequestError, isDuplicateKeyError, validateRequest } from '@ticketing/common';
import { type RequestHandler, Router } from 'express';

import { User } from '../models/user';
import { type SessionSettings, startSession } from '../services/session';
import {
  type Credentials,
  credentialsAreStrings,
  emailIsValid,
  newPasswordHasValidLength,
} from './credentials';

export interface SignupRouteOptions {
  session: SessionSettings;
  limiter: RequestHandler;
}

export function signupRouter({ session, limiter }: SignupRouteOptions): Router {
  const router = Router();
  router.post(
    '/api/users/signup',
    limiter,
    credentialsAreStrings,
    emailIsValid,
    newPasswordHasValidLength,
    validateRequest,
    async (req, res) => {
      const { email, password } = req.body as Credentials;
      const user = await User.build({ email, password }).save().catch(refuseTakenEmail);
      startSession(req, user, session);
      res.status(201).json(user);
    },
  );
  return router;
}

/** The unique email index decides a race between two sign-ups: the loser is told so. */
function refuseTakenEmail(error: unknown): never {
  if (isDuplicateKeyError(error)) throw new BadRequestError('Email in use');
  throw error;
}
