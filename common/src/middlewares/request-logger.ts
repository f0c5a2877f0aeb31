import { randomUUID } from 'node:crypto';

import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

// A caller's X-Request-Id (from the ingress) is kept only if it looks like an id.
const REQUEST_ID = /^[\w-]{1,64}$/;

/**
 * One JSON log line per request, with a request id (also sent back in X-Request-Id). The
 * session cookie is a bearer credential, so it is redacted both ways, as is Authorization.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
  });
}
