import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until `accept` holds for what it returns (events take a moment to cross
 * services); returns that value, or throws with the last one after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    }
    await sleep(100);
  }
}
