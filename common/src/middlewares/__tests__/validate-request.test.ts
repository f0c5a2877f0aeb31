import express from 'express';
import { body } from 'express-validator';
import request from 'supertest';

import { errorHandler, jsonBody, validateRequest } from '..';

function buildApp() {
  const app = express();
  app.use(jsonBody());
  app.post(
    '/api/users/signup',
    body('email').isEmail().withMessage('Email must be valid'),
    body('password')
      .trim()
      .notEmpty()
      .withMessage('Password is required')
      .isLength({ min: 8, max: 128 })
      .withMessage('Password must be between 8 and 128 characters'),
    body('address.city').optional().notEmpty().withMessage('City is required'),
    validateRequest,
    (_req, res) => {
      res.status(201).json({});
    },
  );
  app.use(errorHandler);
  return app;
}

describe('validateRequest', () => {
  test('an invalid field gives 400 with its message and field', async () => {
    const response = await request(buildApp())
      .post('/api/users/signup')
      .send({ email: 'not-an-email', password: 'long enough password' });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Email must be valid', field: 'email' }],
    });
  });

  test('every invalid field is reported, once each', async () => {
    const response = await request(buildApp())
      .post('/api/users/signup')
      .send({ email: 'nope', password: '   ' });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [
        { message: 'Email must be valid', field: 'email' },
        { message: 'Password is required', field: 'password' },
      ],
    });
  });

  test('a nested field is named by its path', async () => {
    const response = await request(buildApp())
      .post('/api/users/signup')
      .send({ email: 'a@example.com', password: 'long enough password', address: { city: '' } });

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'City is required', field: 'address.city' }],
    });
  });

  test('a valid request reaches the handler', async () => {
    const response = await request(buildApp())
      .post('/api/users/signup')
      .send({ email: 'a@example.com', password: 'long enough password' });

    expect(response.status).toBe(201);
  });
});
