import express from 'express';
import { mongo } from 'mongoose';
import pino from 'pino';
import request from 'supertest';

import {
  BadRequestError,
  type CustomError,
  DatabaseConnectionError,
  NotAuthorizedError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  TooManyRequestsError,
} from '../../errors';
import { createErrorHandler, jsonBody } from '..';

/** A real pino logger whose lines are kept for the test to read. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({}, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

function buildAppThrowing(error: unknown) {
  const { logger, lines } = capturingLogger();
  const app = express();
  app.use(jsonBody());
  app.post('/boom', () => {
    throw error;
  });
  app.post('/async-boom', async () => {
    await Promise.resolve();
    throw error;
  });
  app.get('/tickets/:id', (_req, res) => {
    res.json({});
  });
  app.use(createErrorHandler({ logger }));
  return { app, lines };
}

describe('errorHandler', () => {
  test.each<[string, CustomError, number, object]>([
    ['bad request', new BadRequestError('Email in use'), 400, { message: 'Email in use' }],
    [
      'bad request on a field',
      new BadRequestError('Email in use', 'email'),
      400,
      { message: 'Email in use', field: 'email' },
    ],
    ['not authorized', new NotAuthorizedError(), 401, { message: 'Not authorized' }],
    [
      'payment required',
      new PaymentRequiredError('Your card was declined.'),
      402,
      { message: 'Your card was declined.' },
    ],
    ['not found', new NotFoundError(), 404, { message: 'Not Found' }],
    ['payload too large', new PayloadTooLargeError(), 413, { message: 'Request body too large' }],
    ['too many requests', new TooManyRequestsError(), 429, { message: 'Too many requests' }],
  ])(
    'a thrown %s error answers with its status and exact body',
    async (_name, error, status, item) => {
      const { app, lines } = buildAppThrowing(error);

      const response = await request(app).post('/boom');

      expect(response.status).toBe(status);
      expect(response.type).toBe('application/json');
      expect(response.text).toBe(JSON.stringify({ errors: [item] }));
      expect(lines).toHaveLength(0);
    },
  );

  test('an unknown error is a 500 with no details, and is logged', async () => {
    const { app, lines } = buildAppThrowing(new Error('secret connection string leaked'));

    const response = await request(app).post('/boom');

    expect(response.status).toBe(500);
    expect(response.text).toBe('{"errors":[{"message":"Something went wrong"}]}');
    expect(response.text).not.toMatch(/secret|stack|\bat\b/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'request failed',
      method: 'POST',
      path: '/boom',
      err: { message: 'secret connection string leaked', stack: expect.any(String) },
    });
  });

  test('a rejected async handler is answered like a thrown error', async () => {
    const { app } = buildAppThrowing(new TypeError('x is undefined'));

    const response = await request(app).post('/async-boom');

    expect(response.status).toBe(500);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Something went wrong' }] });
  });

  test('a thrown non-error value is still a 500 in the contract shape', async () => {
    const { app, lines } = buildAppThrowing('just a string');

    const response = await request(app).post('/boom');

    expect(response.status).toBe(500);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Something went wrong' }] });
    expect(lines).toHaveLength(1);
  });

  test('a database connection error is a logged 500 that hides its cause', async () => {
    const cause = new Error('connect ECONNREFUSED 10.0.0.7:27017');
    const { app, lines } = buildAppThrowing(new DatabaseConnectionError({ cause }));

    const response = await request(app).post('/boom');

    expect(response.status).toBe(500);
    expect(response.text).toBe('{"errors":[{"message":"Something went wrong"}]}');
    expect(JSON.stringify(lines[0])).toContain('ECONNREFUSED');
  });

  test.each([
    ['reset', new mongo.MongoNetworkError('read ECONNRESET')],
    ['timed out', new mongo.MongoNetworkTimeoutError('connection timed out')],
  ])(
    'a database connection %s mid-request is a logged 503 that says to try again',
    async (_, error) => {
      const { app, lines } = buildAppThrowing(error);

      const response = await request(app).post('/boom');

      expect(response.status).toBe(503);
      expect(response.body).toStrictEqual({
        errors: [{ message: 'Service temporarily unavailable, please try again' }],
      });
      expect(JSON.stringify(lines[0])).toContain(error.message);
    },
  );

  test('a client error from body-parser keeps its 4xx status', async () => {
    const { app, lines } = buildAppThrowing(new Error('unused'));

    const response = await request(app)
      .post('/boom')
      .set('Content-Type', 'application/json; charset=koi8-r')
      .send('{}');

    expect(response.status).toBe(415);
    expect(response.body).toStrictEqual({ errors: [{ message: 'unsupported charset "KOI8-R"' }] });
    expect(lines).toHaveLength(0);
  });

  test('a malformed URL parameter is a 400, not a fault, and does not echo the input', async () => {
    const { app, lines } = buildAppThrowing(new Error('unused'));

    const response = await request(app).get('/tickets/%E0%A4%A');

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Bad Request' }] });
    expect(lines).toHaveLength(0);
  });
});
