import { setTimeout as sleep } from 'node:timers/promises';

import type { PartProcess } from './part-process';

export class PartFailedError extends Error {
  constructor(
    readonly label: string,
    reason: string,
    readonly tail: string[],
  ) {
    super(`${label} ${reason}`);
    this.name = 'PartFailedError';
  }
}

const answers = async (url: string): Promise<boolean> => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
};

/** Resolves once the part answers `path` with 2xx; rejects if it exits first or takes longer
 * than `timeoutMs`, with its last output lines. */
export async function waitReady(part: PartProcess, path: string, timeoutMs: number): Promise<void> {
  let exit: string | undefined;
  void part.exited.then((how) => (exit = how));
  const url = `http://127.0.0.1:${part.port}${path}`;
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(url))) {
    if (exit)
      throw new PartFailedError(part.label, `exited (${exit}) before it was ready`, part.tail());
    if (Date.now() > deadline) {
      throw new PartFailedError(
        part.label,
        `did not answer ${path} within ${timeoutMs} ms`,
        part.tail(),
      );
    }
    await sleep(200);
  }
}
