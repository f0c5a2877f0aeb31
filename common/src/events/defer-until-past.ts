import { setTimeout as sleep } from 'node:timers/promises';

import { OutOfOrderError } from './out-of-order-error';

// An event this close to its deadline waits it out in the handler rather than for a
// redelivery, which comes an ack-wait (5 s) later.
const LONGEST_WAIT_IN_HANDLER_MS = 1_000;

/**
 * Resolves once this host's clock (`now`) has passed `deadline`: at once when it has, after a
 * sleep when the deadline is at most a second away; otherwise throws `OutOfOrderError`, so the
 * event comes back after the ack-wait. An event saying a deadline has passed comes from another
 * host, whose clock must never cut a hold short here. Passed means later: at the deadline's own
 * millisecond a payment may still start (`now <= expiresAt` is in time), so that one waits too.
 */
export async function deferUntilPast(
  deadline: Date,
  now: Date,
  details: Record<string, unknown> = {},
): Promise<void> {
  const earlyByMs = deadline.getTime() - now.getTime();
  if (earlyByMs < 0) return;
  if (earlyByMs < LONGEST_WAIT_IN_HANDLER_MS) {
    await sleep(earlyByMs + 1);
    return;
  }
  throw new OutOfOrderError("the deadline has not passed yet by this host's clock", {
    ...details,
    deadline: deadline.toISOString(),
    now: now.toISOString(),
  });
}
