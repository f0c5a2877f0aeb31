import {
  busReadiness,
  createErrorHandler,
  currentUser,
  type EventBus,
  healthRoutes,
  httpMetrics,
  jsonBody,
  metricsRoute,
  mongoReadiness,
  notFound,
  type Outbox,
  rejectOperatorKeys,
  requestLogger,
  sessionCookie,
} from '@ticketing/common';
import express, { type Express } from 'express';
import helmet from 'helmet';
import mongoose from 'mongoose';
import type { Logger } from 'pino';

import { listTicketsRouter } from './routes/index';
import { newTicketRouter } from './routes/new';
import { showTicketRouter } from './routes/show';
import { updateTicketRouter } from './routes/update';

export interface AppOptions {
  jwtKey: string;
  /** Proxies in front of the app (the ingress: 1). */
  trustProxyHops: number;
  /** Every ticket change goes through it, with the event that announces it. */
  outbox: Outbox;
  /** Only watched, for readiness; publishing goes through the outbox. */
  bus: EventBus;
  logger: Logger;
}

/** The tickets HTTP app: middlewares, routes, 404, error handler. It opens no connection. */
export function buildApp(options: AppOptions): Express {
  const { outbox, logger } = options;
  const app = express();

  // Trusting exactly the ingress's hop gives the request log the client's address, while a
  // client's own X-Forwarded-For cannot pose as someone else.
  app.set('trust proxy', options.trustProxyHops);
  app.use(helmet());
  // Probes arrive every few seconds; answering them before the request log keeps it readable.
  app.use(
    healthRoutes({
      checks: {
        mongo: mongoReadiness(mongoose.connection),
        'event bus': busReadiness(options.bus),
      },
    }),
  );
  // Scrapes likewise; then every request is timed by route and status.
  app.use(metricsRoute(), httpMetrics());
  app.use(requestLogger(logger));

  // The session is only read here (tickets never sets it), so the Secure flag is irrelevant.
  app.use(jsonBody(), rejectOperatorKeys, sessionCookie());
  app.use(currentUser(options.jwtKey));

  app.use(newTicketRouter(outbox), listTicketsRouter(), showTicketRouter());
  app.use(updateTicketRouter(outbox));

  app.use(notFound);
  app.use(createErrorHandler({ logger }));
  return app;
}
