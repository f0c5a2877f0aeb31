import { type UserPayload, verifyUserJwt } from '@ticketing/common';
import type { Response } from 'supertest';

import { JWT_KEY } from './app';

/** The `session=...` pair from a response's Set-Cookie, ready for a Cookie header. */
export function sessionCookieOf(response: Response): string {
  const header = response.get('Set-Cookie')?.find((cookie) => cookie.startsWith('session='));
  if (!header) throw new Error('the response sets no session cookie');
  return header.split(';')[0] ?? '';
}

/** The cookie's value decoded as the contract says: base64 JSON `{"jwt": "<token>"}`. */
export function sessionOf(cookie: string): unknown {
  const value = cookie.replace(/^session=/, '');
  return JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
}

/** A `session=` cookie holding `session`, encoded as cookie-session does. */
export function cookieHolding(session: unknown): string {
  return `session=${Buffer.from(JSON.stringify(session)).toString('base64')}`;
}

/** The user in the cookie's JWT, verified with the test key. */
export function userInCookie(cookie: string): UserPayload | undefined {
  const { jwt } = sessionOf(cookie) as { jwt: string };
  return verifyUserJwt(jwt, JWT_KEY);
}
