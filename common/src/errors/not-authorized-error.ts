import { CustomError, type SerializedError } from './custom-error';

/** 401: not signed in, or signed in but not the owner of the resource. */
export class NotAuthorizedError extends CustomError {
  readonly statusCode = 401;

  constructor() {
    super('Not authorized');
  }

  serializeErrors(): SerializedError[] {
    return [{ message: this.message }];
  }
}
