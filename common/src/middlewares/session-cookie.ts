import cookieSession from 'cookie-session';
import type { Request, RequestHandler } from 'express';

export interface SessionCookieOptions {
  /** Send the cookie over HTTPS only. Default true; turn off only for plain-HTTP local development. */
  secure?: boolean;
}

/**
 * The `session` cookie of the API contract. It is unsigned because the JWT inside carries its
 * own signature, and its value stays plain base64 JSON that any service or the client can read.
 * A secure cookie is set only on requests Express sees as HTTPS: behind a TLS-terminating
 * proxy (the ingress) the app needs `app.set('trust proxy', true)`.
 */
export function sessionCookie({ secure = true }: SessionCookieOptions = {}): RequestHandler {
  return cookieSession({ name: 'session', signed: false, httpOnly: true, sameSite: 'lax', secure });
}

/** Starts the session: the response sets the cookie to `{"jwt": token}`. */
export function setSessionJwt(req: Request, token: string): void {
  req.session = { jwt: token };
}

/** Ends the session: the response expires the cookie. */
export function clearSession(req: Request): void {
  req.session = null;
}
