import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves once `condition` holds (checked every 20 ms); rejects naming `what` after
 * `timeoutMs`. A condition that throws ends the wait with its error. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(20);
  }
}
