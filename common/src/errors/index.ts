export { BadRequestError } from './bad-request-error';
export { CustomError, type SerializedError } from './custom-error';
export { DatabaseConnectionError } from './database-connection-error';
export { NotAuthorizedError } from './not-authorized-error';
export { NotFoundError } from './not-found-error';
export { PayloadTooLargeError } from './payload-too-large-error';
export { PaymentRequiredError } from './payment-required-error';
export { RequestValidationError } from './request-validation-error';
export { TooManyRequestsError } from './too-many-requests-error';
