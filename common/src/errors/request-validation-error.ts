import type { ValidationError } from 'express-validator';

import { CustomError, type SerializedError } from './custom-error';

/** 400 built from express-validator's errors; each field error carries its path as `field`. */
export class RequestValidationError extends CustomError {
  readonly statusCode = 400;

  constructor(readonly errors: readonly ValidationError[]) {
    super('Invalid request parameters');
  }

  serializeErrors(): SerializedError[] {
    return this.errors.flatMap(toSerializedErrors);
  }
}

function toSerializedErrors(error: ValidationError): SerializedError[] {
  const message = String(error.msg);
  switch (error.type) {
    case 'field':
      return [{ message, field: error.path }];
    case 'unknown_fields':
      return error.fields.map((unknown) => ({ message, field: unknown.path }));
    case 'alternative':
    case 'alternative_grouped':
      return [{ message }];
  }
}
