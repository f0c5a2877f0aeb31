import { CustomError, type SerializedError } from './custom-error';

/** 503: a dependency (the payment provider, ...) cannot be reached; the request may be retried
 * later. The message is for the user; the cause goes to the log. */
export class ServiceUnavailableError extends CustomError {
  readonly statusCode = 503;

  serializeErrors(): SerializedError[] {
    return [{ message: this.message }];
  }
}
