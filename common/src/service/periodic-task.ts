import type { Logger } from 'pino';

export interface PeriodicTaskOptions<T> {
  /** One pass of the work. */
  run: () => Promise<T>;
  intervalMs: number;
  logger: Logger;
  /** Said in the warning when a pass fails, e.g. "could not forget old cancellations". */
  failure: string;
}

export interface PeriodicTask<T> {
  /** Runs a pass now, or joins the one in progress. */
  runOnce(): Promise<T>;
  /** Stops the timer and waits for the pass in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `run` once at start and then every `intervalMs`, never two passes at once. A failed
 * pass is logged as a warning and the next one tries again. The timer does not keep the
 * process alive; stop it in the service's shutdown before the database closes.
 */
export function startPeriodicTask<T>(options: PeriodicTaskOptions<T>): PeriodicTask<T> {
  const { run, intervalMs, logger, failure } = options;
  let running: Promise<T> | undefined;
  const runOnce = (): Promise<T> => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };
  const pass = () =>
    runOnce().catch((error: unknown) => logger.warn({ err: error }, `${failure}; will try again`));
  void pass();
  const timer = setInterval(() => void pass(), intervalMs);
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
