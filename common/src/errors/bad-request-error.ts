import { CustomError, type SerializedError } from './custom-error';

/** 400: bad input or a business rule refused (`Email in use`, `Cannot edit a reserved ticket`). */
export class BadRequestError extends CustomError {
  readonly statusCode = 400;

  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  serializeErrors(): SerializedError[] {
    return [
      this.field === undefined
        ? { message: this.message }
        : { message: this.message, field: this.field },
    ];
  }
}
