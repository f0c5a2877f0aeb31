import {
  createErrorHandler,
  currentUser,
  healthRoutes,
  httpMetrics,
  jsonBody,
  limitPerClient,
  metricsRoute,
  mongoReadiness,
  notFound,
  type RateLimitOptions,
  rejectOperatorKeys,
  requestLogger,
  sessionCookie,
} from '@ticketing/common';
import express, { type Express, type Request } from 'express';
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
  limits: AuthLimits;
  logger: Logger;
}

/** How often a client may try what an abuser would repeat. */
export interface AuthLimits {
  /** Sign-ups per client IP. */
  signups: RateLimitOptions;
  /** Failed sign-ins per client IP. */
  signinFailures: RateLimitOptions;
  /** Failed sign-ins per account (the email tried), from whatever addresses: credential
   * stuffing spread over many addresses is slowed too. */
  accountSigninFailures: RateLimitOptions;
}

/** The account a sign-in names, as the users collection stores emails. */
const accountOf = (req: Request): string =>
  `account:${String((req.body as { email?: unknown }).email)
    .trim()
    .toLowerCase()}`;

/** The auth HTTP app: middlewares, routes, 404, error handler. It opens no connection. */
export function buildApp(options: AppOptions): Express {
  const { logger, limits } = options;
  const session = { jwtKey: options.jwtKey, jwtTtlSeconds: options.jwtTtlSeconds };
  const app = express();

  // Trusting exactly the ingress's hop lets Express see that the request came over HTTPS (for
  // the Secure cookie) and the client's address (for rate limits), while a client's own
  // X-Forwarded-For cannot pose as someone else.
  app.set('trust proxy', options.trustProxyHops);
  app.use(helmet());
  // Probes arrive every few seconds; answering them before the request log keeps it readable.
  app.use(healthRoutes({ checks: { mongo: mongoReadiness(mongoose.connection) } }));
  // Scrapes likewise; then every request is timed by route and status.
  app.use(metricsRoute(), httpMetrics());
  app.use(requestLogger(logger));

  app.use(jsonBody(), rejectOperatorKeys, sessionCookie({ secure: options.cookieSecure }));
  app.use(currentUser(options.jwtKey));

  app.use(signupRouter({ session, limiter: limitPerClient({ ...limits.signups, logger }) }));
  app.use(
    signinRouter({
      session,
      limiter: limitPerClient({ ...limits.signinFailures, logger, failuresOnly: true }),
      accountLimiter: limitPerClient({
        ...limits.accountSigninFailures,
        logger,
        failuresOnly: true,
        keyOf: accountOf,
      }),
    }),
  );
  app.use(signoutRouter(), currentUserRouter());

  app.use(notFound);
  app.use(createErrorHandler({ logger }));
  return app;
}
