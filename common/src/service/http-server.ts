import type { Server } from 'node:http';

import type { Express } from 'express';

/** Starts `app` on `port` and resolves once it accepts connections. */
export function listen(app: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

/**
 * Stops accepting connections and resolves when the requests in flight have been answered
 * (since Node 19, `close()` also ends idle keep-alive connections, so it does not wait on them).
 */
export function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
}
