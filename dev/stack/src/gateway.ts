import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { createProxyMiddleware } from 'http-proxy-middleware';

export interface GatewayRoute {
  /** `/api/users` takes `/api/users`, `/api/users/...` and `/api/users?...`. */
  prefix: string;
  /** `http://127.0.0.1:PORT` of each replica; requests go round-robin. */
  targets: string[];
}

/** `routes` and `fallback` are read on every request, so a caller may fill them in after the
 * gateway started; until a route has a target, its requests are answered 502. */
export interface GatewayOptions {
  port: number;
  routes: GatewayRoute[];
  /** Everything no route takes (the client), like the ingress's `/?(.*)`. */
  fallback: GatewayRoute;
}

const matches = (path: string, prefix: string) =>
  path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);

/** Picks the route for a path and hands out its replicas in turn. */
export function createRouter(routes: GatewayRoute[], fallback: GatewayRoute) {
  const turns = new Map<GatewayRoute, number>();
  const routed = (path: string) => routes.find((candidate) => matches(path, candidate.prefix));
  const routeOf = (path: string) => routed(path) ?? fallback;
  return {
    /** Under `/api` but no service's: not the client's either. Until the routes are filled
     * in, nothing is known not to be owned (those requests are answered 502). */
    unowned: (path: string): boolean => routes.length > 0 && matches(path, '/api') && !routed(path),
    serves: (path: string): boolean => routeOf(path).targets.length > 0,
    next: (path: string): string | undefined => {
      const route = routeOf(path);
      const turn = turns.get(route) ?? 0;
      turns.set(route, turn + 1);
      return route.targets[turn % route.targets.length];
    },
  };
}

const NO_TARGET = 'http://127.0.0.1:9'; // never used: requests without a target are answered 502

function refuse(res: ServerResponse | Socket, message: string): void {
  if (!('writeHead' in res)) {
    res.destroy();
    return;
  }
  if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message }] }));
}

/** The local stand-in for ingress-nginx: one port, path-prefix routing, Host kept, and
 * X-Forwarded-* added as the ingress does. WebSocket upgrades (next dev) are proxied too. */
export async function startGateway(options: GatewayOptions): Promise<Server> {
  const router = createRouter(options.routes, options.fallback);
  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
    target: NO_TARGET,
    router: (req) => router.next(req.url ?? '/') ?? NO_TARGET,
    xfwd: true,
    ws: true,
    on: {
      error: (error, _req, res) => refuse(res, `gateway: upstream failed (${error.message})`),
      // Without an agent, http-proxy asks the upstream to close its connection and hands that
      // `Connection: close` on to the client, ending every client connection after one
      // response. The ingress keeps client connections open, and load tests rely on it.
      proxyRes: (proxyRes) => {
        delete proxyRes.headers.connection;
      },
    },
  });
  const server = createServer((req, res) => {
    if (router.unowned(req.url ?? '/')) {
      // What a service answers for a path it does not have (the ingress sends these to one).
      res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ errors: [{ message: 'Not Found' }] }));
      return;
    }
    if (!router.serves(req.url ?? '/')) {
      refuse(res, `gateway: nothing serves ${req.url ?? '/'} (is that part running?)`);
      return;
    }
    void proxy(req, res, () => refuse(res, 'gateway: no route'));
  });
  server.on('upgrade', proxy.upgrade);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve(server));
  });
}
