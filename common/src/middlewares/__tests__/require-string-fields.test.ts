import express from 'express';
import { body } from 'express-validator';
import request from 'supertest';

import { errorHandler, jsonBody, requireStringFields, validateRequest } from '..';

function buildApp() {
  const reached: unknown[] = [];
  const app = express();
  app.use(jsonBody());
  app.post(
    '/api/users/signin',
    requireStringFields('email', 'password'),
    body('email').isEmail().withMessage('Email must be valid'),
    body('password').trim().notEmpty().withMessage('You must supply a password'),
    validateRequest,
    (req, res) => {
      reached.push(req.body);
      res.json({});
    },
  );
  app.use(errorHandler);
  return { app, reached };
}

describe('requireStringFields', () => {
  test.each([
    ['an operator object', { $gt: '' }],
    ['an array (which the validators would check item by item)', ['a@example.com']],
    ['a number', 42],
    ['null', null],
  ])('%s where a string is expected gives 400 naming the field', async (_name, email) => {
    const { app, reached } = buildApp();

    const response = await request(app)
      .post('/api/users/signin')
      .send({ email, password: 'long enough password' });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'email must be a string', field: 'email' }],
    });
    expect(reached).toHaveLength(0);
  });

  test('every non-string field is reported', async () => {
    const { app } = buildApp();

    const response = await request(app)
      .post('/api/users/signin')
      .send({ email: ['a@example.com'], password: { $ne: null } });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [
        { message: 'email must be a string', field: 'email' },
        { message: 'password must be a string', field: 'password' },
      ],
    });
  });

  test('an absent field is left to the validators and their messages', async () => {
    const { app } = buildApp();

    const response = await request(app)
      .post('/api/users/signin')
      .send({ password: 'long enough password' });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Email must be valid', field: 'email' }],
    });
  });

  test('string fields reach the handler', async () => {
    const { app, reached } = buildApp();

    const response = await request(app)
      .post('/api/users/signin')
      .send({ email: 'a@example.com', password: 'long enough password' });

    expect(response.status).toBe(200);
    expect(reached).toStrictEqual([{ email: 'a@example.com', password: 'long enough password' }]);
  });
});
