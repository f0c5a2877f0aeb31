import {
  createErrorHandler,
  currentUser,
  healthRoutes,
  jsonBody,
  limitPerClient,
  mongoReadiness,
  notFound,
  type RateLimitOptions,
  rejectOperatorKeys,
  requestLogger,
  sessionCookie,
} from '@ticketing/common';
import express, { type Express } from 'express';
import helmet from 'helmet';
import mongoose from 'mongoose';
import type { Logger } from 'pino';

import { currentUserRouter } from './routes/current-user';
import { signinRouter } from './routes/signin';
import { signoutRouter } from './routes/signout';
import { signupRouter } from './routes/signup';

export interface AppOptions {
  jwtKey: string;
  jwtTtlSeconds: number;
  /** Send the session cookie over HTTPS only; off only for plain-HTTP local development. */
  cookieSecure: boolean;
  /** Proxies in front of the app (the ingress: 1). */
  trustProxyHops: number;
  /** Per client IP, for sign-up (every request) and sign-in (failed requests). */
  rateLimit: RateLimitOptions;
  logger: Logger;
}

/** The auth HTTP app: middlewares, routes, 404, error handler. It opens no connection. */
export function buildApp(options: AppOptions): Express {
  const { logger, rateLimit } = options;
  const session = { jwtKey: options.jwtKey, jwtTtlSeconds: options.jwtTtlSeconds };
  const app = express();

  // Trusting exactly the ingress's hop lets Express see that the request came over HTTPS (for
  // the Secure cookie) and the client's address (for rate limits), while a client's own
  // X-Forwarded-For cannot pose as someone else.
  app.set('trust proxy', options.trustProxyHops);
  app.use(helmet());
  // Probes arrive every few seconds; answering them before the request log keeps it readable.
  app.use(healthRoutes({ checks: { mongo: mongoReadiness(mongoose.connection) } }));
  app.use(requestLogger(logger));

  app.use(jsonBody(), rejectOperatorKeys, sessionCookie({ secure: options.cookieSecure }));
  app.use(currentUser(options.jwtKey));

  app.use(signupRouter({ session, limiter: limitPerClient({ ...rateLimit, logger }) }));
  app.use(
    signinRouter({
      session,
      limiter: limitPerClient({ ...rateLimit, logger, failuresOnly: true }),
    }),
  );
  app.use(signoutRouter(), currentUserRouter());

  app.use(notFound);
  app.use(createErrorHandler({ logger }));
  return app;
}
