import { CustomError, type SerializedError } from './custom-error';

/** 413: the request body is over the size limit. */
export class PayloadTooLargeError extends CustomError {
  readonly statusCode = 413;

  constructor(message = 'Request body too large') {
    super(message);
  }

  serializeErrors(): SerializedError[] {
    return [{ message: this.message }];
  }
}
