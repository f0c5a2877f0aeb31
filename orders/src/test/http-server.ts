import type { Server } from 'node:http';

import { closeHttpServer, listen } from '@ticketing/common';
import type { Express } from 'express';

/** One real server for many simultaneous requests (supertest would start one per request). */
export async function serve(app: Express): Promise<{ server: Server; close: () => Promise<void> }> {
  const server = await listen(app, 0);
  return { server, close: () => closeHttpServer(server) };
}
