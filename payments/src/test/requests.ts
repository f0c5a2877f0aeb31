import { signUserJwt } from '@ticketing/common';
import type { Express } from 'express';
import request from 'supertest';

import { JWT_KEY } from './app';

/** The `session` cookie of a signed-in user, as auth sets it. */
export function sessionFor(userId: string): string {
  const jwt = signUserJwt({ id: userId, email: `${userId}@example.com` }, JWT_KEY, 900);
  return `session=${Buffer.from(JSON.stringify({ jwt })).toString('base64')}`;
}

/** POST /api/payments as the ingress forwards it (over HTTPS), signed in as `userId` if given. */
export function postPayment(app: Express, body: unknown, userId?: string) {
  const test = request(app).post('/api/payments').set('X-Forwarded-Proto', 'https');
  if (userId) test.set('Cookie', sessionFor(userId));
  return test.send(body as object);
}
