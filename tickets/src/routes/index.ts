import { BadRequestError, NotAuthorizedError } from '@ticketing/common';
import { type Request, Router } from 'express';
import mongoose from 'mongoose';

import { Ticket } from '../models/ticket';

export const MAX_PAGE_SIZE = 100;
export const NEXT_CURSOR_HEADER = 'X-Next-Cursor';

interface Page {
  limit: number;
  /** The last id of the previous page: this page starts after it. */
  after?: mongoose.Types.ObjectId;
}

const POSITIVE_INTEGER = /^[1-9]\d*$/;
const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** `?limit=` (1–100, default 100) and `?cursor=` (an id from X-Next-Cursor), each given once. */
function readPage(query: Request['query']): Page {
  const { limit = String(MAX_PAGE_SIZE), cursor } = query;
  if (typeof limit !== 'string' || !POSITIVE_INTEGER.test(limit) || Number(limit) > MAX_PAGE_SIZE) {
    throw new BadRequestError(`Limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, 'limit');
  }
  if (cursor === undefined) return { limit: Number(limit) };
  if (typeof cursor !== 'string' || !OBJECT_ID.test(cursor)) {
    throw new BadRequestError('Cursor must be a value from the X-Next-Cursor header', 'cursor');
  }
  return { limit: Number(limit), after: new mongoose.Types.ObjectId(cursor) };
}

/**
 * Which tickets are listed: those for sale (not reserved) by default; with `?seller=me`, every
 * ticket of the signed-in caller, reserved and sold ones included (401 without a session).
 */
function readSelection(req: Request): Record<string, unknown> {
  const { seller } = req.query;
  if (seller === undefined) return { orderId: null };
  if (seller !== 'me') throw new BadRequestError('Seller must be "me"', 'seller');
  if (!req.currentUser) throw new NotAuthorizedError();
  return { userId: req.currentUser.id };
}

/**
 * GET /api/tickets: the tickets for sale, or the caller's own (`?seller=me`), newest first, a
 * page at a time. The body stays a plain array; when more tickets follow, X-Next-Cursor holds
 * the last id of this page, to be sent back as `?cursor=`.
 */
export function listTicketsRouter(): Router {
  const router = Router();
  router.get('/api/tickets', async (req, res) => {
    const selection = readSelection(req);
    const { limit, after } = readPage(req.query);
    // One more than asked for tells whether another page follows.
    const found = await Ticket.find({ ...selection, ...(after ? { _id: { $lt: after } } : {}) })
      .sort({ _id: -1 })
      .limit(limit + 1);
    const page = found.slice(0, limit);
    const last = page.at(-1);
    if (found.length > limit && last) res.set(NEXT_CURSOR_HEADER, last.id);
    res.json(page);
  });
  return router;
}
