import type { Express } from 'express';
import request from 'supertest';

/**
 * Requests as the ingress forwards them: over HTTPS (X-Forwarded-Proto), so the Secure session
 * cookie is set, from the client address `clientIp` (X-Forwarded-For).
 */
export function viaIngress(app: Express, clientIp = '203.0.113.10') {
  const forwarded = (test: request.Test) =>
    test.set('X-Forwarded-Proto', 'https').set('X-Forwarded-For', clientIp);
  return {
    post: (path: string, body?: string | object, cookie?: string) => {
      const test = forwarded(request(app).post(path));
      if (cookie) test.set('Cookie', cookie);
      return body === undefined ? test : test.send(body);
    },
    get: (path: string, cookie?: string) => {
      const test = forwarded(request(app).get(path));
      return cookie ? test.set('Cookie', cookie) : test;
    },
  };
}
