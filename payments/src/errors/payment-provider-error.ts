import { CustomError, type SerializedError } from '@ticketing/common';

/** 503: Stripe could not be reached or failed on its side. Nothing was charged twice (every
 * charge carries an idempotency key), so the buyer may simply try again. The error handler
 * logs it with Stripe's error as `cause`. */
export class PaymentProviderError extends CustomError {
  readonly statusCode = 503;

  constructor(cause: unknown) {
    super('Payment provider unavailable, please try again', { cause });
  }

  serializeErrors(): SerializedError[] {
    return [{ message: this.message }];
  }
}
