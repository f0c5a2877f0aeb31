import type { Express } from 'express';

import type { Credentials } from '../routes/credentials';
import { viaIngress } from './requests';

let counter = 0;

/** Valid sign-up details, each call with its own email unless one is given. */
export function credentials(overrides: Partial<Credentials> = {}): Credentials {
  counter += 1;
  return { email: `buyer${counter}@example.com`, password: 'correct horse battery', ...overrides };
}

/** Signs a new user up through the API and returns the response. */
export function signUp(app: Express, details: Credentials = credentials()) {
  return viaIngress(app).post('/api/users/signup', details);
}
