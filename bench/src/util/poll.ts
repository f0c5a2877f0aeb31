import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  intervalMs: number;
  timeoutMs: number;
}

/** Calls `probe` every `intervalMs` until `accept` holds for its value or `timeoutMs` passes;
 * resolves with the last value and whether it was accepted (a drill counts, it does not throw). */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { intervalMs, timeoutMs }: PollOptions,
): Promise<{ value: T; ok: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return { value, ok: true };
    if (Date.now() >= deadline) return { value, ok: false };
    await sleep(intervalMs);
  }
}
