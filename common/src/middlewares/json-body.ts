import { json, type RequestHandler } from 'express';

/**
 * Parses JSON bodies up to `limit`; a larger body becomes a 413 and malformed JSON a 400,
 * both answered by the error handler in the contract's shape.
 */
export function jsonBody(limit: string | number = '16kb'): RequestHandler {
  return json({ limit });
}
