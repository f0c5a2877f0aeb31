import { signUserJwt } from '@ticketing/common';

import { JWT_KEY } from './app';
import { newId } from './factories';

/** A `session=` cookie as auth sets it, for the user `userId` (a new one by default). */
export function signIn(userId: string = newId()): string {
  const jwt = signUserJwt({ id: userId, email: `${userId}@example.com` }, JWT_KEY, 900);
  return `session=${Buffer.from(JSON.stringify({ jwt })).toString('base64')}`;
}
