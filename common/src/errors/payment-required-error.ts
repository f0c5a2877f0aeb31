import { CustomError, type SerializedError } from './custom-error';

/** 402: the card was declined; `message` is the processor's text, safe to show the buyer. */
export class PaymentRequiredError extends CustomError {
  readonly statusCode = 402;

  constructor(message: string) {
    super(message);
  }

  serializeErrors(): SerializedError[] {
    return [{ message: this.message }];
  }
}
