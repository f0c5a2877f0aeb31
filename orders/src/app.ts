import {
  createErrorHandler,
  currentUser,
  healthRoutes,
  httpMetrics,
  jsonBody,
  limitPerClient,
  metricsRoute,
  notFound,
  type Outbox,
  type RateLimitOptions,
  type ReadinessCheck,
  rejectOperatorKeys,
  requestLogger,
  sessionCookie,
} from '@ticketing/common';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';

import { currentUserId } from './routes/current-user-id';
import { deleteOrderRouter } from './routes/delete';
import { indexOrdersRouter } from './routes/index';
import { newOrderRouter } from './routes/new';
import { showOrderRouter } from './routes/show';

export interface AppOptions {
  jwtKey: string;
  /** Proxies in front of the app (the ingress: 1). */
  trustProxyHops: number;
  expirationWindowSeconds: number;
  /** How many unpaid orders one buyer may hold at once. */
  maxActiveOrders: number;
  /** How many orders one signed-in buyer may place in a window (per replica); refused
   * requests do not count. */
  orderRateLimit: RateLimitOptions;
  /** Every change to an order goes through it, with the events that announce it. */
  outbox: Outbox;
  /** What /readyz checks: MongoDB and the event bus. */
  readiness: Readonly<Record<string, ReadinessCheck>>;
  logger: Logger;
}

/** The orders HTTP app: middlewares, routes, 404, error handler. It opens no connection. */
export function buildApp(options: AppOptions): Express {
  const { logger, outbox } = options;
  const app = express();

  app.set('trust proxy', options.trustProxyHops);
  app.use(helmet());
  // Probes arrive every few seconds; answering them before the request log keeps it readable.
  app.use(healthRoutes({ checks: options.readiness }));
  // Scrapes likewise; then every request is timed by route and status.
  app.use(metricsRoute(), httpMetrics());
  app.use(requestLogger(logger));

  // Orders only reads the session, so the cookie's Secure flag never comes into play here.
  app.use(jsonBody(), rejectOperatorKeys, sessionCookie());
  app.use(currentUser(options.jwtKey));

  app.use(
    newOrderRouter({
      outbox,
      expirationWindowSeconds: options.expirationWindowSeconds,
      maxActiveOrders: options.maxActiveOrders,
      // Orders placed count, refusals do not: a reservation is what holds the market.
      limiter: limitPerClient({
        ...options.orderRateLimit,
        logger,
        keyOf: currentUserId,
        successesOnly: true,
      }),
    }),
  );
  app.use(indexOrdersRouter(), showOrderRouter(), deleteOrderRouter({ outbox }));

  app.use(notFound);
  app.use(createErrorHandler({ logger }));
  return app;
}
