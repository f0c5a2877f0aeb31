import { body, validationResult } from 'express-validator';

import {
  BadRequestError,
  ConflictError,
  CustomError,
  DatabaseConnectionError,
  NotAuthorizedError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  RequestValidationError,
  ServiceUnavailableError,
  TooManyRequestsError,
} from '..';

describe('errors', () => {
  test.each([
    ['a bad request', new BadRequestError('Email in use'), 400, [{ message: 'Email in use' }]],
    [
      'a bad request about a field',
      new BadRequestError('Email in use', 'email'),
      400,
      [{ message: 'Email in use', field: 'email' }],
    ],
    ['a missing resource', new NotFoundError(), 404, [{ message: 'Not Found' }]],
    ['a caller not signed in', new NotAuthorizedError(), 401, [{ message: 'Not authorized' }]],
    [
      'a declined card',
      new PaymentRequiredError('Your card was declined.'),
      402,
      [{ message: 'Your card was declined.' }],
    ],
    [
      'a change that kept losing to others',
      new ConflictError('Ticket was changed by another request; try again'),
      409,
      [{ message: 'Ticket was changed by another request; try again' }],
    ],
    ['a body too large', new PayloadTooLargeError(), 413, [{ message: 'Request body too large' }]],
    ['a rate-limited caller', new TooManyRequestsError(), 429, [{ message: 'Too many requests' }]],
    [
      'a dependency that cannot be reached',
      new ServiceUnavailableError('Payment provider unavailable, please try again'),
      503,
      [{ message: 'Payment provider unavailable, please try again' }],
    ],
  ])('%s has its status and serializes to the contract shape', (_name, error, status, errors) => {
    expect(error).toBeInstanceOf(CustomError);
    expect(error).toBeInstanceOf(Error);
    expect(error.statusCode).toBe(status);
    expect(error.serializeErrors()).toStrictEqual(errors);
  });

  test('a database connection error is a 500 that tells the client nothing of its cause', () => {
    const cause = new Error('connect ECONNREFUSED 10.0.0.7:27017');

    const error = new DatabaseConnectionError({ cause });

    expect(error.statusCode).toBe(500);
    expect(error.serializeErrors()).toStrictEqual([{ message: 'Something went wrong' }]);
    expect(error.cause).toBe(cause);
  });

  test('a service-unavailable error keeps its cause for the log and tells the client none of it', () => {
    const cause = new Error('connect ECONNREFUSED api.stripe.com:443');

    const error = new ServiceUnavailableError('Payment provider unavailable, please try again', {
      cause,
    });

    expect(error.cause).toBe(cause);
    expect(error.serializeErrors()).toStrictEqual([
      { message: 'Payment provider unavailable, please try again' },
    ]);
  });

  test('a validation error names each invalid field by its path', async () => {
    const req = { body: { email: 'not-an-email', address: { city: '' } } };
    await body('email').isEmail().withMessage('Email must be valid').run(req);
    await body('address.city').notEmpty().withMessage('City is required').run(req);

    const error = new RequestValidationError(validationResult(req).array());

    expect(error.statusCode).toBe(400);
    expect(error.serializeErrors()).toStrictEqual([
      { message: 'Email must be valid', field: 'email' },
      { message: 'City is required', field: 'address.city' },
    ]);
  });

  test('a validation error without a single field carries only its message', () => {
    const error = new RequestValidationError([
      { type: 'alternative', msg: 'Give an email or a phone number', nestedErrors: [] },
    ]);

    expect(error.serializeErrors()).toStrictEqual([{ message: 'Give an email or a phone number' }]);
  });
});
