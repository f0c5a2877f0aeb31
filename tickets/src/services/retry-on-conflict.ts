import { setTimeout as sleep } from 'node:timers/promises';

import { type Outbox, VersionConflictError } from '@ticketing/common';
import mongoose from 'mongoose';

import { Ticket, TICKETS } from '../models/ticket';

export const MAX_ATTEMPTS = 5;
/** How long the writer that took a version has to write it before it is presumed dead. */
export const WRITER_GRACE_MS = 1_000;
const POLL_MS = 10;

/**
 * Runs `decide` (read the ticket, decide, commit) until it commits without a version conflict,
 * at most MAX_ATTEMPTS times; the last conflict is rethrown. Between attempts the ticket is
 * brought up to the version that was taken, so the next read sees it.
 */
export async function retryOnConflict<T>(
  outbox: Outbox,
  ticketId: string,
  decide: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await decide();
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      await catchUp(outbox, new mongoose.Types.ObjectId(ticketId), error.version);
      // Writers that lost together would otherwise collide again on the next version.
      await sleep(Math.random() * 10 * attempt);
    }
  }
}

/**
 * Waits until the ticket reaches `version`. The writer that claimed it is almost always alive
 * and about to write it; only when it does not within WRITER_GRACE_MS is its change taken over
 * with `outbox.settle`. Settling at once would publish a live writer's events a second time.
 */
async function catchUp(outbox: Outbox, id: mongoose.Types.ObjectId, version: number) {
  for (let waited = 0; waited < WRITER_GRACE_MS; waited += POLL_MS) {
    const ticket = await Ticket.findById(id, { version: 1 }).lean();
    if (!ticket || ticket.version >= version) return;
    await sleep(POLL_MS);
  }
  await outbox.settle(TICKETS, id);
}
