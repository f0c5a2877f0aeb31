import { CustomError, type SerializedError } from './custom-error';

/**
 * The database could not be reached. The contract keeps 500 and `Something went wrong` for
 * real faults, so the client learns nothing more; pass the driver's error as `cause` so the
 * log (the error handler logs every 5xx) says what happened.
 */
export class DatabaseConnectionError extends CustomError {
  readonly statusCode = 500;

  constructor(options?: ErrorOptions) {
    super('Error connecting to database', options);
  }

  serializeErrors(): SerializedError[] {
    return [{ message: 'Something went wrong' }];
  }
}
