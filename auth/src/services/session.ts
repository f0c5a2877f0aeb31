import { setSessionJwt, signUserJwt } from '@ticketing/common';
import type { Request } from 'express';

import type { UserDoc } from '../models/user';

export interface SessionSettings {
  jwtKey: string;
  jwtTtlSeconds: number;
}

/** Signs `user` in: the response sets the session cookie holding a fresh JWT. */
export function startSession(req: Request, user: UserDoc, settings: SessionSettings): void {
  const token = signUserJwt(
    { id: user.id, email: user.email },
    settings.jwtKey,
    settings.jwtTtlSeconds,
  );
  setSessionJwt(req, token);
}
