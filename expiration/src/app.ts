import {
  createErrorHandler,
  healthRoutes,
  httpMetrics,
  metricsRoute,
  notFound,
  type ReadinessCheck,
} from '@ticketing/common';
import express, { type Express } from 'express';
import type { Logger } from 'pino';

/** The service has no API, only the probes: /healthz (the process answers) and /readyz (every
 * check passes: Redis and the event bus are connected), and /metrics. Builds the app;
 * index.ts listens. */
export function createApp(checks: Record<string, ReadinessCheck>, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes({ checks }));
  app.use(metricsRoute(), httpMetrics());
  app.use(notFound);
  app.use(createErrorHandler({ logger }));
  return app;
}
