import { mapLimit } from '../util/pool';
import type { Endpoint } from './endpoint';
import { Session } from './session';

export const BENCH_PASSWORD = 'bench-password-1';

// Sign-ups hash a password with scrypt: a few at a time keep auth from queueing them all.
const SIGNUP_CONCURRENCY = 6;

/** Signs in as user `index` of `role`, signing it up first if it is new. The e-mails are fixed,
 * so a second run against the same target reuses its users instead of signing up again. */
export async function userAt(endpoint: Endpoint, role: string, index: number): Promise<Session> {
  const session = new Session(endpoint, `bench-${role}-${index}@bench.test`, BENCH_PASSWORD);
  const credentials = { email: session.email, password: session.password };
  const signup = await session.post('/api/users/signup', credentials);
  if (signup.status === 201) return session;
  const signin = await session.post('/api/users/signin', credentials);
  if (signin.status === 200) return session;
  throw new Error(`cannot sign up or in ${session.email}: ${signup.status}, then ${signin.status}`);
}

export const usersFor = (endpoint: Endpoint, role: string, count: number): Promise<Session[]> =>
  mapLimit(
    Array.from({ length: count }, (_, index) => index),
    SIGNUP_CONCURRENCY,
    (index) => userAt(endpoint, role, index),
  );
