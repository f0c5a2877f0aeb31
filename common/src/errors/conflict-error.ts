import { CustomError, type SerializedError } from './custom-error';

/** 409: the record kept changing under this request (every attempt lost to another change).
 * Nothing was written; sending the same request again is safe. */
export class ConflictError extends CustomError {
  readonly statusCode = 409;

  serializeErrors(): SerializedError[] {
    return [{ message: this.message }];
  }
}
