import { CustomError, type SerializedError } from './custom-error';

/** 429: the caller is rate limited (e.g. repeated failed sign-ins). */
export class TooManyRequestsError extends CustomError {
  readonly statusCode = 429;

  constructor(message = 'Too many requests') {
    super(message);
  }

  serializeErrors(): SerializedError[] {
    return [{ message: this.message }];
  }
}
