import type { RequestHandler } from 'express';

import { NotFoundError } from '../errors';

/** Mounted after every route: whatever reaches it is an unknown route. */
export const notFound: RequestHandler = () => {
  throw new NotFoundError();
};
