// stripe-mock answers every confirmed PaymentIntent with the same fixture and never declines a
// card, so how each Stripe failure reaches the buyer is checked here with the SDK's own error
// classes (and, through the real route, in routes/__tests__/new-payment-failures.test.ts).
import { BadRequestError, PaymentRequiredError, ServiceUnavailableError } from '@ticketing/common';
import Stripe from 'stripe';

import { chargeErrorFrom, providerErrorFrom } from '../stripe-errors';

const { errors } = Stripe;

describe('chargeErrorFrom', () => {
  test('a declined card is a 402 carrying Stripe’s message for the card holder', () => {
    const declined = new errors.StripeCardError({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });

    const mapped = chargeErrorFrom(declined);

    expect(mapped).toBeInstanceOf(PaymentRequiredError);
    expect((mapped as PaymentRequiredError).statusCode).toBe(402);
    expect((mapped as PaymentRequiredError).serializeErrors()).toStrictEqual([
      { message: 'Your card has insufficient funds.' },
    ]);
  });

  test('an unknown PaymentMethod is a 400 on the token field', () => {
    const unknown = new errors.StripeInvalidRequestError({
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_method',
      message: "No such PaymentMethod: 'pm_gone'",
    });

    const mapped = chargeErrorFrom(unknown);

    expect(mapped).toBeInstanceOf(BadRequestError);
    expect((mapped as BadRequestError).serializeErrors()).toStrictEqual([
      { message: "No such PaymentMethod: 'pm_gone'", field: 'token' },
    ]);
  });

  test('a spent card token is a 400 on the token field', () => {
    const spent = new errors.StripeInvalidRequestError({
      type: 'invalid_request_error',
      code: 'token_already_used',
      param: 'card[token]',
      message: 'You cannot use a Stripe token more than once.',
    });

    expect(chargeErrorFrom(spent)).toBeInstanceOf(BadRequestError);
  });

  test('an invalid request about anything else is our fault and stays a 500', () => {
    const ours = new errors.StripeInvalidRequestError({
      type: 'invalid_request_error',
      param: 'amount',
      message: 'Amount must be at least $0.50 usd',
    });

    expect(chargeErrorFrom(ours)).toBe(ours);
  });

  test.each([
    ['a connection failure', new errors.StripeConnectionError({ message: 'ECONNREFUSED' })],
    ['an error on Stripe’s side', new errors.StripeAPIError({ message: 'Internal error' })],
    ['rate limiting', new errors.StripeRateLimitError({ message: 'Too many requests' })],
    [
      'a key still in use by a request in flight',
      new errors.StripeIdempotencyError({ message: 'idempotency_key_in_use' }),
    ],
  ])('%s is a 503 the buyer may retry, keeping Stripe’s error as the cause', (_case, error) => {
    const mapped = chargeErrorFrom(error);

    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect((mapped as ServiceUnavailableError).statusCode).toBe(503);
    expect((mapped as ServiceUnavailableError).serializeErrors()).toStrictEqual([
      { message: 'Payment provider unavailable, please try again' },
    ]);
    expect((mapped as ServiceUnavailableError).cause).toBe(error);
  });

  test('a bad API key is a fault of ours: a 500, not blamed on the buyer', () => {
    const badKey = new errors.StripeAuthenticationError({ message: 'Invalid API Key provided' });

    expect(chargeErrorFrom(badKey)).toBe(badKey);
  });
});

describe('providerErrorFrom', () => {
  test('leaves a card error alone: only failures to reach Stripe become 503', () => {
    const declined = new errors.StripeCardError({ type: 'card_error', message: 'Declined' });

    expect(providerErrorFrom(declined)).toBe(declined);
    expect(providerErrorFrom(new errors.StripeConnectionError({}))).toBeInstanceOf(
      ServiceUnavailableError,
    );
  });
});
