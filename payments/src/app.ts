import {
  createErrorHandler,
  currentUser,
  healthRoutes,
  httpMetrics,
  jsonBody,
  metricsRoute,
  notFound,
  type ReadinessCheck,
  rejectOperatorKeys,
  requestLogger,
  sessionCookie,
} from '@ticketing/common';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';

import { newPaymentRouter } from './routes/new';
import { stripeWebhookRouter } from './routes/stripe-webhook';
import type { PaymentServices } from './services/payment-services';

export interface AppOptions {
  jwtKey: string;
  /** Send the session cookie over HTTPS only; off only for plain-HTTP local development. */
  cookieSecure: boolean;
  /** Proxies in front of the app (the ingress: 1). */
  trustProxyHops: number;
  /** What /readyz checks: MongoDB and the event bus. Never Stripe: an outage there must not
   * take every replica out of the Service. */
  readiness: Readonly<Record<string, ReadinessCheck>>;
  payments: PaymentServices;
  /** The webhook endpoint's signing secret (`whsec_…`); empty: the webhook answers 503. */
  stripeWebhookSecret: string;
  logger: Logger;
}

/** The payments HTTP app: middlewares, routes, 404, error handler. It opens no connection. */
export function buildApp(options: AppOptions): Express {
  const { logger } = options;
  const app = express();

  // Trusting exactly the ingress's hop lets Express see that the request came over HTTPS.
  app.set('trust proxy', options.trustProxyHops);
  app.use(helmet());
  // Probes arrive every few seconds; answering them before the request log keeps it readable.
  app.use(healthRoutes({ checks: options.readiness }));
  // Scrapes likewise; then every request is timed by route and status.
  app.use(metricsRoute(), httpMetrics());
  app.use(requestLogger(logger));
  // Before the JSON parser: Stripe signs the body's exact bytes.
  app.use(stripeWebhookRouter(options.payments, options.stripeWebhookSecret));

  app.use(jsonBody(), rejectOperatorKeys, sessionCookie({ secure: options.cookieSecure }));
  app.use(currentUser(options.jwtKey));

  app.use(newPaymentRouter(options.payments));

  app.use(notFound);
  app.use(createErrorHandler({ logger }));
  return app;
}
