import { CustomError, type SerializedError } from '@ticketing/common';

/** 409: the ticket kept changing under this request (other edits or a reservation won every
 * attempt). Nothing was written; the same request may simply be sent again. */
export class ConcurrentChangeError extends CustomError {
  readonly statusCode = 409;

  constructor() {
    super('Ticket was changed by another request');
  }

  serializeErrors(): SerializedError[] {
    return [{ message: 'Ticket was changed by another request; try again' }];
  }
}
