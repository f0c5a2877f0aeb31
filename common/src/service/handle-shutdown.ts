import type { Logger } from 'pino';

import { flushTraces } from '../tracing/start-tracing';

/** One thing to close on the way out: the HTTP server, the event bus, the database. */
export interface ShutdownStep {
  name: string;
  close(): unknown;
}

export interface ShutdownOptions {
  logger: Logger;
  /** Run one after another, in this order: stop taking work first, close stores last. */
  steps: readonly ShutdownStep[];
  /** How long the steps may take in all before the process exits anyway (default 10000). */
  timeoutMs?: number;
  /** Ends the process (default `process.exit`); tests pass their own. */
  exit?: (code: number) => void;
  /** Where signals and fatal errors are heard (default `process`); tests pass their own. */
  events?: NodeJS.EventEmitter;
}

export interface ShutdownHandle {
  /** Runs the steps (once, however often it is called), then exits with `code` or 1. */
  shutdown(reason: string, code?: number): Promise<void>;
  /** Stops listening for signals and fatal errors. */
  dispose(): void;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const FLUSH_TIMEOUT_MS = 2_000;
const FATAL_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * On SIGTERM or SIGINT, closes everything in `steps` once and exits 0 (1 if a step failed or
 * the timeout passed). An uncaught exception or unhandled rejection is logged and ends the
 * process the same way with 1: after one the process state is unknown, so Kubernetes should
 * start a fresh one rather than have it carry on.
 */
export function handleShutdown(options: ShutdownOptions): ShutdownHandle {
  const { logger, steps, timeoutMs = 10_000, events = process } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | undefined;

  const shutdown = (reason: string, code = 0): Promise<void> => {
    if (running) {
      logger.warn({ reason }, 'already shutting down');
      return running;
    }
    logger.info({ reason }, 'shutting down');
    running = closeWithin(steps, timeoutMs, logger).then((clean) => exit(clean ? code : 1));
    return running;
  };

  const onSignal = (signal: string) => () => void shutdown(signal);
  const onFatal = (event: string) => (error: unknown) => {
    logger.fatal({ err: error, event }, 'fatal error');
    void shutdown(event, 1);
  };
  const listeners = [
    ...SIGNALS.map((name) => [name, onSignal(name)] as const),
    ...FATAL_EVENTS.map((name) => [name, onFatal(name)] as const),
  ];
  for (const [name, listener] of listeners) events.on(name, listener);

  return {
    shutdown,
    dispose: () => {
      for (const [name, listener] of listeners) events.off(name, listener);
    },
  };
}

/** True when every step closed in time without an error. */
async function closeWithin(
  steps: readonly ShutdownStep[],
  timeoutMs: number,
  logger: Logger,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      resolve(false);
    }, timeoutMs);
  });
  try {
    return await Promise.race([closeInOrder(steps, logger), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function closeInOrder(steps: readonly ShutdownStep[], logger: Logger): Promise<boolean> {
  let clean = true;
  for (const step of steps) {
    try {
      await step.close();
      logger.info({ step: step.name }, 'closed');
    } catch (error) {
      clean = false;
      logger.error({ err: error, step: step.name }, 'could not close');
    }
  }
  // Last, so that the steps' own spans go too; a collector that is away costs no clean exit
  // and at most a moment of the shutdown's time.
  let timer: NodeJS.Timeout | undefined;
  const flushed = await Promise.race([
    flushTraces().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), FLUSH_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (!flushed) logger.warn('could not send the last traces');
  return clean;
}
