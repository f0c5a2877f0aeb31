import { STATUS_CODES } from 'node:http';

import type { ErrorRequestHandler } from 'express';
import { mongo } from 'mongoose';
import pino from 'pino';

import { CustomError, type SerializedError } from '../errors';

/** The one logger call the handler makes; a pino logger fits. */
export interface ErrorLogger {
  error(details: object, message: string): void;
}

export interface ErrorHandlerOptions {
  /** Where 5xx errors are logged with their details. Default: a pino logger on stdout. */
  logger?: ErrorLogger;
}

interface ErrorResponse {
  status: number;
  errors: SerializedError[];
}

const SOMETHING_WENT_WRONG: ErrorResponse = {
  status: 500,
  errors: [{ message: 'Something went wrong' }],
};

// The connection to the database failed or timed out: not a fault of this request, which may
// be tried again. Whether a write landed is unknown to the service too (the outbox finishes
// one that did), so the answer says only that.
const DATABASE_UNREACHABLE: ErrorResponse = {
  status: 503,
  errors: [{ message: 'Service temporarily unavailable, please try again' }],
};

const isDatabaseUnreachable = (err: unknown): boolean =>
  err instanceof mongo.MongoNetworkError || err instanceof mongo.MongoServerSelectionError;

// body-parser's messages name its internals; the contract's are written for API clients.
const BODY_PARSER_MESSAGES: Readonly<Record<string, string>> = {
  'entity.too.large': 'Request body too large',
  'entity.parse.failed': 'Request body is not valid JSON',
};

/**
 * The last middleware of every app: answers every error in the contract's shape. A
 * `CustomError` gives its own status and errors; a client error from Express or body-parser
 * keeps its 4xx; a database connection that failed mid-request is a 503 (try again);
 * anything else is a 500. The details of every 5xx go only to the log.
 */
export function createErrorHandler({
  logger = pino(),
}: ErrorHandlerOptions = {}): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a body of ours; Express's default handler closes the connection.
      next(err);
      return;
    }
    const { status, errors } = toErrorResponse(err);
    if (status >= 500) {
      logger.error({ err, method: req.method, path: req.path }, 'request failed');
    }
    res.status(status).json({ errors });
  };
}

let withDefaultLogger: ErrorRequestHandler | undefined;

/** `createErrorHandler()` with the default logger, created on first use so that importing the
 * package starts nothing. */
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  withDefaultLogger ??= createErrorHandler();
  withDefaultLogger(err, req, res, next);
};

function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof CustomError) {
    return { status: err.statusCode, errors: err.serializeErrors() };
  }
  if (isDatabaseUnreachable(err)) return DATABASE_UNREACHABLE;
  return fromClientError(err) ?? SOMETHING_WENT_WRONG;
}

/**
 * An http-errors style 4xx, as body-parser and Express's router throw. Its own message is
 * shown only when marked `expose`; otherwise the status's standard phrase stands in for it.
 */
function fromClientError(err: unknown): ErrorResponse | undefined {
  if (!(err instanceof Error)) return undefined;
  const { status, expose, type } = err as Error & Record<string, unknown>;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const message =
    (typeof type === 'string' ? BODY_PARSER_MESSAGES[type] : undefined) ??
    (expose === true ? err.message : (STATUS_CODES[status] ?? 'Bad Request'));
  return { status, errors: [{ message }] };
}
