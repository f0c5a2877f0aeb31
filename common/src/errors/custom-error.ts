/** One entry of the contract's error body: `{"errors": [{"message": "...", "field": "email"}]}`. */
export interface SerializedError {
  message: string;
  field?: string;
}

/**
 * Base of every error a service may throw on purpose. The error handler answers with
 * `statusCode` and `{errors: serializeErrors()}`; anything not derived from this is a 500.
 */
export abstract class CustomError extends Error {
  abstract readonly statusCode: number;

  abstract serializeErrors(): SerializedError[];
}
