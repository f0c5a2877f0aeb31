import { signUserJwt, type UserPayload } from '@ticketing/common';
import mongoose from 'mongoose';

import { JWT_KEY } from './app';

/** A user as auth would have created one: an id and an email. */
export function newUser(overrides: Partial<UserPayload> = {}): Pick<UserPayload, 'id' | 'email'> {
  const id = overrides.id ?? new mongoose.Types.ObjectId().toHexString();
  return { id, email: overrides.email ?? `${id}@example.com` };
}

/** The `session=` cookie auth sets for the user: base64 JSON `{"jwt": "<token>"}`. */
export function sessionCookieFor(user: Pick<UserPayload, 'id' | 'email'> = newUser()): string {
  const session = { jwt: signUserJwt(user, JWT_KEY, 900) };
  return `session=${Buffer.from(JSON.stringify(session)).toString('base64')}`;
}
