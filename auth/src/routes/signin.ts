import { BadRequestError, validateRequest } from '@ticketing/common';
import { type RequestHandler, Router } from 'express';

import { authenticate } from '../services/authenticate';
import { type SessionSettings, startSession } from '../services/session';
import {
  type Credentials,
  credentialsAreStrings,
  emailIsValid,
  passwordIsPresent,
} from './credentials';

export interface SigninRouteOptions {
  session: SessionSettings;
  /** Failed sign-ins per client. */
  limiter: RequestHandler;
  /** Failed sign-ins per account: runs once the email is known to be one. */
  accountLimiter: RequestHandler;
}

export function signinRouter({ session, limiter, accountLimiter }: SigninRouteOptions): Router {
  const router = Router();
  router.post(
    '/api/users/signin',
    limiter,
    credentialsAreStrings,
    emailIsValid,
    passwordIsPresent,
    validateRequest,
    accountLimiter,
    async (req, res) => {
      const { email, password } = req.body as Credentials;
      const user = await authenticate(email, password);
      // One message whether the email is unknown or the password wrong.
      if (!user) throw new BadRequestError('Invalid credentials');
      startSession(req, user, session);
      res.status(200).json(user);
    },
  );
  return router;
}
