import { sign, verify } from 'jsonwebtoken';

/** What a session's JWT says about the signed-in user. */
export interface UserPayload {
  id: string;
  email: string;
  iat?: number;
  exp?: number;
}

// Pinned on both sides: verifying with a fixed list refuses `alg: none` and any algorithm
// swap, whatever the token's header claims.
const ALGORITHM = 'HS256';

/** A token for `user`, signed with `jwtKey`, expiring `expiresInSeconds` from now. */
export function signUserJwt(
  user: Pick<UserPayload, 'id' | 'email'>,
  jwtKey: string,
  expiresInSeconds: number,
): string {
  return sign({ id: user.id, email: user.email }, jwtKey, {
    algorithm: ALGORITHM,
    expiresIn: expiresInSeconds,
  });
}

/** The user named by `token`, or undefined for any token that is not one we signed and still valid. */
export function verifyUserJwt(token: string, jwtKey: string): UserPayload | undefined {
  let payload: unknown;
  try {
    payload = verify(token, jwtKey, { algorithms: [ALGORITHM] });
  } catch {
    return undefined;
  }
  return toUserPayload(payload);
}

function toUserPayload(payload: unknown): UserPayload | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { id, email, iat, exp } = payload as Record<string, unknown>;
  // jsonwebtoken checks `exp` only when it is present; a token without one would never expire.
  if (typeof id !== 'string' || typeof email !== 'string' || typeof exp !== 'number') {
    return undefined;
  }
  return typeof iat === 'number' ? { id, email, iat, exp } : { id, email, exp };
}
