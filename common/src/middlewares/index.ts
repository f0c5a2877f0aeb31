export { currentUser } from './current-user';
export {
  createErrorHandler,
  errorHandler,
  type ErrorHandlerOptions,
  type ErrorLogger,
} from './error-handler';
export { jsonBody } from './json-body';
export { notFound } from './not-found';
export { type LimiterOptions, limitPerClient, type RateLimitOptions } from './rate-limit';
export { rejectOperatorKeys } from './reject-operator-keys';
export { requestLogger } from './request-logger';
export { requireAuth } from './require-auth';
export { requireStringFields } from './require-string-fields';
export {
  clearSession,
  sessionCookie,
  type SessionCookieOptions,
  setSessionJwt,
} from './session-cookie';
export { signUserJwt, type UserPayload, verifyUserJwt } from './user-jwt';
export { validateRequest } from './validate-request';
