import { CustomError, type SerializedError } from './custom-error';

/** 404: unknown resource or unknown route. */
export class NotFoundError extends CustomError {
  readonly statusCode = 404;

  constructor() {
    super('Not Found');
  }

  serializeErrors(): SerializedError[] {
    return [{ message: this.message }];
  }
}
