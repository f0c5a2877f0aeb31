import type { Request, RequestHandler } from 'express';
import { Router } from 'express';

import { httpRequestDuration, metricsRegistry } from './registry';

/** The route that answered, as declared (`/api/orders/:orderId`), never the raw path. */
function routeOf(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}

/** Times every request that reaches it, labelled by method, route and status, once answered. */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = httpRequestDuration.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: routeOf(req), status: String(res.statusCode) });
    });
    next();
  };
}

/**
 * `GET /metrics` in the Prometheus text format. Served by every service on its own port for a
 * scraper inside the cluster; the ingress routes only `/api/...` to the services, so it is not
 * reachable from outside.
 */
export function metricsRoute(): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', metricsRegistry.contentType);
    res.send(await metricsRegistry.metrics());
  });
  return router;
}
